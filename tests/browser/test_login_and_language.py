"""Signing in and out, the language switch, keyboard access and the narrow screen, in real Chromium."""
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, totp_now

pytestmark = pytest.mark.browser

PORTAL_PATHS = ["/ar/members/", "/ar/campaigns/", "/ar/meetings/", "/ar/resources/", "/ar/studio/"]
# allauth's own form submit button; the MFA page's Cancel button is type=submit too but targets another form.
SUBMIT = "form.auth-form button[type=submit]:not([form])"


def sign_in(page, email, password=PASSWORD, language="ar"):
    page.goto(f"/{language}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.click(SUBMIT)


def path_of(page):
    return re.sub(r"^https?://[^/]+", "", page.url)


def test_director_signs_in_in_arabic_switches_to_english_and_signs_out(page, director):
    sign_in(page, director.email)

    expect(page).to_have_url(re.compile(r"/ar/home/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("h1")).to_contain_text("خالد المنصوري")
    nav_paths = page.locator("#portal-nav .navbar-nav a.nav-link").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert nav_paths == PORTAL_PATHS

    page.click("#portal-nav a[href='/ar/meetings/']")
    expect(page).to_have_url(re.compile(r"/ar/meetings/$"))
    expect(page.locator("#portal-nav a[href='/ar/meetings/']")).to_have_attribute("aria-current", "page")

    # The browser speaks English (see the page fixture): the switch must not depend on the page's
    # language and the browser's agreeing.
    page.click("#switch-language")
    expect(page).to_have_url(re.compile(r"/en/meetings/$"))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#portal-nav a[href='/en/meetings/']")).to_have_text("Meetings")
    expect(page.locator("#switch-language")).to_have_text("العربية")

    page.click("#user-menu")
    expect(page.locator("#logout-button")).to_be_visible()
    page.click("#logout-button")
    # The menu posts straight to allauth's logout, so there is no confirmation page: we land on
    # the public landing page (LOGOUT_REDIRECT_URL) in the language we were using.
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("#user-menu")).to_have_count(0)
    expect(page.locator(".site-header a[href='/en/accounts/login/']")).to_be_visible()

    page.goto("/en/home/")
    assert path_of(page) == "/en/accounts/login/?next=/en/home/"
    expect(page.locator("#id_login")).to_be_visible()


def test_secretariat_signs_in_with_a_totp_code_and_reaches_admin(page, secretariat):
    sign_in(page, secretariat.email)

    expect(page).to_have_url(re.compile(r"/ar/accounts/2fa/authenticate/$"))
    expect(page.locator("#id_code")).to_be_visible()
    page.fill("#id_code", totp_now())
    page.click(SUBMIT)

    expect(page).to_have_url(re.compile(r"/ar/home/$"))
    expect(page.locator("h1")).to_contain_text("مريم الهاشمي")

    page.click("#user-menu")
    admin_link = page.locator(".dropdown-menu a[href='/ar/admin/']")
    expect(admin_link).to_be_visible()
    admin_link.click()
    expect(page).to_have_url(re.compile(r"/ar/admin/$"))
    expect(page.locator("#site-name")).to_have_text("بوابة GCN")
    expect(page.locator("#user-tools")).to_contain_text("مريم الهاشمي")


def test_skip_link_is_first_focusable_and_moves_focus_to_main(page):
    page.goto("/ar/")

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"cls": "skip-link", "href": "#main"}
    # Hidden off-screen until focused, then shown inside the viewport.
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    expect(page).to_have_url(re.compile(r"/ar/#main$"))


def test_arabic_home_fits_a_360px_screen_and_the_menu_opens(page, director):
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, director.email)
    expect(page).to_have_url(re.compile(r"/ar/home/$"))

    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    # The brand's words are hidden from view at this width, not from screen readers.
    expect(page.locator(".navbar-brand")).to_have_accessible_name(re.compile(r"\S"))

    menu = page.locator("#portal-nav")
    toggler = page.locator(".navbar-toggler")
    expect(menu).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(menu.locator("a[href='/ar/studio/']")).to_be_in_viewport()
    # The opened menu must not widen the page either.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
