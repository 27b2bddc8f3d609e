"""The shell around every page: the language switch, safe `next=` redirects, sign-out, the portal
navigation, and page numbers that cannot break a list."""
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth import SESSION_KEY
from django.utils import timezone, translation

from meetings.models import Meeting
from portal import registry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EVIL_NEXTS = ["//evil.example", "https://evil.example/", "///evil.example/", "/\\evil.example"]



def signed_in(client):
    return SESSION_KEY in client.session


# Language switch ---------------------------------------------------------------------------------
def test_language_switch_keeps_the_user_on_the_same_page(login_as, director):
    client = login_as(director)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ar/meetings/"})
    assert (response.status_code, response["Location"]) == (302, "/en/meetings/")
    assert response.cookies["django_language"].value == "en"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert '<html lang="en" dir="ltr">' in page.content.decode()


def hidden_inputs(response, name):
    parser = HiddenInputs(name)
    parser.feed(response.content.decode())
    return parser.values


class HiddenInputs(HTMLParser):
    """Values of every <input type="hidden" name=...> with the given name, in page order."""

    def __init__(self, name):
        super().__init__()
        self.name, self.values = name, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name") == self.name:
            self.values.append(attrs.get("value"))


@pytest.mark.parametrize("browser_language", ["ar", "en"])
@pytest.mark.parametrize(("page", "language", "target"), [
    ("/ar/meetings/", "en", "/en/meetings/"),
    ("/en/meetings/", "ar", "/ar/meetings/"),
    ("/en/search/?q=dubai", "ar", "/ar/search/?q=dubai"),
])
def test_language_switch_form_leads_to_the_same_page_in_the_other_language(
    login_as, director, page, language, target, browser_language,
):
    # Whatever language the browser asks for (set_language runs in that language, not the page's),
    # the switch lands on the same page in the chosen language.
    client = login_as(director)
    response = client.get(page, HTTP_ACCEPT_LANGUAGE=browser_language)
    assert hidden_inputs(response, "next") == [target]
    switched = client.post(
        "/i18n/setlang/", {"language": language, "next": target}, HTTP_ACCEPT_LANGUAGE=browser_language,
    )
    assert (switched.status_code, switched["Location"]) == (302, target)
    assert switched.cookies["django_language"].value == language


@pytest.mark.parametrize("evil", EVIL_NEXTS)
def test_language_switch_ignores_an_offsite_next(client, evil):
    response = client.post("/i18n/setlang/", {"language": "en", "next": evil})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert response.cookies["django_language"].value == "en"  # the switch itself still happens


def test_language_switch_falls_back_to_the_local_referer(client):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example/"}, HTTP_REFERER="http://testserver/ar/",
    )
    assert (response.status_code, response["Location"]) == (302, "http://testserver/en/")


def test_get_on_language_switch_changes_nothing(client):
    response = client.get("/i18n/setlang/", {"language": "en", "next": "/ar/meetings/"})
    assert (response.status_code, response["Location"]) == (302, "/ar/meetings/")
    assert "django_language" not in response.cookies
    assert client.get("/").headers["Location"] == "/ar/"  # still Arabic by default


# Safe next= on sign-in and sign-out -------------------------------------------------------------------
@pytest.mark.parametrize("evil", EVIL_NEXTS)
def test_login_ignores_an_offsite_next(client, director, evil):
    response = client.post(
        f"/ar/accounts/login/?next={evil}", {"login": director.email, "password": PASSWORD},
    )
    assert (response.status_code, response["Location"]) == (302, "/ar/home/")
    assert signed_in(client)


@pytest.mark.parametrize("evil", EVIL_NEXTS)
def test_login_ignores_an_offsite_next_in_the_form(client, director, evil):
    response = client.post("/ar/accounts/login/", {"login": director.email, "password": PASSWORD, "next": evil})
    assert (response.status_code, response["Location"]) == (302, "/ar/home/")


def test_login_follows_a_local_next(client, director):
    response = client.post("/ar/accounts/login/?next=/ar/meetings/", {"login": director.email, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/ar/meetings/")


def test_login_form_rendered_with_an_offsite_next_still_lands_home(client, director):
    # allauth echoes `next` into the form (escaped); it is checked again when the form comes back.
    page = client.get("/ar/accounts/login/?next=//evil.example")
    assert page.status_code == 200
    [next_value] = [value for value in hidden_inputs(page, "next") if "accounts" not in value]
    response = client.post("/ar/accounts/login/", {"login": director.email, "password": PASSWORD, "next": next_value})
    assert (response.status_code, response["Location"]) == (302, "/ar/home/")


@pytest.mark.parametrize("evil", EVIL_NEXTS)
def test_logout_ignores_an_offsite_next(login_as, director, evil):
    client = login_as(director)
    response = client.post("/ar/accounts/logout/", {"next": evil})
    assert (response.status_code, response["Location"]) == (302, "/ar/")
    assert not signed_in(client)


def test_logout_follows_a_local_next(login_as, director):
    client = login_as(director)
    response = client.post("/ar/accounts/logout/", {"next": "/en/"})
    assert (response.status_code, response["Location"]) == (302, "/en/")
    assert not signed_in(client)


def test_get_on_logout_asks_for_confirmation_and_keeps_the_session(login_as, director):
    client = login_as(director)
    response = client.get("/ar/accounts/logout/?next=//evil.example")
    assert response.status_code == 200
    assert '<form method="post" action="/ar/accounts/logout/" class="auth-form">' in response.content.decode()
    assert signed_in(client)
    assert client.get("/ar/home/").status_code == 200
    # Confirming the form as rendered signs out and stays on the portal.
    [next_value] = [value for value in hidden_inputs(response, "next") if "accounts" not in value]
    confirmed = client.post("/ar/accounts/logout/", {"next": next_value})
    assert (confirmed.status_code, confirmed["Location"]) == (302, "/ar/")
    assert not signed_in(client)


# Navigation ----------------------------------------------------------------------------------------
class NavLinks(HTMLParser):
    """Collects the portal links of the main navigation: (href, aria-current, text).

    Only the header's navbar counts: a portal's own section menu (Al Multaqa's, say) is a second
    navigation with its own current page.
    """

    def __init__(self):
        super().__init__()
        self.links, self._current, self._in_navbar = [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "nav":
            self._in_navbar = "navbar" in classes
        if self._in_navbar and tag == "a" and "nav-link" in classes:
            self._current = [attrs["href"], attrs.get("aria-current"), ""]

    def handle_data(self, data):
        if self._current is not None:
            self._current[2] += data

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_navbar = False
        if tag == "a" and self._current is not None:
            self._current[2] = self._current[2].strip()
            self.links.append(tuple(self._current))
            self._current = None


def nav_links(response):
    parser = NavLinks()
    parser.feed(response.content.decode())
    return parser.links


def portal_label(url_name):
    """The entry's text: its name, and "Soon" beside a portal that is not open yet."""
    with translation.override("ar"):
        item = next(item for item in registry.navigation if item.url_name == url_name)
        return f"{item.label} {translation.gettext('Soon')}" if item.coming_soon else str(item.label)


ALL_PORTALS = [
    ("/ar/members/", "members:directory"),
    ("/ar/campaigns/", "campaigns:index"),
    ("/ar/meetings/", "meetings:index"),
    ("/ar/resources/", "resources:index"),
    ("/ar/studio/", "studio:index"),
]


def test_director_sees_every_portal_in_the_navigation_and_none_is_current_on_home(login_as, director):
    response = login_as(director).get("/ar/home/")
    assert nav_links(response) == [(href, None, portal_label(name)) for href, name in ALL_PORTALS]


@pytest.mark.parametrize(("path", "active"), [
    ("/ar/members/", "/ar/members/"),
    ("/ar/members/entities/", "/ar/members/"),  # any page of a portal marks that portal
    ("/ar/campaigns/", "/ar/campaigns/"),
    ("/ar/meetings/", "/ar/meetings/"),
    ("/ar/resources/", "/ar/resources/"),
    ("/ar/studio/", "/ar/studio/"),
])
def test_the_active_portal_carries_aria_current(login_as, director, path, active):
    response = login_as(director).get(path)
    assert response.status_code == 200
    assert [(href, current) for href, current, _text in nav_links(response)] == [
        (href, "page" if href == active else None) for href, _name in ALL_PORTALS
    ]


def test_guest_navigation_shows_only_meetings(login_as, guest):
    response = login_as(guest).get("/ar/home/")
    assert nav_links(response) == [("/ar/meetings/", None, portal_label("meetings:index"))]
    body = response.content.decode()
    for hidden in ("/ar/members/", "/ar/campaigns/", "/ar/resources/", "/ar/studio/", "/ar/admin/"):
        assert f'href="{hidden}"' not in body


def test_anonymous_landing_has_no_portal_navigation(client):
    response = client.get("/ar/")
    assert nav_links(response) == []
    assert 'href="/ar/accounts/login/"' in response.content.decode()


# Page numbers ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", ["-1", "abc", "0", "999", "1.5", ""])
def test_directory_survives_any_page_number(login_as, director, team_member, other_director, page):
    response = login_as(director).get("/ar/members/", {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert {person.email for person in response.context["page"]} == {
        "director@test.gcn.ae", "team@test.gcn.ae", "director2@test.gcn.ae",
    }


@pytest.mark.parametrize("page", ["-1", "abc"])
def test_meeting_list_ignores_a_page_number(login_as, director, page):
    now = timezone.now()
    meeting = Meeting.objects.create(
        title_ar="اجتماع الشبكة", title_en="Network meeting",
        starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=1),
    )
    response = login_as(director).get("/ar/meetings/", {"page": page})
    assert response.status_code == 200
    assert list(response.context["upcoming"]) == [meeting]


@pytest.mark.parametrize("ordering", ["user__password", "-password", "email"])
def test_directory_ignores_an_ordering_on_private_fields(login_as, director, team_member, ordering):
    client = login_as(director)
    plain = client.get("/ar/members/")
    tampered = client.get("/ar/members/", {"ordering": ordering, "sort": ordering})
    assert tampered.status_code == 200
    assert [person.pk for person in tampered.context["page"]] == [person.pk for person in plain.context["page"]]
