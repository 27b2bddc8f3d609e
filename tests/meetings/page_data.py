"""Meetings with everything their pages show, built through the real services where there is one."""
from datetime import timedelta

from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, AgendaItem, Attendance, Invitee, Meeting, Minutes, Rsvp


def make_meeting(title="Network meeting", days=3, *, host=None, kind=Meeting.Kind.NETWORK_MEETING, guests=(), **fields):
    start = timezone.now() + timedelta(days=days)
    meeting = Meeting.objects.create(
        title_ar=fields.pop("title_ar", f"اجتماع {title}"), title_en=title, kind=kind, starts_at=start,
        ends_at=start + timedelta(hours=2), host=host, **fields,
    )
    meeting.guests.set(guests)
    return meeting


def add_agenda(meeting, *, entity=None, person=None):
    """Three items, saved out of order, so the page must order them."""
    third = AgendaItem.objects.create(meeting=meeting, position=3, title_ar="عرض الضيف", title_en="Guest presentation",
                                      presenter_guest_ar="جمعية الإمارات للطبيعة", presenter_guest_en="Emirates Nature–WWF", planned_minutes=20)
    first = AgendaItem.objects.create(meeting=meeting, position=1, title_ar="افتتاح", title_en="Opening", presenter_person=person, planned_minutes=10)
    second = AgendaItem.objects.create(meeting=meeting, position=2, title_ar="نتائج حملة دبي تقدر", title_en="Dubai Can results",
                                       presenter_entity=entity, planned_minutes=30)
    return [first, second, third]


def check_in(meeting, person, by):
    return Attendance.objects.create(meeting=meeting, person=person, entity=person.entity, checked_in_by=by)


def reply(meeting, person, response=Rsvp.Response.ATTENDING, **fields):
    return Rsvp.objects.create(meeting=meeting, person=person, response=response, **fields)


def invite(meeting, *, people=(), entities=()):
    Invitee.objects.bulk_create([Invitee(meeting=meeting, person=p) for p in people] + [Invitee(meeting=meeting, entity=e) for e in entities])


def publish_minutes(meeting, by, text="المحضر", **fields):
    return Minutes.objects.create(meeting=meeting, text_ar=text, text_en="Minutes", published_by=by, **fields)


def action(meeting, text, *, kind=ActionItem.Kind.ACTION, **fields):
    return ActionItem.objects.create(meeting=meeting, kind=kind, text_ar=text, text_en=text, **fields)


__all__ = ["services", "make_meeting", "add_agenda", "check_in", "reply", "invite", "publish_minutes", "action"]
