"""The home page's panels and the entity page's sections kept per user (portal.fragments): a change is
shown on the next request, whoever wrote it and however; nothing reaches another user or language."""
import functools

import pytest
from django.db import connection
from django.test import RequestFactory

from members.models import Entity, Role, User
from members.services import user_set_role
from portal import fragments, registry
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def network_line(html):
    """The network panel's "N members" figure, as the page shows it in English."""
    return html.split('id="panel-network"')[1].split("</p>")[0]


def test_a_new_member_shows_in_the_panel_on_the_next_request(login_as, director, team_member):
    client = login_as(director)
    before = network_line(client.get("/en/home/").content.decode())
    assert before.endswith("· 2 members")
    assert network_line(client.get("/en/home/").content.decode()) == before  # kept: the same
    make_user("new@dubai.gov.ae", Role.TEAM, director.entity)
    assert network_line(client.get("/en/home/").content.decode()).endswith("· 3 members")


def test_a_write_no_signal_sees_still_shows_on_the_next_request(login_as, director):
    client = login_as(director)
    assert "Department of Economy and Tourism: to act on" in client.get("/en/home/").content.decode()
    # QuerySet.update() sends no signal: the connection's write is what moves the version.
    Entity.objects.filter(pk=director.entity_id).update(name_en="Renamed Office")
    page = client.get("/en/home/").content.decode()
    assert "Renamed Office: to act on" in page and "Department of Economy and Tourism: to act on" not in page


def test_a_role_change_shows_on_the_next_request(login_as, director):
    client = login_as(director)
    assert 'id="panel-own-entity"' in client.get("/en/home/").content.decode()
    user_set_role(user=User.objects.get(pk=director.pk), role=Role.TEAM)
    assert 'id="panel-own-entity"' not in client.get("/en/home/").content.decode()


def test_a_kept_panel_never_reaches_another_user_of_the_same_role(client, login_as, director, other_director):
    assert "Department of Economy and Tourism: to act on" in login_as(director).get("/en/home/").content.decode()
    client.logout()
    page = login_as(other_director).get("/en/home/").content.decode()
    assert f"{other_director.entity.name_en}: to act on" in page
    assert "Department of Economy and Tourism: to act on" not in page


def test_each_language_has_its_own_rendering(login_as, director):
    client = login_as(director)
    arabic = client.get("/ar/home/").content.decode()
    english = client.get("/en/home/").content.decode()
    assert "The network brings together" in english and "The network brings together" not in arabic


def test_a_write_in_a_transaction_moves_the_version_at_once_and_after_the_commit(director):
    before = fragments.data_version()
    Entity.objects.filter(pk=director.entity_id).update(short_name="DET2")
    assert fragments.data_version() > before
    # The test runs inside a transaction: the second move waits for its commit.
    assert any(function is fragments.bump for _ids, function, _robust in connection.run_on_commit)


def test_a_write_that_no_panel_shows_leaves_the_version_alone(director):
    before = fragments.data_version()
    with fragments.write_that_no_panel_shows():
        Entity.objects.filter(pk=director.entity_id).update(short_name="DET2")
    assert fragments.data_version() == before
    Entity.objects.filter(pk=director.entity_id).update(short_name="DET3")  # and only inside
    assert fragments.data_version() > before


def test_a_read_does_not_move_the_version(director):
    before = fragments.data_version()
    list(User.objects.filter(pk=director.pk))
    # A UNION of limited queries, which Django writes as "(SELECT ...) UNION (SELECT ...)": a read too
    # (a case page's links to its messages and meetings are one; it moved the version on every view).
    first = User.objects.filter(pk=director.pk).values("pk")[:1]
    union = first.union(User.objects.filter(email=director.email).values("pk")[:1])
    assert str(union.query).lstrip().startswith("(SELECT")
    assert list(union) == [{"pk": director.pk}]
    assert fragments.data_version() == before


def test_an_entity_section_is_kept_per_entity(director, entity, other_entity):
    request = RequestFactory().get("/en/members/entities/")
    request.user = director
    calls = []

    def section(request, shown):
        calls.append(shown.pk)
        return f"<p>{shown.pk}</p>"

    for shown in (entity, other_entity, entity):
        html = fragments.render_many(request, [("test", functools.partial(section, request, shown))], scope=f"entity:{shown.pk}")
        assert html == [f"<p>{shown.pk}</p>"]
    assert calls == [entity.pk, other_entity.pk]  # the second visit of the first entity was kept


def test_nothing_is_kept_without_a_cache_every_process_shares(settings, director):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    request = RequestFactory().get("/en/home/")
    request.user = director
    calls = []
    for _ in range(2):
        fragments.render_many(request, [("test", lambda: calls.append(1) or "<p>x</p>")])
    assert calls == [1, 1]


@pytest.mark.parametrize("role_fixture", ["secretariat", "director", "team_member", "guest"])
def test_no_panel_or_section_carries_a_csrf_token(request, role_fixture, entity):
    """A kept rendering is served again, in other browsers of the same user: it must not hold the
    CSRF token of the one it was drawn for."""
    user = request.getfixturevalue(role_fixture)
    http_request = RequestFactory().get("/en/home/")
    http_request.user = user
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore

    http_request.session = SessionStore()
    http_request._messages = FallbackStorage(http_request)
    drawn = [panel(http_request) for panel in registry.dashboard_panels]
    drawn += [section(http_request, entity) for section in registry.entity_sections]
    assert drawn and not any("csrfmiddlewaretoken" in (html or "") for html in drawn)


def test_a_request_reads_the_data_version_once_and_again_after_its_own_write(settings):
    """Within a request the version is read once (a page asks for it once per kept part); a write of
    that request moves it at once; outside a request it is read every time."""
    from django.core.cache import cache
    from django.core.signals import request_finished, request_started

    request_started.send(sender=None)
    try:
        first = fragments.data_version()
        cache.incr(fragments.VERSION_KEY)  # another process writes: this request keeps its version
        assert fragments.data_version() == first
        fragments.bump()  # this request writes
        assert fragments.data_version() == first + 2
    finally:
        request_finished.send(sender=None)
    cache.incr(fragments.VERSION_KEY)
    assert fragments.data_version() == first + 3


def test_a_kept_value_is_read_from_redis_once_per_process_and_version(monkeypatch):
    """A value kept under a version never changes: the process asks Redis for it once, and asks
    again only under a new version (any write). Each read is a copy of its own, as one from Redis."""
    from django.core.cache import cache

    asked = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: asked.append(key) or real_get(key, *args, **kwargs))
    computed = []

    def compute():
        computed.append(1)
        return {"items": ["agenda"]}

    first = fragments.kept("test in-process", compute)
    first["items"].append("changed by the page that read it")
    assert fragments.kept("test in-process", compute) == {"items": ["agenda"]}
    assert computed == [1]
    assert len([key for key in asked if key.startswith("kept:")]) == 1  # the second read was this process's own

    fragments.bump()  # a write anywhere: a new version, asked of Redis and worked out again
    assert fragments.kept("test in-process", compute) == {"items": ["agenda"]}
    assert computed == [1, 1]
    assert len([key for key in asked if key.startswith("kept:")]) == 2


def test_a_kept_value_another_process_wrote_is_read_from_redis(monkeypatch):
    """This process holds only what it has read of the current version: a value another process
    kept first (in Redis) is read from there, not worked out again."""
    fragments.bump()
    assert fragments.kept("test other process", lambda: "theirs") == "theirs"
    monkeypatch.setattr(fragments, "_in_process", fragments._InProcess())  # as a new process
    assert fragments.kept("test other process", lambda: "ours") == "theirs"


def test_the_process_holds_at_most_its_limit_oldest_first(monkeypatch):
    import pickle

    held = fragments._InProcess()
    value = "x" * 1000
    size = len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    monkeypatch.setattr(fragments, "IN_PROCESS_BYTES", size * 2)
    for key in ("a", "b", "c"):
        held.put(1, key, value)
    assert held.get(1, "a") is None and held.get(1, "b") == value and held.get(1, "c") == value
    assert held.size == size * 2
    held.put(2, "d", value)  # a new version: the old one's values are gone
    assert held.get(1, "b") is None and held.get(2, "b") is None and held.get(2, "d") == value
    held.put(1, "e", value)  # a request still on the old version does not push the new one out
    assert held.get(2, "d") == value and held.get(1, "e") is None
