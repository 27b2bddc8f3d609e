"""Queries per meetings page at two data sizes: the count must not grow with the data (list pages at
most 6, detail pages at most 8: docs ../shared/brief/performance.md). Each page is requested once to
warm up the session, then counted after the data has grown; the comment beside each count says
which queries they are."""
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

import pytest
from django.utils import timezone

from meetings.models import ActionItem, AgendaItem, Attendance, Invitee, Meeting, Minutes, MinutesComment, Rsvp
from members.models import Entity, Role
from portal import fragments
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 8
MARKS = {"ar": "صقر", "en": "falcon"}


class World:
    def __init__(self, users, entity):
        self.users, self.entity, self.built = users, entity, 0
        now = timezone.now()
        # The meeting whose page and check-in list are counted: today, so people can be checked in.
        self.meeting = Meeting.objects.create(
            title_ar="ملتقى", title_en="Forum", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2),
            host=entity, kind=Meeting.Kind.WORKSHOP, invite_all_members=False, capacity=100,
        )
        self.meeting.guests.add(users["guest"])
        self.earlier = Meeting.objects.create(
            title_ar="سابق", title_en="Earlier", starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=30) + timedelta(hours=1),
        )
        self.minutes = Minutes.objects.create(meeting=self.meeting, text_ar="محضر", version=1)

    def grow(self, to):
        now = timezone.now()
        for i in range(self.built, to):
            entity = Entity.objects.create(name_ar=f"هيئة صقر {i}", name_en=f"Falcon authority {i}", short_name=f"F{i}")
            person = make_user(f"p{i}@size.test", Role.DIRECTOR, entity, name_ar=f"صقر {i}", name_en=f"Falcon person {i}")
            Invitee.objects.create(meeting=self.meeting, entity=entity)
            Rsvp.objects.create(meeting=self.meeting, person=person, response=Rsvp.Response.ATTENDING)
            Attendance.objects.create(meeting=self.meeting, person=person, entity=entity)
            AgendaItem.objects.create(meeting=self.meeting, position=i, title_ar=f"بند صقر {i}", title_en=f"Falcon item {i}",
                                      presenter_entity=entity, presenter_person=person)
            ActionItem.objects.create(meeting=self.meeting, text_ar=f"إجراء صقر {i}", text_en=f"Falcon action {i}", owner_entity=entity, owner_person=person)
            ActionItem.objects.create(meeting=self.earlier, text_ar=f"سابق صقر {i}", text_en=f"Falcon arising {i}", owner_entity=entity)
            MinutesComment.objects.create(minutes=self.minutes, author=person, text=f"Falcon comment {i}")
            for days in (i + 1, -(i + 1)):
                meeting = Meeting.objects.create(
                    title_ar=f"اجتماع صقر {i}", title_en=f"Falcon meeting {i}", starts_at=now + timedelta(days=days),
                    ends_at=now + timedelta(days=days, hours=1), host=entity,
                )
                meeting.guests.add(self.users["guest"])
                Rsvp.objects.create(meeting=meeting, person=self.users["director"], response=Rsvp.Response.MAYBE)
        self.built = to


@pytest.fixture
def world(users, entity):
    return World(users, entity)


@dataclass(frozen=True)
class Page:
    name: str
    viewer: str
    path: Callable
    queries: int

    def __str__(self):
        return self.name


def _month(world):
    today = timezone.localdate()
    return f"/meetings/{today.year}/{today.month}/"


PAGES = [
    # session user, year choices, host choices, upcoming page, past page (each with the viewer's reply)
    Page("list", "director", lambda w: "/meetings/", 5),
    Page("list-guest", "guest", lambda w: "/meetings/", 5),
    # session user, the month's meetings (with host and the viewer's reply)
    Page("month", "director", _month, 2),
    # session user, meeting (host, counts, the viewer's reply, wait-list place, attendance, and
    # whether the viewer is invited: read by the reply rule and by every documents panel's upload
    # rule), agenda (presenters), documents of the meeting and all its items, what other portals
    # attach to the agenda items (campaigns presented: one query for all items,
    # portal.registry.agenda_item_links); and the members' record: attendance (with names), action
    # items with matters arising, minutes versions with their comments (one query). All but the
    # first two are kept under the data version and here read again after a write; 2 otherwise
    # (test_page_renderings). (11 before the invitation was annotated, 9 before the minutes and
    # their comments were read together.)
    Page("detail", "director", lambda w: f"/meetings/{w.meeting.pk}/", 8),
    # session user, meeting (visible to the guest, with their invitation and attendance: the
    # feedback and certificate rules read it), agenda, documents shared with guests
    Page("detail-guest", "guest", lambda w: f"/meetings/{w.meeting.pk}/", 4),
    # session user, TOTP check, meeting, replies, attendance, people (invited, replied or checked in)
    Page("check-in", "secretariat", lambda w: f"/meetings/{w.meeting.pk}/check-in/", 6),
    # the same as check-in
    Page("report", "secretariat", lambda w: f"/meetings/{w.meeting.pk}/report/", 6),
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_meeting_page_query_count_does_not_grow(login_as, users, world, django_assert_num_queries, page, language):
    client = login_as(users[page.viewer])
    world.grow(SMALL)
    url = f"/{language}{page.path(world)}"
    client.get(url)
    shown = []
    for size in (SMALL, LARGE):
        world.grow(size)
        # Measured as after a write, whether or not growing wrote anything: what is kept under the
        # data version (the meeting page's members' record) is worked out again and counted.
        fragments.bump()
        with django_assert_num_queries(page.queries):
            response = client.get(url)
        assert response.status_code == 200
        shown.append(response.content.decode().lower().count(MARKS[language]))
    if page.name != "month":
        assert shown[0] < shown[1], "the page should show more at the larger size"
