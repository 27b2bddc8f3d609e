"""Queries of the coordination calendar's and strategic messages' pages at N and 10N rows, in Arabic
and English: the count must not grow with the data (list pages at most 6, detail pages at most 8:
../shared/brief/performance.md). Each page is requested once to warm up the session, then counted
after the data has grown; the comment beside each count says which queries they are."""
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

import pytest
from django.utils import timezone

from campaigns import agenda
from campaigns.calendar import calendar_feed_for
from campaigns.models import Occasion, StrategicMessage
from members.models import Entity
from tests.campaigns.factories import make_campaign, make_theme
from tests.meetings.page_data import make_meeting

pytestmark = pytest.mark.django_db

N = 3
SIZES = (N, 10 * N)
MARKS = {"ar": "صقر", "en": "falcon"}


class World:
    """Campaigns of several entities for the same audience in the coming weeks (so that they all
    overlap), their drafts, national occasions and strategic messages carried by a case that was
    presented at meetings."""

    def __init__(self, entity):
        self.entity, self.built = entity, 0
        self.today = timezone.localdate()
        self.theme = make_theme("Falcon theme", "محور صقر")
        self.message = self._message(0)
        self.case = make_campaign(entity, title_ar="حالة صقر", title_en="Falcon case", starts_on=self.today, audiences=["youth"])

    def _message(self, i):
        return StrategicMessage.objects.create(
            title_ar=f"رسالة صقر {i}", title_en=f"Falcon message {i}", body_ar="نص", body_en="Text", theme=self.theme,
            valid_from=self.today - timedelta(days=i + 2), valid_until=None if i % 2 else self.today - timedelta(days=1),
        )

    def grow(self, to):
        for i in range(self.built, to):
            day = self.today + timedelta(days=i % 20)
            other = Entity.objects.create(name_ar=f"هيئة صقر {i}", name_en=f"Falcon authority {i}", short_name=f"F{i}")
            campaign = make_campaign(other, title_ar=f"حملة صقر {i}", title_en=f"Falcon campaign {i}", starts_on=day,
                                     ends_on=day + timedelta(days=10), audiences=["youth", "families"])
            campaign.themes.add(self.theme)
            campaign.messages.add(self.message)
            make_campaign(self.entity, state="draft", title_ar=f"مسودة صقر {i}", title_en=f"Falcon draft {i}", starts_on=day, audiences=["youth"])
            Occasion.objects.create(name_ar=f"مناسبة صقر {i}", name_en=f"Falcon occasion {i}", starts_on=day, theme=self.theme)
            message = self._message(i + 1)
            self.case.messages.add(message)
            meeting = make_meeting(f"Falcon meeting {i}", -i - 1)
            self.case.agenda_items.add(meeting.agenda_items.create(title_ar=f"بند صقر {i}", title_en=f"Falcon item {i}", position=1))
        self.built = to


@pytest.fixture
def world(entity):
    return World(entity)


@dataclass(frozen=True)
class Page:
    name: str
    path: Callable
    queries: int
    grows: bool = True

    def __str__(self):
        return self.name


def this_month(world):
    return f"/campaigns/calendar/{world.today.year}/{world.today.month}/"


PAGES = [
    # session user, theme choices, the month's campaigns (with owner), their neighbours for the overlaps, occasions
    Page("month", this_month, 5, grows=False),  # the month is bounded: more rows, but not always more in it
    Page("month-filtered", lambda w: f"{this_month(w)}?theme={w.theme.pk}&audience=youth", 5, grows=False),
    # the same for the coming twelve months
    Page("list", lambda w: "/campaigns/calendar/", 5),
    # session user, theme choices, the page of messages (with theme)
    Page("messages", lambda w: "/campaigns/messages/", 3),
    # session user, the message (with theme), the campaigns carrying it (with owner)
    Page("message", lambda w: f"/campaigns/messages/{w.message.pk}/", 3),
    # session user, the feed's token
    Page("feed-settings", lambda w: "/campaigns/calendar/feed/", 2, grows=False),
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_calendar_and_message_pages_query_count_does_not_grow(login_as, director, world, django_assert_num_queries, page, language):
    client = login_as(director)
    world.grow(SIZES[0])
    url = f"/{language}{page.path(world)}"
    client.get(url)
    shown = []
    for size in SIZES:
        world.grow(size)
        with django_assert_num_queries(page.queries):
            response = client.get(url)
        assert response.status_code == 200
        shown.append(response.content.decode().lower().count(MARKS[language]))
    if page.grows:
        assert shown[0] < shown[1], "the page should show more at the larger size"


def test_the_feed_query_count_does_not_grow(client, director, world, django_assert_num_queries):
    token = calendar_feed_for(director).token
    client.get(f"/en/campaigns/calendar/feed/{token}.ics")  # records its use: once an hour, not per read
    sizes = []
    for size in SIZES:
        world.grow(size)
        # the token with its person and their language, the campaigns (with owner), the occasions
        with django_assert_num_queries(3):
            response = client.get(f"/en/campaigns/calendar/feed/{token}.ics")
        sizes.append(response.content.count(b"BEGIN:VEVENT"))
    assert sizes[0] < sizes[1]


def test_the_case_pages_messages_and_meetings_are_one_query(director, world, django_assert_num_queries):
    counted = []
    for size in SIZES:
        world.grow(size)
        with django_assert_num_queries(1):
            links = agenda.case_links(world.case, director)
        counted.append((len(links["messages"]), len(links["presented"])))
    assert counted == [(N, N), (10 * N, 10 * N)]
