# The two commands: `make run` (serve the portal with demo data, as its users will see it) and
# `make test` (the whole suite on PostgreSQL and real Chromium). Both install what they need first.
# `make dev` is `make run` with DEBUG on and auto-reload.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
# `make run PORT=8001` (or PORT=8001 in the environment) to serve on another port.
PORT ?= 8000

# Tests run against real PostgreSQL and Redis, as in production. ENV_FILE= (empty): manage.py and
# gunicorn read no .env, so a developer's local settings never change what the tests see.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gcn_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
TEST_ENV := ENV_FILE= DEBUG=false SECRET_KEY=test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) ALLOWED_HOSTS=testserver,localhost,127.0.0.1 \
	SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 \
	DATABASE_POOL=false DJANGO_ALLOW_ASYNC_UNSAFE=true MFA_ENCRYPTION_KEY=4uewxYO_B-a4nhmTp_wY9pcHFaXVs0-kLSAC4Wi5Rnw=
# Production-like variables for `check --deploy`.
DEPLOY_ENV := ENV_FILE= DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	MFA_ENCRYPTION_KEY=$$($(PY) -c 'import base64, secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())') \
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) ALLOWED_HOSTS=portal.gcn.example

.PHONY: run dev local-env test pytest bench profile static install install-dev assets messages browser services check-deploy screenshots clean

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

# The local .env (written once by scripts/local_env.py, read by manage.py and gunicorn) holds this
# machine's secrets, so `make run`, `make dev` and `python manage.py ...` share one database whose
# TOTP secrets stay readable (they are encrypted with MFA_ENCRYPTION_KEY).
local-env:
	@mkdir -p var
	@$(PY) scripts/local_env.py

# As the portal's users will see it: DEBUG off, gunicorn, static files from WhiteNoise, the portal's
# own translated error pages, and the background job worker and schedule (Procfile, run by honcho).
# Defaults stay embedded: SQLite, local files, no Redis.
# gunicorn runs ONE worker process with a few threads: without REDIS_URL the cache is each process's
# own memory, and it holds the login rate limits (allauth) and other counts shared between requests;
# several worker processes would each keep their own, multiplying the limits and hiding from one
# request what another stored. (Sessions are in the database either way.)
run: install messages local-env
	DEBUG=false $(MANAGE) collectstatic --noinput -v 0
	DEBUG=false $(MANAGE) migrate --noinput -v 0
	DEBUG=false $(MANAGE) seed_demo --once --force
	@echo "Serving http://127.0.0.1:$(PORT)/ (DEBUG off) with its job worker and schedule. Ctrl-C stops them."
	DEBUG=false PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start -f Procfile -p $(PORT)

# For working on the code: runserver and the worker with DEBUG on and auto-reload, on the same data as `make run`.
dev: install messages local-env
	DEBUG=true $(MANAGE) migrate --noinput -v 0
	DEBUG=true $(MANAGE) seed_demo --once
	DEBUG=true PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start -f Procfile.dev -p $(PORT)

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
	$(TEST_ENV) $(PY) scripts/bench_search.py
	$(TEST_ENV) $(PY) scripts/bench_documents.py

# Where the time of each members page goes, on the data `make bench` leaves: make profile ARGS="person"
profile: install-dev messages services
	$(TEST_ENV) $(PY) scripts/profile_pages.py $(ARGS)

screenshots: install-dev messages browser services
	$(TEST_ENV) $(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) node_modules staticfiles var
