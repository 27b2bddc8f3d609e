"""The meetings' reminders, on the schedule (portal.tasks.periodic, Dubai time):

- 08:00 action items due tomorrow, to their owners;
- 09:00 a reply reminder for meetings RSVP_REMINDER_DAYS days ahead, to the invitees who have not replied;
- 10:00 a reminder of tomorrow's meetings, to the invitees who have not declined.

Each reminder is sent once: the schedule enqueues a job once per slot, and a job run again (a retry
after a failure) skips the people it already told.
"""
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import notifications
from meetings.models import ActionItem, Meeting, Rsvp
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.tasks import PeriodicJob, background, periodic

RSVP_REMINDER_DAYS = 3


def _meetings_on(day):
    """Meetings starting on local date `day`, not cancelled."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return Meeting.objects.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1)).exclude(
        status=Meeting.Status.CANCELLED,
    )


def _already_told(kind, meeting, **context):
    told = Notification.objects.filter(kind=kind, target_id=str(meeting.pk), target_type__model="meeting")
    for name, value in context.items():
        told = told.filter(**{f"context__{name}": value})
    return told.values("recipient_id")


def _today():
    return timezone.localdate()


@background(label=_("Remind invitees to reply"))
def send_rsvp_reminders():
    notified = 0
    for meeting in _meetings_on(_today() + timedelta(days=RSVP_REMINDER_DAYS)):
        recipients = notifications.invitees(meeting).exclude(
            pk__in=Rsvp.objects.filter(meeting=meeting).values("person"),
        ).exclude(pk__in=_already_told(notifications.RSVP_REMINDER, meeting))
        with transaction.atomic():
            notified += len(notify(recipients, notifications.RSVP_REMINDER, meeting))
    return {"notified": notified}


def coming(meeting):
    """The invitees who have not declined nor wait for a place, and whoever replied they come."""
    declined = Rsvp.objects.filter(meeting=meeting).filter(
        response__in=(Rsvp.Response.NOT_ATTENDING, Rsvp.Response.DELEGATE),
    ) | Rsvp.objects.filter(meeting=meeting, wait_listed_at__isnull=False)
    return (notifications.invitees(meeting) | notifications.attending(meeting)).exclude(pk__in=declined.values("person"))


@background(label=_("Remind invitees of tomorrow's meetings"))
def send_meeting_reminders():
    notified = 0
    for meeting in _meetings_on(_today() + timedelta(days=1)):
        recipients = coming(meeting).exclude(pk__in=_already_told(notifications.REMINDER, meeting))
        with transaction.atomic():
            notified += len(notify(recipients.distinct(), notifications.REMINDER, meeting))
    return {"notified": notified}


@background(label=_("Remind owners of action items due tomorrow"))
def send_action_due_reminders():
    notified = 0
    items = ActionItem.objects.still_open().filter(kind=ActionItem.Kind.ACTION, due_on=_today() + timedelta(days=1))
    for item in items.select_related("meeting"):
        recipients = notifications.action_owners(item).exclude(
            pk__in=_already_told(notifications.ACTION_DUE, item.meeting, item_id=item.pk),
        )
        with transaction.atomic():
            notified += len(notify(recipients, notifications.ACTION_DUE, item.meeting, context=notifications.action_context(item)))
    return {"notified": notified}


def register_schedule():
    periodic.register("meetings_action_due", PeriodicJob(
        send_action_due_reminders, hour=8, description="Action items due tomorrow, to their owners (08:00)",
    ))
    periodic.register("meetings_rsvp_reminders", PeriodicJob(
        send_rsvp_reminders, hour=9,
        description=f"Reply reminders for meetings in {RSVP_REMINDER_DAYS} days, to invitees without a reply (09:00)",
    ))
    periodic.register("meetings_reminders", PeriodicJob(
        send_meeting_reminders, hour=10, description="Tomorrow's meetings, to the invitees who have not declined (10:00)",
    ))
