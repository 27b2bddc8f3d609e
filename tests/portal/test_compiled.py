"""portal.compiled: querysets built and compiled once per process and key, run with each request's
values. The instances must be those the plain queryset gives, for every viewer and value; a value
that never reaches the SQL must fail loudly; and keys must keep shapes apart."""
from datetime import timedelta

import pytest
from django.db.models import Count, Prefetch, Q, Value
from django.http import Http404
from django.utils import timezone

from meetings import views as meeting_views
from meetings.models import Attendance, Meeting, Rsvp
from members.models import Expertise, User
from portal.compiled import compiled_instances, compiled_query

pytestmark = pytest.mark.django_db


def loaded(instance):
    """What a page can read of an instance: its loaded values and annotations, the instances loaded
    with it (select_related) and its prefetched rows, recursively."""
    values = {name: value for name, value in vars(instance).items() if not name.startswith("_")}
    related = {name: loaded(other) if other is not None else None for name, other in instance._state.fields_cache.items()}
    prefetched = {
        name: [loaded(row) for row in rows] for name, rows in getattr(instance, "_prefetched_objects_cache", {}).items()
    }
    return type(instance), values, related, prefetched


def _meetings(users, entity):
    now = timezone.now()
    open_to_all = Meeting.objects.create(title_ar="عام", title_en="Open", starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=1), host=entity)
    workshop = Meeting.objects.create(
        title_ar="ورشة", title_en="Workshop", kind=Meeting.Kind.WORKSHOP, starts_at=now - timedelta(days=1),
        ends_at=now - timedelta(hours=20), invite_all_members=False, capacity=1,
    )
    workshop.guests.add(users["guest"])
    workshop.invitees.create(entity=entity)
    Rsvp.objects.create(meeting=workshop, person=users["team"], response=Rsvp.Response.ATTENDING)
    Rsvp.objects.create(meeting=workshop, person=users["director"], response=Rsvp.Response.ATTENDING, wait_listed_at=now)
    Rsvp.objects.create(meeting=workshop, person=users["guest"], response=Rsvp.Response.ATTENDING, wait_listed_at=now + timedelta(minutes=1))
    Rsvp.objects.create(meeting=open_to_all, person=users["other_director"], response=Rsvp.Response.MAYBE)
    Attendance.objects.create(meeting=workshop, person=users["guest"])
    return [open_to_all, workshop]


def test_the_meeting_page_finds_what_its_queryset_finds_for_every_viewer(users, entity):
    """Each viewer's meeting, with its host, counts and the viewer's own reply, invitation and
    wait-list place, as the plain queryset reads it; the same 404 where it finds nothing. The
    viewers take turns, so each shape's SQL is reused by the next viewer of its kind."""
    meetings = _meetings(users, entity)
    for _turn in range(2):
        for name, user in users.items():
            if user is None:
                continue
            for meeting in [*meetings, Meeting(pk=meetings[-1].pk + 1000)]:
                try:
                    expected = meeting_views.get_meeting_for_user(user, meeting.pk, meeting_views._detail_queryset(user))
                except Http404:
                    with pytest.raises(Http404):
                        meeting_views._detail_meeting(user, meeting.pk)
                    continue
                assert loaded(meeting_views._detail_meeting(user, meeting.pk)) == loaded(expected), (name, meeting.title_en)
    # The guest is invited to the workshop only; the others see both.
    with pytest.raises(Http404):
        meeting_views._detail_meeting(users["guest"], meetings[0].pk)
    assert meeting_views._detail_meeting(users["guest"], meetings[1].pk).my_wait_position == 2


def test_instances_with_select_related_annotations_and_prefetch_match_the_queryset(users, entity, other_entity):
    crises = Expertise.objects.create(name_ar="الأزمات", name_en="Crises")
    users["director"].expertise.add(crises)

    def build(entity, word):
        return (
            User.objects.filter(Q(entity=entity) | Q(name_en=word)).select_related("entity")
            .annotate(replies=Count("rsvps"), asked=Value(word)).prefetch_related("expertise").order_by("pk")
        )

    for values in ({"entity": entity.pk, "word": "Saeed Al Muhairi"}, {"entity": other_entity.pk, "word": "Layla Haddad"}, {"entity": entity.pk, "word": "nobody"}):
        found = compiled_instances(("test people",), build, values)
        expected = list(build(**values))
        assert found and [loaded(person) for person in found] == [loaded(person) for person in expected], values


def test_a_value_may_appear_several_times(users):
    director = users["director"]

    def build(person):
        return User.objects.filter(Q(pk=person) | Q(rsvps__person=person)).distinct().order_by("pk")

    assert [person.pk for person in compiled_instances(("test repeated",), build, {"person": director.pk})] == [director.pk]


def test_a_value_that_never_reaches_the_sql_fails(users):
    # The pk left out: the real value would never be put in.
    with pytest.raises(AssertionError, match="stand-in"):
        compiled_instances(("test missing",), lambda pk: User.objects.all(), {"pk": users["director"].pk})
    # Made a pattern (icontains): though the stand-in is also found as it is, in the annotation.
    with pytest.raises(AssertionError, match="stand-in was changed"):
        compiled_instances(("test pattern",), lambda word: User.objects.filter(name_en__icontains=word).annotate(asked=Value(word)), {"word": "Khalid"})
    with pytest.raises(AssertionError, match="stand-in"):
        compiled_query(("test missing rows",), lambda pk: User.objects.values_list("pk"), {"pk": users["director"].pk})


def test_a_prefetch_that_depends_on_a_value_is_refused(users):
    def build(meeting):
        return Meeting.objects.filter(pk=meeting).prefetch_related(Prefetch("rsvps", queryset=Rsvp.objects.filter(meeting=meeting)))

    with pytest.raises(ValueError, match="prefetch"):
        compiled_instances(("test prefetch",), build, {"meeting": 1})


def test_keys_keep_shapes_apart(users, entity, other_entity):
    """The key, not the build function, names the SQL: two shapes under one key would share the
    first one's SQL; under their own keys each finds its own rows."""
    by_entity = lambda pk: User.objects.filter(entity=pk).order_by("pk")  # noqa: E731
    not_of_entity = lambda pk: User.objects.exclude(entity=pk).exclude(entity=None).order_by("pk")  # noqa: E731
    of_entity = [user.pk for user in compiled_instances(("test shape", "of"), by_entity, {"pk": entity.pk})]
    others = [user.pk for user in compiled_instances(("test shape", "not of"), not_of_entity, {"pk": entity.pk})]
    assert of_entity == [user.pk for user in by_entity(entity.pk)] and of_entity
    assert others == [user.pk for user in not_of_entity(entity.pk)] == [users["other_director"].pk]
    # The same key with another value: the same shape's SQL, the new value's rows.
    assert [user.pk for user in compiled_instances(("test shape", "of"), by_entity, {"pk": other_entity.pk})] == [users["other_director"].pk]
    # A build function under a key already compiled is not even called: the key is the shape.
    shared = compiled_instances(("test shape", "of"), not_of_entity, {"pk": entity.pk})
    assert [user.pk for user in shared] == of_entity


def test_a_queryset_that_can_find_nothing_gives_nothing(users):
    assert compiled_instances(("test none",), lambda pk: User.objects.none(), {"pk": users["director"].pk}) == []


def test_a_compiled_query_is_prepared_and_gives_each_run_its_own_values(users):
    """PostgreSQL plans a compiled query once per connection: psycopg prepares it after five runs
    (portal.compiled.statement_cursor). Run on, with other values, it finds their rows."""
    from django.db import connection

    from portal.compiled import fetch_rows

    def emails(pk):
        sql, params = compiled_query(("test prepared emails",), lambda pk: User.objects.filter(pk=pk).values_list("email"), {"pk": pk})
        return fetch_rows(sql, params)

    people = [user for user in users.values() if user is not None]
    for person in people * 3:
        assert emails(person.pk) == [(person.email,)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('"members_user"."email"' in statement and "$1" in statement for statement in prepared), prepared
