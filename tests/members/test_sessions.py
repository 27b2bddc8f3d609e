"""Session lifetime: deactivation, idle and absolute timeouts end an open session on its next request.

The timestamps are changed in the real session store (Redis, through client.session) the way time
passing would leave them.
"""
import time

import pytest
from django.utils.translation import gettext, override

from members.models import User
from tests.conftest import PASSWORD
from portal.middleware import SESSION_SEEN, SESSION_STARTED

pytestmark = pytest.mark.django_db

HOME = "/ar/home/"
LOGIN_REDIRECT = "/ar/accounts/login/?next=/ar/home/"


@pytest.fixture
def signed_in(login_as, director):
    client = login_as(director)
    response = client.get(HOME)
    assert response.status_code == 200
    return client


def set_session_times(client, *, started_ago=0, seen_ago=0):
    now = int(time.time())
    session = client.session
    session[SESSION_STARTED] = now - started_ago
    session[SESSION_SEEN] = now - seen_ago
    session.save()


def assert_signed_out(client, response):
    assert response.status_code == 302
    assert response["Location"] == LOGIN_REDIRECT
    assert "_auth_user_id" not in client.session
    # And it stays signed out.
    assert client.get(HOME)["Location"] == LOGIN_REDIRECT


def test_first_request_records_session_start_and_last_seen(signed_in):
    now = int(time.time())
    session = signed_in.session
    assert now - 5 <= session[SESSION_STARTED] <= now
    assert now - 5 <= session[SESSION_SEEN] <= now


def test_deactivated_user_is_signed_out_on_next_request(signed_in, director):
    User.objects.filter(pk=director.pk).update(is_active=False)
    response = signed_in.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == LOGIN_REDIRECT
    assert signed_in.get("/ar/members/")["Location"] == "/ar/accounts/login/?next=/ar/members/"


def test_deactivated_user_cannot_sign_in_again(client, director):
    User.objects.filter(pk=director.pk).update(is_active=False)
    response = client.post("/ar/accounts/login/", {"login": "director@test.gcn.ae", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/inactive/"
    assert "_auth_user_id" not in client.session


def test_idle_session_is_ended_after_31_minutes(signed_in):
    set_session_times(signed_in, started_ago=60 * 60, seen_ago=31 * 60)
    response = signed_in.get(HOME)
    assert_signed_out(signed_in, response)


def test_idle_session_end_is_explained_on_the_login_page(signed_in):
    set_session_times(signed_in, started_ago=60 * 60, seen_ago=31 * 60)
    response = signed_in.get(HOME, follow=True)
    assert response.redirect_chain == [(LOGIN_REDIRECT, 302)]
    with override("ar"):
        expected = gettext("Your session has ended. Please sign in again.")
    assert [str(message) for message in response.context["messages"]] == [expected]


def test_session_idle_29_minutes_is_kept_and_refreshed(signed_in, director):
    set_session_times(signed_in, started_ago=60 * 60, seen_ago=29 * 60)
    response = signed_in.get(HOME)
    assert response.status_code == 200
    assert response.context["user"] == director
    now = int(time.time())
    assert now - 5 <= signed_in.session[SESSION_SEEN] <= now


def test_session_is_ended_13_hours_after_sign_in_even_when_active(signed_in):
    set_session_times(signed_in, started_ago=13 * 3600, seen_ago=0)
    response = signed_in.get(HOME)
    assert_signed_out(signed_in, response)


def test_session_11_hours_old_and_active_is_kept(signed_in, director):
    set_session_times(signed_in, started_ago=11 * 3600, seen_ago=60)
    response = signed_in.get(HOME)
    assert response.status_code == 200
    assert response.context["user"] == director
    assert signed_in.session["_auth_user_id"] == str(director.pk)


def test_timeouts_follow_settings(settings, signed_in):
    settings.SESSION_IDLE_MINUTES = 5
    set_session_times(signed_in, started_ago=600, seen_ago=6 * 60)
    assert_signed_out(signed_in, signed_in.get(HOME))


def test_session_lives_in_the_cache_store(signed_in, settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    assert signed_in.session.exists(signed_in.session.session_key)


def test_the_session_user_is_read_as_django_reads_them(director, team_member, guest):
    """members.backends reads the session's user from compiled SQL: the same user, with every
    field, as Django's own backend; no one for a deactivated user, a missing one or a bad id."""
    from django.contrib.auth.backends import ModelBackend

    from members.backends import AuthenticationBackend

    ours, django = AuthenticationBackend(), ModelBackend()
    User.objects.filter(pk=team_member.pk).update(is_active=False)
    for user_id in (director.pk, str(guest.pk), team_member.pk, director.pk + 10_000):
        expected = django.get_user(user_id)
        found = ours.get_user(user_id)
        assert (found and vars(found)) == (expected and {**vars(expected), "_state": found._state}), user_id
    assert ours.get_user(director.pk).email == director.email
    assert ours.get_user(team_member.pk) is None and ours.get_user(director.pk + 10_000) is None
    assert ours.get_user("not a number") is None and ours.get_user(None) is None
