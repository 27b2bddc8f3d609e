# The two commands: `make run` (serve the portal with demo data) and `make test` (the whole suite
# on PostgreSQL and real Chromium). Both install what they need first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py

# Tests run against real PostgreSQL and Redis, as in production.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gcn_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
TEST_ENV := DEBUG=false SECRET_KEY=test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) ALLOWED_HOSTS=testserver,localhost,127.0.0.1 \
	SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 \
	DATABASE_POOL=false DJANGO_ALLOW_ASYNC_UNSAFE=true MFA_ENCRYPTION_KEY=4uewxYO_B-a4nhmTp_wY9pcHFaXVs0-kLSAC4Wi5Rnw=
# Production-like variables for `check --deploy`.
DEPLOY_ENV := DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	MFA_ENCRYPTION_KEY=$$($(PY) -c 'import base64, secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())') \
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) ALLOWED_HOSTS=portal.gcn.example

.PHONY: run test pytest bench static install install-dev assets messages browser services check-deploy screenshots clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
install-dev: $(VENV)/.installed-dev node_modules/.installed

messages: $(VENV)/.installed
	DEBUG=true $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

run: install messages
	mkdir -p var
	DEBUG=$${DEBUG:-true} $(MANAGE) migrate --noinput
	DEBUG=$${DEBUG:-true} $(MANAGE) seed_demo --once
	DEBUG=$${DEBUG:-true} $(MANAGE) runserver 127.0.0.1:8000

# Debian's Chromium drives the browser tests (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null || { \
		echo "Installing Chromium from Debian for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v chromium >/dev/null || { echo "ERROR: chromium is not installed and could not be installed."; exit 1; }

services: $(VENV)/.installed-dev
	@$(PY) scripts/check_services.py "$(TEST_DATABASE_URL)" "$(TEST_REDIS_URL)"

static: install
	$(DEPLOY_ENV) $(MANAGE) collectstatic --noinput -v 0

check-deploy: install messages static
	$(DEPLOY_ENV) $(MANAGE) check --deploy --fail-level WARNING

test: install-dev messages browser services check-deploy
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	$(TEST_ENV) $(VENV)/bin/pytest

# A quick run of some tests while working: make pytest ARGS="tests/members -k invitation"
pytest: install-dev messages
	run=$$$$; $(TEST_ENV) TEST_DATABASE_NAME=test_gcn_$$run CACHE_KEY_PREFIX=test$$run $(VENV)/bin/pytest $(ARGS)

bench: install-dev messages services static
	$(TEST_ENV) $(PY) scripts/bench.py

screenshots: install-dev messages browser services
	$(TEST_ENV) $(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) node_modules staticfiles var
