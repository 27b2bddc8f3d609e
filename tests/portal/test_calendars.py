"""portal.calendars, shared by the meetings' and Al Multaqa's calendars: a month page's weeks and
links, the iCalendar skeleton and response, and a person's private feed token (made once, reset
with an audit entry, a 404 once reset or for someone who may no longer read it)."""
from datetime import date, timedelta

import pytest
from django.http import Http404
from django.utils import timezone, translation
from icalendar import Calendar, vDuration

from campaigns.models import CalendarFeed as CampaignsFeed
from meetings.models import CalendarFeed as MeetingsFeed
from portal import calendars
from portal.models import AuditEntry

pytestmark = pytest.mark.django_db


def feed_entries():
    return AuditEntry.objects.filter(target_type__endswith=".calendarfeed").order_by("pk")


@pytest.mark.parametrize(("year", "month"), [(2026, 0), (2026, 13), (1999, 12), (2101, 1)])
def test_a_month_outside_the_calendar_is_a_404(year, month):
    with pytest.raises(Http404):
        calendars.first_of_month_or_404(year, month)


def test_months_are_counted_across_years():
    assert calendars.first_of_month_or_404(2026, 2) == date(2026, 2, 1)
    assert calendars.add_months(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert calendars.add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert calendars.add_months(date(2026, 3, 15), 14) == date(2027, 5, 1)
    assert calendars.add_months(date(2026, 3, 15), 0) == date(2026, 3, 1)


def test_weeks_start_on_monday_and_the_header_names_the_days_in_that_order():
    weeks = calendars.month_weeks(2026, 2)  # 1 February 2026 is a Sunday
    assert weeks[0][0] == date(2026, 1, 26) and weeks[0][-1] == date(2026, 2, 1)
    assert all(week[0].weekday() == 0 and len(week) == 7 for week in weeks)
    with translation.override("en"):
        links = calendars.month_navigation("meetings:month", date(2026, 1, 1), date(2026, 5, 20), "?theme=3")
        assert [str(name) for name in links["weekdays"]] == [
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        ]
    assert (links["previous_url"], links["next_url"], links["today_url"]) == (
        "/en/meetings/2025/12/?theme=3", "/en/meetings/2026/2/?theme=3", "/en/meetings/2026/5/?theme=3",
    )


def test_the_calendar_skeleton_asks_feeds_only_to_refresh():
    one = Calendar.from_ical(calendars.new_calendar("اجتماع", "ar", prodid="-//GCN//Test//{language}").to_ical())
    assert (str(one["PRODID"]), str(one["METHOD"]), str(one["X-WR-CALNAME"]), str(one["X-WR-TIMEZONE"])) == (
        "-//GCN//Test//AR", "PUBLISH", "اجتماع", "Asia/Dubai",
    )
    assert "REFRESH-INTERVAL" not in one and "X-PUBLISHED-TTL" not in one
    ical = calendars.new_calendar("Feed", "en", prodid="-//GCN//{language}", refresh=timedelta(hours=6)).to_ical()
    feed = Calendar.from_ical(ical)
    assert feed["REFRESH-INTERVAL"].dt == timedelta(hours=6)
    # Outlook reads X-PUBLISHED-TTL, a duration: parsed back as one, it is six hours.
    assert b"X-PUBLISHED-TTL:PT6H" in ical.splitlines()
    assert vDuration.from_ical(str(feed["X-PUBLISHED-TTL"])) == timedelta(hours=6)


def test_an_ics_response_is_never_cached_nor_indexed():
    inline = calendars.ics_response(b"BEGIN:VCALENDAR", "feed.ics")
    attached = calendars.ics_response(b"BEGIN:VCALENDAR", "meeting-3.ics", attachment=True)
    assert inline["Content-Disposition"] == 'inline; filename="feed.ics"'
    assert attached["Content-Disposition"] == 'attachment; filename="meeting-3.ics"'
    assert (attached["Content-Type"], attached["Cache-Control"], attached["X-Robots-Tag"]) == (
        "text/calendar; charset=utf-8", "private, no-store", "noindex, nofollow",
    )


def test_a_feed_is_made_once_and_its_creation_audited_when_asked(director):
    first = calendars.feed_for(CampaignsFeed, director, audit_creation=True)
    assert calendars.feed_for(CampaignsFeed, director, audit_creation=True).pk == first.pk and len(first.token) >= 40
    meetings_feed = calendars.feed_for(MeetingsFeed, director)
    assert meetings_feed.token != first.token
    assert list(feed_entries().values_list("action", "target_type", "target_id")) == [
        ("created", "campaigns.calendarfeed", str(first.pk)),
    ]


def test_a_reset_token_stops_working_at_once_and_is_audited(director):
    old = calendars.feed_for(MeetingsFeed, director).token
    assert calendars.feed_or_404(MeetingsFeed, old).person == director
    new = calendars.feed_reset(MeetingsFeed, person=director)
    assert new.token != old and new.last_used_at is None
    with pytest.raises(Http404):
        calendars.feed_or_404(MeetingsFeed, old)
    assert calendars.feed_or_404(MeetingsFeed, new.token).pk == new.pk
    assert list(feed_entries().values_list("action", "actor_id", "target_type")) == [
        ("updated", director.pk, "meetings.calendarfeed"),
    ]


def test_a_feed_is_a_404_for_a_deactivated_person_or_one_without_the_permission(director, guest):
    token = calendars.feed_for(CampaignsFeed, guest).token
    assert calendars.feed_or_404(CampaignsFeed, token).person == guest
    with pytest.raises(Http404):
        calendars.feed_or_404(CampaignsFeed, token, permission="campaigns.view_campaigns")
    director_token = calendars.feed_for(CampaignsFeed, director).token
    assert calendars.feed_or_404(CampaignsFeed, director_token, permission="campaigns.view_campaigns").person == director
    director.is_active = False
    director.save(update_fields=["is_active"])
    with pytest.raises(Http404):
        calendars.feed_or_404(CampaignsFeed, director_token)


def test_reading_a_feed_is_recorded_at_most_hourly(director, django_assert_num_queries):
    feed = calendars.feed_for(MeetingsFeed, director)
    with django_assert_num_queries(2):  # the feed and its person, then the one UPDATE
        calendars.feed_or_404(MeetingsFeed, feed.token)
    feed.refresh_from_db()
    first_read = feed.last_used_at
    assert first_read is not None
    with django_assert_num_queries(1):
        calendars.feed_or_404(MeetingsFeed, feed.token)
    MeetingsFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now() - timedelta(hours=2))
    calendars.feed_or_404(MeetingsFeed, feed.token)
    feed.refresh_from_db()
    assert feed.last_used_at > first_read


@pytest.mark.parametrize(("url", "expected", "missing"), [
    ("/en/meetings/2026/1/", ("/en/meetings/2025/12/", "/en/meetings/{today}/", "/en/meetings/2026/2/"), "/en/meetings/2026/13/"),
    ("/en/campaigns/calendar/2026/12/?audience=youth", (
        "/en/campaigns/calendar/2026/11/?audience=youth", "/en/campaigns/calendar/{today}/?audience=youth",
        "/en/campaigns/calendar/2027/1/?audience=youth",
    ), "/en/campaigns/calendar/1999/12/"),
])
def test_both_month_pages_link_the_previous_current_and_next_month(login_as, director, url, expected, missing):
    today = timezone.localdate()
    client = login_as(director)
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode().replace("&amp;", "&")
    previous, current, following = (link.replace("{today}", f"{today.year}/{today.month}") for link in expected)
    assert f'id="previous-month" href="{previous}" rel="prev"' in body
    assert f'href="{current}">This month</a>' in body
    assert f'id="next-month" href="{following}" rel="next"' in body
    assert [str(day) for day in page.context["weekdays"]] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert client.get(missing).status_code == 404
