"""The site header (`{% site_header %}`, portal/templatetags/site_header.py): what each visitor's
header offers, in both languages, with the request's values escaped into it."""
import re
from html.parser import HTMLParser

import pytest

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token

from portal.notifications.services import _unread_key

pytestmark = pytest.mark.django_db


class Header(HTMLParser):
    """The header's links (href → text), hidden inputs by name, and attributes by element id."""

    def __init__(self, html):
        super().__init__()
        self.links, self.inputs, self.by_id, self.text = {}, {}, {}, []
        self._href, self._inside = None, False
        header = re.search(r"<header class=\"site-header\">.*?</header>", html, re.S)
        assert header, "no site header"
        self.feed(header.group(0))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.by_id[attrs["id"]] = attrs
        if tag == "a":
            self._href, self._text = attrs.get("href"), []
        if tag == "input" and attrs.get("type") == "hidden":
            self.inputs.setdefault(attrs["name"], []).append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links[self._href] = " ".join("".join(self._text).split())
            self._href = None

    def handle_data(self, data):
        self.text.append(data)
        if self._href is not None:
            self._text.append(data)


def header_of(response):
    assert response.status_code == 200
    return Header(response.content.decode())


def test_a_director_gets_the_portals_the_search_box_the_bell_and_the_menu_in_arabic(login_as, director):
    header = header_of(login_as(director).get("/ar/members/"))
    assert header.links["/ar/members/"] == "الأعضاء"
    assert header.by_id["site-search"]["placeholder"] == "بحث…"
    assert header.by_id["site-search"]["data-suggest-url"] == "/ar/search/suggest/"
    assert header.links["/ar/notifications/"] == "الإشعارات"
    assert header.links["/ar/members/invite/"] == "دعوة عضو"
    assert "/ar/admin/" not in header.links  # not staff
    assert header.by_id["switch-language"]["value"] == "en"
    assert header.inputs["next"] == ["/en/members/"]


def test_the_active_portal_is_marked_as_the_current_page(login_as, director):
    html = login_as(director).get("/en/members/").content.decode()
    current = re.findall(r'<a class="nav-link active" href="([^"]+)" aria-current="page">', html)
    assert current == ["/en/members/"]
    assert html.count('aria-current="page"') == 1


def test_a_team_member_is_not_offered_invitations_and_the_secretariat_gets_administration(login_as, team_member, secretariat):
    team = header_of(login_as(team_member).get("/en/home/"))
    assert "/en/members/invite/" not in team.links and "/en/members/invite/sent/" not in team.links
    staff = header_of(login_as(secretariat).get("/en/home/"))
    assert staff.links["/en/members/invite/"] == "Invite a member"
    assert staff.links["/en/members/invite/sent/"] == "Sent invitations"
    assert staff.links["/en/admin/"] == "Administration"


def test_the_unread_count_is_shown_in_words_and_as_a_badge_capped_at_99(login_as, director):
    client = login_as(director)
    for count, words, badge in [(0, None, None), (3, "3 unread", "3"), (150, "150 unread", "99+")]:
        cache.set(_unread_key(director.pk), count, 60)
        html = client.get("/en/home/").content.decode()
        header = Header(html)
        assert ("unread-count" in header.by_id) == bool(count)
        if count:
            assert re.search(r'id="unread-count"[^>]*>([^<]+)<', html).group(1) == badge
            assert f"Notifications: {words}" in html
            assert 'class="bi bi-bell-fill"' in html
        else:
            assert 'class="bi bi-bell"' in html and "unread" not in html


def test_the_arabic_unread_count_uses_its_plural_form(login_as, director):
    client = login_as(director)
    cache.set(_unread_key(director.pk), 2, 60)
    html = client.get("/ar/home/").content.decode()
    assert "الإشعارات: إشعاران غير مقروءين" in html


def test_the_viewers_name_and_the_search_text_are_escaped(login_as, director):
    director.name_en = '<script>alert("x")</script>'
    director.save(update_fields=["name_en"])
    html = login_as(director).get('/en/search/?q="><img src=x onerror=alert(1)>').content.decode()
    header = re.search(r"<header.*?</header>", html, re.S).group(0)
    assert "<script>alert" not in header and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in header
    assert "<img" not in header
    assert Header(html).by_id["site-search"]["value"] == '"><img src=x onerror=alert(1)>'


def test_both_forms_carry_this_sessions_csrf_token(login_as, director):
    client = login_as(director)
    header = header_of(client.get("/en/home/"))
    tokens = header.inputs["csrfmiddlewaretoken"]
    assert len(tokens) == 2  # the language switch and sign out
    secret = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}


def test_a_page_with_a_form_of_its_own_carries_the_headers_token(login_as, director):
    """{% csrf_token %} in a page's content gives the token the header's forms have (masked once per
    page, portal.context_processors.csrf), and it is accepted."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(director, backend="members.backends.AuthenticationBackend")
    html = client.get("/en/notifications/preferences/").content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert len(tokens) > 2 and len(set(tokens)) == 1
    secret = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert _unmask_cipher_token(tokens[0]) == secret
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/ar/home/", "csrfmiddlewaretoken": tokens[-1]})
    assert (response.status_code, response["Location"]) == (302, "/ar/home/")


def test_a_visitor_gets_the_language_switch_and_sign_in_only(client):
    header = header_of(client.get("/en/accounts/login/?next=/en/members/%3Cx%3E"))
    assert header.links == {"/en/": "Government Communication NetworkGCN Portal", "/en/accounts/login/": "Sign in"}
    assert header.by_id["switch-language"]["value"] == "ar"
    assert header.by_id["switch-language"]["lang"] == "ar"
    assert header.inputs["next"] == ["/ar/accounts/login/?next=/en/members/%3Cx%3E"]
    assert "portal-nav" not in header.by_id and "user-menu" not in header.by_id
