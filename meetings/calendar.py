"""iCalendar (RFC 5545) for meetings: one meeting's `.ics` and a person's feed, written with the
`icalendar` library (line folding at 75 octets without splitting a UTF-8 character, escaping of
commas, semicolons and new lines).

Choices made for Outlook and Google:

- Times are written in UTC (`DTSTART:20220115T060000Z`), not with a VTIMEZONE. Dubai has no
  daylight saving, so nothing is lost, and a UTC time is the one form every client reads the same:
  Outlook maps a VTIMEZONE to a Windows zone by its TZID and, for an IANA name such as
  "Asia/Dubai" in a subscribed calendar, may show a "customised time zone" or shift the time;
  Google and Apple convert UTC to the reader's zone. X-WR-TIMEZONE tells Google the calendar's zone.
- METHOD:PUBLISH, no ORGANIZER or ATTENDEE: a read-only copy, so Outlook offers to add it and
  never to send a reply to someone (replies are given on the portal).
- UID `meeting-<pk>@<portal host>` never changes, SEQUENCE is the meeting's `sequence` (raised by
  the services on every change the invitees are told of): a calendar replaces its copy.
- A cancelled meeting stays in the feed with STATUS:CANCELLED (Google removes it, Outlook keeps it
  greyed), and its title says "Cancelled" for the programs that ignore STATUS in a subscription.
- Texts in the reader's language, the other one where it is empty.
"""
from datetime import UTC, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Event

from meetings.models import Meeting
from portal.calendars import new_calendar, portal_host, text_in

FEED_REFRESH = timedelta(hours=1)
PRODID = "-//Government Communication Network//Meetings Portal//{language}"
STATUS = {
    Meeting.Status.SCHEDULED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.POSTPONED: "TENTATIVE",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def meeting_uid(meeting):
    return f"meeting-{meeting.pk}@{portal_host()}"


def meeting_url(meeting, language):
    with translation.override(language):
        return f"{settings.PORTAL_BASE_URL}{reverse('meetings:detail', args=[meeting.pk])}"


def meeting_event(meeting, language, *, stamp):
    """One VEVENT, in `language` (the active language is expected to be `language`)."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp.astimezone(UTC))
    if meeting.updated_at:
        event.add("last-modified", meeting.updated_at.astimezone(UTC))
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    title = text_in(meeting, "title", language)
    if meeting.is_cancelled:
        title = _("Cancelled: %(title)s") % {"title": title}
    event.add("summary", title, parameters={"LANGUAGE": language})
    event.add("status", STATUS.get(meeting.status, "CONFIRMED"))
    event.add("transp", "TRANSPARENT" if meeting.is_cancelled else "OPAQUE")
    event.add("x-microsoft-cdo-busystatus", "FREE" if meeting.is_cancelled else "BUSY")
    venue = text_in(meeting, "location", language)
    location = ", ".join(part for part in (venue, meeting.online_url) if part)
    if location:
        event.add("location", location)
    page = meeting_url(meeting, language)
    event.add("url", page, parameters={"VALUE": "URI"})
    description = [text_in(meeting, "summary", language)]
    if meeting.online_url:
        description.append(_("Online: %(url)s") % {"url": meeting.online_url})
    description.append(_("Meeting page: %(url)s") % {"url": page})
    event.add("description", "\n\n".join(part for part in description if part))
    return event


def meeting_calendar(meeting, language=None):
    """The `.ics` (bytes) of one meeting."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        calendar = new_calendar(text_in(meeting, "title", language), language, prodid=PRODID)
        calendar.add_component(meeting_event(meeting, language, stamp=timezone.now()))
        return calendar.to_ical()


def feed_calendar(meetings, language):
    """A person's feed (bytes): `meetings`, in `language`. Clients are asked to refresh hourly."""
    with translation.override(language):
        calendar = new_calendar(_("Network meetings"), language, prodid=PRODID, refresh=FEED_REFRESH)
        stamp = timezone.now()
        for meeting in meetings:
            calendar.add_component(meeting_event(meeting, language, stamp=stamp))
        return calendar.to_ical()


def ics_filename(meeting):
    return f"meeting-{meeting.pk}.ics"
