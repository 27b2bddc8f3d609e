"""Take the README's screenshots: landing, home and directory pages in Arabic and English, on a desktop
and on a phone.

Runs the portal with its demo data on a database of its own (SCREENSHOT_DATABASE_URL, created if
missing) on port 8765 (SCREENSHOT_PORT), signs in as the demo director in Debian's Chromium and
writes PNGs to docs/screenshots/. Run it with `make screenshots`.

`python scripts/screenshots.py --review DIR` instead shoots every main page in both languages at
1280 px and 390 px into DIR (not committed): the pictures to look at before calling a design done.
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from playwright.sync_api import sync_playwright
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
# The demo accounts' e-mail and password come from the project itself.
sys.path.insert(0, str(BASE_DIR))
from members.demo_data import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser.conftest import CHROMIUM_ARGS  # one list of Chromium flags for tests and pictures

OUTPUT_DIR = BASE_DIR / "docs" / "screenshots"
DATABASE_URL = os.environ.get("SCREENSHOT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gcn_screenshots")
HOST, PORT = "127.0.0.1", int(os.environ.get("SCREENSHOT_PORT", "8765"))
ADDRESS = f"{HOST}:{PORT}"
BASE_URL = f"http://{ADDRESS}"
DIRECTOR_EMAIL = next(email for email, role, *_ in DEMO_ACCOUNTS if role == "director")
VIEWPORT = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The README's pictures: (file, path, viewport, signed in as the demo director). Phone pictures show
# the first screen only; desktop ones the whole page.
README_SHOTS = [
    ("landing-ar.png", "/ar/", VIEWPORT, False),
    ("landing-en.png", "/en/", VIEWPORT, False),
    ("home-ar.png", "/ar/home/", VIEWPORT, True),
    ("home-en.png", "/en/home/", VIEWPORT, True),
    ("directory-ar.png", "/ar/members/", VIEWPORT, True),
    ("directory-table-en.png", "/en/members/?view=table&sort=entity", VIEWPORT, True),
    ("directory-phone-ar.png", "/ar/members/", PHONE, True),
    ("directory-table-phone-ar.png", "/ar/members/?view=table", PHONE, True),
]
# Pages to review in both languages and both widths ({language} is filled in).
REVIEW_PAGES = [
    ("landing", "/{language}/", False),
    ("login", "/{language}/accounts/login/", False),
    ("not-found", "/{language}/no-such-page/", False),
    ("home", "/{language}/home/", True),
    ("directory", "/{language}/members/", True),
    ("directory-table", "/{language}/members/?view=table", True),
    ("entities", "/{language}/members/entities/", True),
    ("entity", "/{language}/members/entities/{entity}/", True),
    ("entity-edit", "/{language}/members/entities/{entity}/edit/", True),
    ("person", "/{language}/members/people/{director}/", True),
    ("profile-edit", "/{language}/members/people/{director}/edit/", True),
    ("meetings", "/{language}/meetings/", True),
    ("meeting", "/{language}/meetings/{meeting}/", True),
    ("search", "/{language}/search/?q=%D8%A3%D8%AD%D9%85%D8%AF", True),
]
SERVER_START_SECONDS = 30


def fail(message):
    print(f"ERROR: {message}", file=sys.stderr)
    sys.exit(1)


def portal_env():
    env = dict(os.environ)
    env.update(
        DEBUG="true",
        DATABASE_URL=DATABASE_URL,
        # Sessions in the database and a local cache: nothing shared with a test run that clears Redis.
        REDIS_URL="",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    )
    return env


def ensure_database():
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    maintenance_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance_url, autocommit=True, connect_timeout=5) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def ensure_port_free():
    with socket.socket() as probe:
        if probe.connect_ex((HOST, PORT)) == 0:
            fail(f"something already listens on {ADDRESS}: the screenshots would not be of this portal.")


def start_server(env, log):
    # runserver logs every request to stderr: a file, unlike a pipe nobody reads, never fills up.
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", ADDRESS, "--noreload"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            fail(f"the development server stopped at start:\n{log.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{BASE_URL}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    stop_server(server)
    fail(f"the development server did not answer on {BASE_URL} within {SERVER_START_SECONDS} seconds.")


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def capture(page, path, target, full_page):
    page.goto(f"{BASE_URL}{path}")
    # Shoot only once the fonts (IBM Plex Sans Arabic, Bootstrap Icons) and the lazy images below the
    # fold have loaded.
    page.evaluate("() => document.fonts.ready")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("() => Array.from(document.images).every(image => image.complete)")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=target, full_page=full_page)
    print(f"  {target}")


def sign_in(page):
    page.goto(f"{BASE_URL}/ar/accounts/login/")
    page.fill("#id_login", DIRECTOR_EMAIL)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.auth-form button[type=submit]")
    page.wait_for_url(f"{BASE_URL}/ar/home/")


def shoot(browser, shots):
    """shots: (target file, path, viewport, signed in, full page). One browser context per viewport and sign-in."""
    contexts = {}
    try:
        for target, path, viewport, signed_in, full_page in shots:
            key = (viewport["width"], signed_in)
            if key not in contexts:
                context = browser.new_context(viewport=viewport)
                page = context.new_page()
                if signed_in:
                    sign_in(page)
                contexts[key] = (context, page)
            capture(contexts[key][1], path, target, full_page)
    finally:
        for context, _page in contexts.values():
            context.close()


def demo_ids():
    """The demo director's, their entity's and the first network meeting's ids, for the review pages' URLs."""
    from meetings.demo_data import FIRST_MEETING

    with psycopg.connect(DATABASE_URL, connect_timeout=5) as connection:
        person, entity = connection.execute(
            "SELECT id, entity_id FROM members_user WHERE lower(email) = %s", [DIRECTOR_EMAIL]
        ).fetchone()
        [meeting] = connection.execute("SELECT id FROM meetings_meeting WHERE title_en = %s", [FIRST_MEETING]).fetchone()
    return {"director": person, "entity": entity, "meeting": meeting}


def take_screenshots(chromium, review_dir=None):
    if review_dir is None:
        OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
        shots = [
            (OUTPUT_DIR / name, path, viewport, signed_in, viewport != PHONE)
            for name, path, viewport, signed_in in README_SHOTS
        ]
    else:
        review_dir.mkdir(parents=True, exist_ok=True)
        ids = demo_ids()
        shots = [
            (review_dir / f"{name}-{language}-{viewport['width']}.png", path.format(language=language, **ids), viewport, signed_in, True)
            for viewport in (VIEWPORT, PHONE)
            for language in ("ar", "en")
            for name, path, signed_in in REVIEW_PAGES
        ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            shoot(browser, shots)
        finally:
            browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--review", type=Path, metavar="DIR", help="shoot every main page, both languages, 1280 and 390 px, into DIR")
    review_dir = parser.parse_args().review
    chromium = shutil.which("chromium")
    if chromium is None:
        fail("chromium is not installed (install Debian's chromium with `make browser`).")
    ensure_port_free()
    env = portal_env()
    ensure_database()
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("seed_demo", "--force", env=env)
    with tempfile.TemporaryFile() as log:
        server = start_server(env, log)
        try:
            print("Screenshots:")
            take_screenshots(chromium, review_dir)
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()
