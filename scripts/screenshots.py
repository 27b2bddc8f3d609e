"""Take the README's screenshots: the home page in Arabic and English and the public landing page.

Runs the portal with its demo data on a database of its own (SCREENSHOT_DATABASE_URL, created if
missing), signs in as the demo director in Debian's Chromium and writes full-page PNGs to
docs/screenshots/. Run it with `make screenshots`.
"""
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
HOST, PORT = "127.0.0.1", 8765
ADDRESS = f"{HOST}:{PORT}"
BASE_URL = f"http://{ADDRESS}"
DIRECTOR_EMAIL = next(email for email, role, *_ in DEMO_ACCOUNTS if role == "director")
VIEWPORT = {"width": 1280, "height": 800}
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


def capture(page, path, name):
    page.goto(f"{BASE_URL}{path}")
    # Shoot only once the icon font (Bootstrap Icons) has loaded.
    page.evaluate("() => document.fonts.ready")
    target = OUTPUT_DIR / name
    page.screenshot(path=target, full_page=True)
    print(f"  {target.relative_to(BASE_DIR)}")


def take_screenshots(chromium):
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            visitor = browser.new_context(viewport=VIEWPORT)
            capture(visitor.new_page(), "/ar/", "landing-ar.png")
            visitor.close()

            director = browser.new_context(viewport=VIEWPORT)
            page = director.new_page()
            page.goto(f"{BASE_URL}/ar/accounts/login/")
            page.fill("#id_login", DIRECTOR_EMAIL)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("form.auth-form button[type=submit]")
            page.wait_for_url(f"{BASE_URL}/ar/home/")
            capture(page, "/ar/home/", "home-ar.png")
            capture(page, "/en/home/", "home-en.png")
            capture(page, "/ar/members/", "directory-ar.png")
            capture(page, "/en/members/?view=table&sort=entity", "directory-table-en.png")
            director.close()
        finally:
            browser.close()


def main():
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
            take_screenshots(chromium)
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()
