"""Writes of the meetings portal: create, update, cancel and delete a meeting. Each is atomic and
audited, and queues the notifications of its invitees (meetings.notifications.notify_invitees):
the job is written in the same transaction, so it exists exactly when the change commits, and the
fan-out to thousands of people happens in the worker, not while the secretariat waits.

Nobody is told about a meeting that has already ended (the secretariat recording past meetings),
nor about changes to a cancelled one.
"""
from django.db import transaction

from meetings import notifications
from meetings.models import Meeting
from portal import audit
from portal.notifications.services import notifications_withdraw


def _queue(meeting, kind, acting_user, **options):
    notifications.notify_invitees.enqueue(meeting.pk, kind, acting_user.pk if acting_user else None, **options)


def _tells_invitees(meeting):
    return not meeting.has_ended and not meeting.is_cancelled


def meeting_create(*, data, guests=(), acting_user, request=None):
    """A new meeting from `data` (model field values) with its invited `guests`."""
    with transaction.atomic():
        meeting = Meeting(**data)
        meeting.full_clean()
        meeting.save()
        meeting.guests.set(guests)
        audit.record(audit.Action.CREATED, actor=acting_user, target=meeting, request=request,
                     fields=sorted(data), guests=sorted(guest.pk for guest in guests))
        if _tells_invitees(meeting):
            _queue(meeting, notifications.NEW, acting_user)
    return meeting


def meeting_update(*, meeting, data, guests=None, acting_user, request=None):
    """Change `meeting`'s fields to `data` and, when given, its guests to `guests`.

    The invitees hear of a change of time, place, title or status; guests just added hear of the
    meeting as a new one; a change to "cancelled" is told as a cancellation."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        was_cancelled = meeting.is_cancelled
        changed = sorted(name for name, value in data.items() if getattr(meeting, name) != value)
        for name in changed:
            setattr(meeting, name, data[name])
        if changed:
            meeting.full_clean()
            meeting.save(update_fields=changed)
        added, removed = [], []
        if guests is not None:
            before = set(meeting.guests.values_list("pk", flat=True))
            after = {guest.pk for guest in guests}
            added, removed = sorted(after - before), sorted(before - after)
            meeting.guests.add(*added)
            meeting.guests.remove(*removed)
        if not (changed or added or removed):
            return meeting
        audit.record(audit.Action.UPDATED, actor=acting_user, target=meeting, request=request,
                     fields=changed, guests_added=added, guests_removed=removed)
        if meeting.has_ended:
            return meeting
        if meeting.is_cancelled and not was_cancelled:
            _queue(meeting, notifications.CANCELLED, acting_user)
        elif not meeting.is_cancelled:
            reported = notifications.changes_of(changed)
            if reported:
                _queue(meeting, notifications.CHANGED, acting_user, exclude=added, changes=reported)
            if added:
                _queue(meeting, notifications.NEW, acting_user, only=added)
    return meeting


def meeting_cancel(*, meeting, acting_user, request=None):
    """Cancel `meeting`: it stays, marked cancelled, and its invitees are told. Cancelling a
    cancelled meeting changes nothing. Returns whether it was cancelled now."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_cancelled:
            return False
        old = meeting.status
        meeting.status = Meeting.Status.CANCELLED
        meeting.save(update_fields=["status"])
        audit.record(audit.Action.UPDATED, actor=acting_user, target=meeting, request=request,
                     fields=["status"], old=old, new=meeting.status)
        if not meeting.has_ended:
            _queue(meeting, notifications.CANCELLED, acting_user)
    return True


def meeting_delete(*, meeting, acting_user, request=None):
    """Delete a meeting entered by mistake (to call a meeting off, cancel it). Its notifications go
    with it, so none leads to a page that no longer exists; nobody is told."""
    with transaction.atomic():
        audit.record(audit.Action.DELETED, actor=acting_user, target=meeting, request=request)
        notifications_withdraw(target=meeting)
        meeting.delete()
