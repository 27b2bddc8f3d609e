"""iCalendar: one meeting's .ics and each person's feed, parsed back with the `icalendar` library as a
calendar program would: Arabic titles and times round-trip, the UID stays, SEQUENCE rises with each
change told to invitees, a cancelled meeting stays with STATUS:CANCELLED, and a feed holds only the
meetings its person is invited to and may see."""
from datetime import UTC, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from meetings import calendar, services
from meetings.models import CalendarFeed, Invitee, Meeting
from members.models import Role
from portal.models import AuditEntry
from portal.notifications.models import Recipient
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TRICKY_TITLE = "اجتماع الشبكة الأول لعام 2022، إطلاق منصة الأعضاء; الجزء الأول, والثاني"


def make_meeting(title_ar=TRICKY_TITLE, title_en="First network meeting of 2022", days=3, **extra):
    start = (timezone.now() + timedelta(days=days)).replace(microsecond=0, second=0)
    return Meeting.objects.create(**{
        "title_ar": title_ar, "title_en": title_en, "starts_at": start, "ends_at": start + timedelta(hours=2),
        "location_ar": "دائرة الاقتصاد والسياحة، دبي", "location_en": "Department of Economy and Tourism, Dubai",
        "online_url": "https://teams.example.gov.ae/meet/123", "summary_ar": "السطر الأول\nالسطر الثاني، مع فاصلة; وفاصلة منقوطة",
        "summary_en": "Line one", **extra,
    })


def parse(body):
    return Calendar.from_ical(body)


def events(body):
    return parse(body).walk("VEVENT")


def test_a_meetings_ics_round_trips_arabic_text_and_times_and_is_valid(director):
    meeting = make_meeting()
    body = calendar.meeting_calendar(meeting, "ar")

    # RFC 5545: CRLF line ends, no line over 75 octets (folded without cutting an Arabic letter).
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    for line in lines:
        line.decode("utf-8")

    cal = parse(body)
    assert (str(cal["VERSION"]), str(cal["METHOD"])) == ("2.0", "PUBLISH")
    assert str(cal["PRODID"]).startswith("-//Government Communication Network//")
    # The calendar's name: RFC 7986 NAME, and X-WR-CALNAME for Outlook and Google, as TEXT (escaped;
    # the library reads an X- property back raw).
    assert str(cal["NAME"]) == TRICKY_TITLE
    assert str(cal["X-WR-CALNAME"]) == TRICKY_TITLE.replace(",", "\\,").replace(";", "\\;")
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == TRICKY_TITLE  # commas and semicolons escaped and read back
    assert event.decoded("DTSTART") == meeting.starts_at and event.decoded("DTEND") == meeting.ends_at
    # Written in UTC: the same instant for Outlook, Google and Apple wherever the reader is.
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert f"DTSTART:{meeting.starts_at.astimezone(UTC):%Y%m%dT%H%M%S}Z".encode() in body
    assert str(event["UID"]) == f"meeting-{meeting.pk}@127.0.0.1"
    assert event["SEQUENCE"] == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "دائرة الاقتصاد والسياحة، دبي, https://teams.example.gov.ae/meet/123"
    assert str(event["URL"]) == f"http://127.0.0.1:8000/ar/meetings/{meeting.pk}/"
    description = str(event["DESCRIPTION"])
    assert description.startswith("السطر الأول\nالسطر الثاني، مع فاصلة; وفاصلة منقوطة")
    assert "https://teams.example.gov.ae/meet/123" in description
    assert event.decoded("DTSTAMP").tzinfo is not None


def test_english_readers_get_english_and_the_arabic_where_english_is_missing():
    meeting = make_meeting(title_en="", location_en="")
    (event,) = events(calendar.meeting_calendar(meeting, "en"))
    assert str(event["SUMMARY"]) == TRICKY_TITLE
    assert str(event["URL"]).endswith(f"/en/meetings/{meeting.pk}/")
    (event,) = events(calendar.meeting_calendar(make_meeting(), "en"))
    assert str(event["SUMMARY"]) == "First network meeting of 2022"


def test_the_uid_stays_and_the_sequence_rises_with_each_change_then_cancelled(secretariat):
    start = (timezone.now() + timedelta(days=4)).replace(microsecond=0)
    meeting = services.meeting_create(data={
        "title_ar": "جلسة معرفية", "title_en": "Knowledge session", "starts_at": start, "ends_at": start + timedelta(hours=1),
    }, acting_user=secretariat)
    (first,) = events(calendar.meeting_calendar(meeting, "ar"))

    later = meeting.starts_at + timedelta(days=1)
    meeting = services.meeting_update(meeting=meeting, data={"starts_at": later, "ends_at": later + timedelta(hours=1)},
                                      acting_user=secretariat)
    meeting.refresh_from_db()
    (moved,) = events(calendar.meeting_calendar(meeting, "ar"))
    assert str(moved["UID"]) == str(first["UID"])
    assert moved["SEQUENCE"] > first["SEQUENCE"]
    assert moved.decoded("DTSTART") == later

    services.meeting_cancel(meeting=meeting, acting_user=secretariat)
    meeting.refresh_from_db()
    (cancelled,) = events(calendar.meeting_calendar(meeting, "ar"))
    assert str(cancelled["UID"]) == str(first["UID"])
    assert cancelled["SEQUENCE"] > moved["SEQUENCE"]
    assert str(cancelled["STATUS"]) == "CANCELLED"


# The .ics download --------------------------------------------------------------------------------

def test_the_ics_download_is_for_those_who_see_the_meeting(login_as, director, guest):
    theirs, other = make_meeting(), make_meeting(title_en="Closed")
    theirs.guests.add(guest)

    response = login_as(guest).get(f"/en/meetings/{theirs.pk}/meeting.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{theirs.pk}.ics"'
    (event,) = events(response.content)
    assert str(event["SUMMARY"]) == "First network meeting of 2022"

    assert login_as(guest).get(f"/en/meetings/{other.pk}/meeting.ics").status_code == 404
    assert login_as(director).get(f"/ar/meetings/{other.pk}/meeting.ics").status_code == 200
    assert Client().get(f"/ar/meetings/{other.pk}/meeting.ics").status_code == 302


# The personal feed ----------------------------------------------------------------------------------

def feed_of(person):
    return services.calendar_feed_for(person)


def test_a_guests_feed_holds_exactly_their_meeting(guest):
    theirs = make_meeting()
    theirs.guests.add(guest)
    make_meeting(title_en="Network meeting")  # invites all members, not guests
    response = Client().get(f"/ar/meetings/feed/{feed_of(guest).token}.ics")
    assert response.status_code == 200
    cal = parse(response.content)
    assert [str(event["UID"]) for event in cal.walk("VEVENT")] == [calendar.meeting_uid(theirs)]
    assert str(cal["METHOD"]) == "PUBLISH" and str(cal["X-WR-TIMEZONE"]) == "Asia/Dubai"


def test_a_members_feed_holds_the_meetings_they_are_invited_to_cancelled_included(director, team_member, other_director, entity):
    network = make_meeting(title_en="Network meeting")
    for_entity = make_meeting(title_en="Session for the entity", invite_all_members=False)
    Invitee.objects.create(meeting=for_entity, entity=entity)
    for_someone_else = make_meeting(title_en="Session for another", invite_all_members=False)
    Invitee.objects.create(meeting=for_someone_else, person=other_director)
    cancelled = make_meeting(title_en="Cancelled one", status=Meeting.Status.CANCELLED)
    make_meeting(title_en="Long ago", days=-800)

    body = Client().get(f"/en/meetings/feed/{feed_of(director).token}.ics").content
    uids = {str(event["UID"]): event for event in events(body)}
    assert set(uids) == {calendar.meeting_uid(m) for m in (network, for_entity, cancelled)}
    assert str(uids[calendar.meeting_uid(cancelled)]["STATUS"]) == "CANCELLED"

    other_uids = {str(e["UID"]) for e in events(Client().get(f"/en/meetings/feed/{feed_of(other_director).token}.ics").content)}
    assert calendar.meeting_uid(for_someone_else) in other_uids and calendar.meeting_uid(for_entity) not in other_uids


def test_the_feed_is_in_the_persons_language(director):
    make_meeting()
    Recipient.objects.create(user=director, language="en")
    # The address's language prefix does not matter: the person's chosen language does.
    (event,) = events(Client().get(f"/ar/meetings/feed/{feed_of(director).token}.ics").content)
    assert str(event["SUMMARY"]) == "First network meeting of 2022"
    assert str(parse(Client().get(f"/ar/meetings/feed/{feed_of(director).token}.ics").content)["X-WR-CALNAME"]) == "Network meetings"


def test_an_unknown_token_or_a_deactivated_persons_feed_is_a_404(director):
    make_meeting()
    token = feed_of(director).token
    assert Client().get("/ar/meetings/feed/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaa.ics").status_code == 404
    assert Client().get(f"/ar/meetings/feed/{token}.ics").status_code == 200
    director.is_active = False
    director.save(update_fields=["is_active"])
    assert Client().get(f"/ar/meetings/feed/{token}.ics").status_code == 404


def test_the_feed_records_its_use_at_most_once_an_hour(director, django_assert_num_queries):
    make_meeting()
    feed = feed_of(director)
    url = f"/ar/meetings/feed/{feed.token}.ics"
    Client().get(url)
    first = CalendarFeed.objects.get(pk=feed.pk).last_used_at
    assert first is not None

    client = Client()
    with django_assert_num_queries(2):  # the feed and its person; its meetings: no update within the hour
        assert client.get(url).status_code == 200
    assert CalendarFeed.objects.get(pk=feed.pk).last_used_at == first

    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=first - timedelta(hours=2))
    client.get(url)
    assert CalendarFeed.objects.get(pk=feed.pk).last_used_at > first


def test_a_feeds_queries_do_not_grow_with_its_meetings(director, django_assert_num_queries):
    feed = feed_of(director)
    url = f"/ar/meetings/feed/{feed.token}.ics"
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    make_meeting()
    with django_assert_num_queries(2):
        assert len(events(Client().get(url).content)) == 1
    for index in range(10):
        make_meeting(title_en=f"Meeting {index}", days=index + 1)
    with django_assert_num_queries(2):
        assert len(events(Client().get(url).content)) == 11


def test_the_feed_settings_page_shows_the_address_and_a_reset_changes_it(login_as, director):
    client = login_as(director)
    page = client.get("/en/meetings/feed/")
    assert page.status_code == 200
    token = CalendarFeed.objects.get(person=director).token
    html = page.content.decode()
    assert f"http://127.0.0.1:8000/en/meetings/feed/{token}.ics" in html
    assert f"webcal://127.0.0.1:8000/en/meetings/feed/{token}.ics" in html
    assert 'id="feed-copy"' in html and "Outlook" in html and "Google Calendar" in html
    assert 'dir="ltr"' in html
    assert "anyone who has it sees your meetings" in html
    assert '<form method="post" action="/en/meetings/feed/">' in html

    response = client.post("/en/meetings/feed/", {"token": "chosen-by-me"}, follow=True)
    assert response.redirect_chain == [("/en/meetings/feed/", 302)]
    new_token = CalendarFeed.objects.get(person=director).token
    assert new_token not in (token, "chosen-by-me")
    assert Client().get(f"/ar/meetings/feed/{token}.ics").status_code == 404
    assert Client().get(f"/ar/meetings/feed/{new_token}.ics").status_code == 200
    assert AuditEntry.objects.filter(target_type="meetings.calendarfeed", actor=director, details__fields=["token"]).count() == 1


def test_the_feed_settings_page_in_arabic(login_as, guest):
    html = login_as(guest).get("/ar/meetings/feed/").content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html

