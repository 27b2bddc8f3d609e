"""Settings of the GCN Portal, read from the environment (see .env.example for every variable).

Defaults serve a developer's `make run`: SQLite, local files, console e-mail, local-memory cache.
Production switches on PostgreSQL, S3, Redis and SMTP by setting their variables; nothing exists
only in production.
"""
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", None)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - DEBUG only
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # Before "portal": portal/admin.py replaces django_tasks_db's admin of the queue.
    "django_tasks",
    "django_tasks_db",
    "portal",
    "portal.notifications",
    "portal.documents",
    "members",
    "campaigns",
    "meetings",
    "resources",
    "studio",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    # Before anything that reads input: a NUL byte would reach PostgreSQL and raise (a 500).
    "portal.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the two below: both tell the user why they were sent elsewhere with a message.
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.SessionTimeoutMiddleware",
    "portal.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "portal.notifications.context_processors.notifications",
                # After Django's own csrf processor, which RequestContext always runs first: overrides it.
                "portal.context_processors.csrf",
            ],
            # `{% load i18n %}` everywhere: Django's tags, fixed strings translated once per process.
            "libraries": {"i18n": "portal.templatetags.fast_i18n"},
            # `{% url %}` everywhere, links reversed once per process for their shape (its docstring).
            "builtins": ["portal.templatetags.fast_url"],
        },
    },
]

# Database -----------------------------------------------------------------------------------
# psycopg 3 with Django's own connection pool in production (see README).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
# Lets several test runs share one server (make pytest gives each its own test database).
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", None)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Production uses Django's psycopg 3 pool; each gunicorn worker keeps a few open connections.
    if env_bool("DATABASE_POOL", not DEBUG):
        DATABASES["default"]["OPTIONS"] = {
            "pool": {"min_size": 2, "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10, minimum=1)}
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60, minimum=0)
    # The pages' compiled queries (portal.compiled) are prepared on a connection after five runs, so
    # PostgreSQL plans them once (Django turns preparing off, and binds all its own queries on the
    # client, which never prepares). Off for a PgBouncer in transaction mode that cannot keep them.
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` serves pages and runs the job worker on one SQLite file: readers must not wait for
    # a writer (WAL), and a writer waits for the other rather than failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Re-check a kept connection before use, so the first request after a database restart succeeds.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Choice fields iterate their querysets; server-side cursors would turn each into three round
# trips (DECLARE, FETCH, CLOSE) and do not survive a transaction-pooling PgBouncer.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, sessions and rate limits ------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",  # Django's, one Redis client per pool (portal/cache.py)
            "LOCATION": REDIS_URL,
            # Several portals (or test runs) can share one Redis with different prefixes.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "gcn"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Accounts -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "members.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "landing"
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7, minimum=1)

ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# No "unknown account, sign up here" e-mail: sign-up is closed, and the reset page already
# answers the same way whether or not the address has an account.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[GCN] "
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, kept explicit: they live in the shared cache (Redis in production).
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_ADAPTER = "members.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "GCN Portal"
# TOTP secrets and recovery-code seeds are stored encrypted with this Fernet key (portal/crypto.py).
# Losing it means every authenticator must be set up again; generate one with
# `python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`.
MFA_ENCRYPTION_KEY = env_str("MFA_ENCRYPTION_KEY", None)
if not MFA_ENCRYPTION_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("MFA_ENCRYPTION_KEY must be set when DEBUG is off.")
    MFA_ENCRYPTION_KEY = "ZGV2ZWxvcG1lbnQtb25seS1tZmEta2V5LWRlYnVnISE="  # noqa: S105 - DEBUG only
try:
    Fernet(MFA_ENCRYPTION_KEY)
except ValueError:
    raise ImproperlyConfigured("MFA_ENCRYPTION_KEY is not a Fernet key (32 url-safe base64-encoded bytes).") from None
# After a key change, the former keys (comma-separated, newest first): secrets written under them
# are still read, and new ones are written under MFA_ENCRYPTION_KEY.
MFA_PREVIOUS_ENCRYPTION_KEYS = env_list("MFA_PREVIOUS_ENCRYPTION_KEYS", [])
for _previous_key in MFA_PREVIOUS_ENCRYPTION_KEYS:
    try:
        Fernet(_previous_key)
    except ValueError:
        raise ImproperlyConfigured("MFA_PREVIOUS_ENCRYPTION_KEYS holds a value that is not a Fernet key.") from None

SOCIALACCOUNT_ADAPTER = "members.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_PROVIDERS = {}
if env_str("OIDC_CLIENT_ID", ""):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": env_str("OIDC_PROVIDER_ID", "sso"),
                "name": env_str("OIDC_NAME", "UAE PASS"),
                "client_id": env_str("OIDC_CLIENT_ID"),
                "secret": env_str("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": env_str("OIDC_SERVER_URL")},
            }
        ],
        "EMAIL_AUTHENTICATION": True,
        "VERIFIED_EMAIL": False,
    }

# Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Dubai")
FORMAT_MODULE_PATH = ["portal.formats"]

# Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/ibm-plex-sans-arabic", BASE_DIR / "node_modules" / "@fontsource" / "ibm-plex-sans-arabic" / "files"),
]
# Uploaded files are never served from a public URL: every byte goes through portal.files.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/protected-media-not-served/"

STORAGES = {
    # Writes each file under a hidden temporary name and renames it: a worker killed mid-write
    # leaves no partial file under a real name (portal/documents/storage.py).
    "default": {"BACKEND": "portal.documents.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "portal.staticfiles.StaticFilesStorage"  # WhiteNoise's, its URLs memoized per process
    },
}
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", None),
            "region_name": env_str("AWS_S3_REGION_NAME", None),
            "access_key": env_str("AWS_ACCESS_KEY_ID", None),
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY", None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 300, minimum=30),
            "file_overwrite": False,
            # Spool uploads larger than this to disk rather than RAM.
            "max_memory_size": 10 * 1024 * 1024,
        },
    }
# When set (e.g. "/_protected/"), local downloads are handed to nginx by X-Accel-Redirect.
PROTECTED_FILES_X_ACCEL_PREFIX = env_str("PROTECTED_FILES_X_ACCEL_PREFIX", "")
# Uploads above this go to a temporary file on disk, not the worker's memory (documents reach 100 MB).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Documents (portal.documents): the largest file accepted, in MB.
DOCUMENT_MAX_UPLOAD_MB = env_int("DOCUMENT_MAX_UPLOAD_MB", 100, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Al Multaqa: a published case its entity edits goes back to the secretariat's review (off: the
# change is published at once).
CAMPAIGNS_REVIEW_UPDATES = env_bool("CAMPAIGNS_REVIEW_UPDATES", True)

# E-mail ----------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "GCN Portal <no-reply@gcn.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background tasks (portal/tasks.py): Django's task API on the database backend, so jobs are rows
# written in the same transaction as the change that asks for them, and a restart loses nothing.
# `manage.py db_worker` runs them (`make run` starts one).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    },
}

# Security ---------------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Logging: to the console, where gunicorn and systemd collect it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# members.User.email is unique case-insensitively (constraint user_unique_email_ci), which this
# check cannot see; the authentication backends look e-mails up with iexact.
# templates.W003 ("'i18n' is used for multiple template tag modules") is the point of
# portal.templatetags.fast_i18n, which takes the name of Django's i18n library in TEMPLATES; a test
# (tests/portal/test_fast_i18n.py) fails if any other library name is ever used twice.
# models.W040 ("SQLite does not support indexes with non-key columns"): the showcase's covering
# index (campaigns migration 0005) is a PostgreSQL speed-up; on SQLite (`make run`) it is the same
# index without the extra columns, which answers the same queries.
SILENCED_SYSTEM_CHECKS = ["auth.W004", "templates.W003", "models.W040"]
