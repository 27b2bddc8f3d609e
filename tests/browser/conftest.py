"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright cannot download its own browser here, so the tests use the system `chromium`; when it is
missing they fail (never skip) and say how to install it.
"""
import shutil

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Long enough for a cold first request to the live server, short enough to fail fast on a wrong selector.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Chromium is not installed: the browser tests drive Debian's chromium (install it with `make browser`).",
            pytrace=False,
        )
    # Django keeps database connections per thread, and per "async context" when asyncio reports a
    # running loop. Playwright's sync API marks its loop as running in this thread between calls, so
    # from here on this thread gets a second set of connection objects. The test database's snapshot
    # for serialized_rollback was taken on the first set if the database was set up already: carry it over.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in snapshots.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Close the second set while it is still reachable: an open one would stop the test
        # database from being dropped at the end of the run.
        for connection in connections.all(initialized_only=True):
            connection.close()


@pytest.fixture
def context_options():
    """Overridden by a test module that needs another browser context (e.g. bypassing CSP for axe)."""
    return {}


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback, context_options):
    # The live server needs a transactional database, which is flushed after each test: serialized
    # rollback restores the role groups made by a data migration, for these tests and the ones after.
    # An English-speaking browser: Arabic pages are reached by their /ar/ prefix, never by Accept-Language.
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 800}, **context_options
    )
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()
