"""Write the checkout's local `.env` on first `make run`: generated secrets, served over plain http.

    python scripts/local_env.py [--path .env]

Never overwrites an existing file: it says which file it uses, and warns when a key the portal
needs with DEBUG off is missing or empty there. Standard library only (runs before Django).
"""
import argparse
import base64
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import dotenv  # noqa: E402 - needs the checkout on sys.path

REQUIRED = ("SECRET_KEY", "MFA_ENCRYPTION_KEY")

TEMPLATE = """\
# This machine's local settings, written once by `make run` (scripts/local_env.py). Not in git.
# manage.py and gunicorn read it; a variable set in the real environment wins over this file.
# Delete this file to have `make run` write a fresh one (new secrets: sessions and TOTP devices
# stored with the old keys stop working).

SECRET_KEY={secret_key}
# Encrypts the TOTP secrets stored in the database (a Fernet key).
MFA_ENCRYPTION_KEY={mfa_key}

# The portal as its users see it (`make dev` sets DEBUG=true for itself).
DEBUG=false
ALLOWED_HOSTS=127.0.0.1,localhost

# Plain http on this machine only: no HTTPS redirect, cookies sent over http, no HSTS (a browser
# would remember HSTS for 127.0.0.1 and refuse http there afterwards). CSRF_TRUSTED_ORIGINS is not
# needed: over http Django accepts a form whose Origin is the host it was served from, on any port.
SECURE_SSL_REDIRECT=false
SESSION_COOKIE_SECURE=false
CSRF_COOKIE_SECURE=false
SECURE_HSTS_SECONDS=0
"""


def render():
    return TEMPLATE.format(
        secret_key=secrets.token_urlsafe(50),
        mfa_key=base64.urlsafe_b64encode(os.urandom(32)).decode("ascii"),
    )


def write_new(path):
    """Create the file with owner-only permissions; False when it exists already (left untouched)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(render())
    return True


def missing_keys(path):
    values = dotenv.parse(Path(path).read_text(encoding="utf-8"), path)
    return [name for name in REQUIRED if not values.get(name, "").strip() and not os.environ.get(name, "").strip()]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=str(ROOT / ".env"))
    path = parser.parse_args(argv).path
    if write_new(path):
        print(f"Wrote {path} with new local secrets (not in git).")
        return 0
    print(f"Using the existing {path} (left unchanged).")
    for name in missing_keys(path):
        print(
            f"WARNING: {name} is missing or empty in {path}; the portal will not start with DEBUG off. "
            f"Add it, or delete {path} to have a fresh one written.",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
