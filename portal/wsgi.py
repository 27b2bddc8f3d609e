"""WSGI entry point for gunicorn: `gunicorn portal.wsgi`. Reads the checkout's .env first (portal/dotenv.py)."""
import os

from portal import dotenv

dotenv.load()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after the environment is complete

application = get_wsgi_application()
