"""Writes of the meetings portal. Each is a named function with keyword-only arguments, atomic and
audited; a refused action raises `ValidationError` with a translated message, and nothing is stored.

Meetings: create, update, cancel and delete queue the notifications of their invitees
(meetings.notifications.notify_invitees): the job is written in the same transaction, so it exists
exactly when the change commits, and the fan-out to thousands of people happens in the worker, not
while the secretariat waits. Nobody is told about a meeting that has already ended (the secretariat
recording past meetings), nor about changes to a cancelled one.

Replies and the wait list: every reply locks the meeting's row first (`select_for_update`), so
replies to one meeting are taken one at a time and two people never get the last place. The places
taken are the ATTENDING replies not on the wait list (a delegate takes one, the reply that sent
them does not); over capacity a new ATTENDING reply waits (`wait_listed_at`), and whenever a place
frees (a reply changed, a delegate withdrawn, capacity raised, an invitation removed) the earliest
waiting replies are promoted and their people told.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import notifications
from meetings.models import (
    MEMBER_ROLES, ActionItem, AgendaItem, Attendance, CalendarFeed, Feedback, Invitee, Meeting, Minutes,
    MinutesComment, Rsvp,
)
from portal import audit, calendars
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
            # Calendars replace their copy only when SEQUENCE rises (RFC 5545).
            if notifications.changes_of(changed):
                meeting.sequence += 1
                changed_fields = [*changed, "sequence"]
            else:
                changed_fields = changed
            meeting.save(update_fields=changed_fields)
        added, removed = [], []
        if guests is not None:
            before = set(meeting.guests.values_list("pk", flat=True))
            after = {guest.pk for guest in guests}
            added, removed = sorted(after - before), sorted(before - after)
            meeting.guests.add(*added)
            meeting.guests.remove(*removed)
        if not (changed or added or removed):
            return meeting
        if removed or "invite_all_members" in changed:
            _drop_replies_of_the_uninvited(meeting)
        if {"capacity", "invite_all_members"} & set(changed) or removed:
            _promote_wait_list(meeting, acting_user)
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
        meeting.sequence += 1
        meeting.save(update_fields=["status", "sequence"])
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


# Helpers ------------------------------------------------------------------------------------------
def _lock(meeting):
    """The meeting's row, locked until the transaction ends: the writes of one meeting's replies,
    attendance and minutes are taken one at a time."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _name(person):
    return str(person)


# Invitations ------------------------------------------------------------------------------------
def invitees_set(*, meeting, people, entities, acting_user, request=None):
    """Invite exactly `people` and `entities` (whole entities: everyone of them) to `meeting`.

    People newly invited hear of the meeting as a new one; the replies of people no longer invited
    are withdrawn, and the places they free go to the wait list."""
    with transaction.atomic():
        meeting = _lock(meeting)
        invited_before = set(meeting.invited_people().values_list("pk", flat=True))
        people_after = {person.pk for person in people}
        entities_after = {entity.pk for entity in entities}
        people_before = set(meeting.invitees.filter(person__isnull=False).values_list("person_id", flat=True))
        entities_before = set(meeting.invitees.filter(entity__isnull=False).values_list("entity_id", flat=True))
        if people_before == people_after and entities_before == entities_after:
            return meeting
        meeting.invitees.filter(
            Q(person_id__in=people_before - people_after) | Q(entity_id__in=entities_before - entities_after)
        ).delete()
        Invitee.objects.bulk_create(
            [Invitee(meeting=meeting, person_id=pk) for pk in sorted(people_after - people_before)]
            + [Invitee(meeting=meeting, entity_id=pk) for pk in sorted(entities_after - entities_before)]
        )
        _drop_replies_of_the_uninvited(meeting)
        _promote_wait_list(meeting, acting_user)
        newly_invited = sorted(set(meeting.invited_people().values_list("pk", flat=True)) - invited_before)
        audit.record(
            audit.Action.UPDATED, actor=acting_user, target=meeting, request=request, fields=["invitees"],
            people=sorted(people_after), entities=sorted(entities_after),
        )
        if newly_invited and _tells_invitees(meeting):
            _queue(meeting, notifications.NEW, acting_user, only=newly_invited)
    return meeting


def _drop_replies_of_the_uninvited(meeting):
    """Withdraw the replies of people no longer invited, and of the delegates they had sent."""
    invited = meeting.invited_people().values("pk")
    gone = list(meeting.rsvps.filter(on_behalf_of__isnull=True).exclude(person__in=invited).values_list("person_id", flat=True))
    if gone:
        meeting.rsvps.filter(Q(person_id__in=gone) | Q(on_behalf_of_id__in=gone)).delete()
    return gone


# Replies and the wait list ----------------------------------------------------------------------
def _is_full(meeting):
    return meeting.capacity is not None and meeting.rsvps.taking_places().count() >= meeting.capacity


def _promote_wait_list(meeting, acting_user):
    """Give the free places to the earliest waiting replies and tell their people. The caller holds
    the meeting's lock. Returns the promoted replies."""
    waiting = meeting.rsvps.wait_list()
    if meeting.capacity is not None:
        free = meeting.capacity - meeting.rsvps.taking_places().count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    if not promoted:
        return []
    Rsvp.objects.filter(pk__in=[rsvp.pk for rsvp in promoted]).update(wait_listed_at=None)
    for rsvp in promoted:
        rsvp.wait_listed_at = None
        audit.record(audit.Action.UPDATED, actor=acting_user, target=rsvp, fields=["wait_listed_at"], promoted=True)
    if _tells_invitees(meeting):
        notifications.queue(notifications.PROMOTED, meeting, acting_user=acting_user, recipients=[rsvp.person_id for rsvp in promoted])
    return promoted


def _check_replies_open(meeting, person):
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting has been cancelled; replies are closed."), code="cancelled")
    if meeting.has_ended:
        raise ValidationError(_("This meeting has ended; replies are closed."), code="ended")
    if not meeting.is_invited(person):
        raise ValidationError(_("Only people invited to this meeting can reply to it."), code="not_invited")


def _check_delegate(meeting, person, delegate):
    if delegate is None:
        raise ValidationError(_("Choose the colleague who will attend in your place."), code="delegate_missing")
    if delegate.pk == person.pk:
        raise ValidationError(_("Choose a colleague other than yourself as your delegate."), code="delegate_self")
    if (
        person.entity_id is None or delegate.entity_id != person.entity_id
        or not delegate.is_active or delegate.role not in MEMBER_ROLES
    ):
        raise ValidationError(_("Your delegate must be an active member of your own entity."), code="delegate_entity")
    existing = meeting.rsvps.filter(person=delegate).first()
    if existing is None:
        return
    if existing.on_behalf_of_id is not None and existing.on_behalf_of_id != person.pk:
        raise ValidationError(
            _("%(name)s already attends this meeting on behalf of someone else.") % {"name": _name(delegate)},
            code="delegate_taken",
        )
    if existing.on_behalf_of_id is None and existing.response in (Rsvp.Response.ATTENDING, Rsvp.Response.DELEGATE):
        raise ValidationError(
            _("%(name)s has already replied to this meeting for themselves.") % {"name": _name(delegate)},
            code="delegate_replied",
        )


def rsvp_respond(*, meeting, person, response, delegate=None, acting_user, request=None):
    """`person`'s reply to `meeting`: attending, not attending, maybe, or sending `delegate` (an
    active member of their own entity, whose own reply becomes "attending on behalf of" them).

    Only invitees reply, and only before the meeting ends and while it is not cancelled. A reply
    keeps its place (or its turn on the wait list) while it stays "attending"; a delegate takes over
    the place (or the turn) of the reply they replace. Returns `person`'s reply."""
    if response not in Rsvp.Response.values:
        raise ValidationError(_("Choose one of the replies offered."), code="response")
    if acting_user.pk != person.pk and not acting_user.has_perm("meetings.manage_meeting", meeting):
        raise ValidationError(_("You can only reply for yourself."), code="not_yours")
    now = timezone.now()
    with transaction.atomic():
        meeting = _lock(meeting)
        reply = meeting.rsvps.select_related("on_behalf_of").filter(person=person).first()
        if reply is not None and reply.on_behalf_of_id is not None:
            raise ValidationError(
                _("You attend on behalf of %(name)s; only they can change or withdraw the delegation.")
                % {"name": _name(reply.on_behalf_of)},
                code="is_delegate",
            )
        _check_replies_open(meeting, person)
        if response == Rsvp.Response.DELEGATE:
            _check_delegate(meeting, person, delegate)
        else:
            delegate = None
        old_delegate_id = reply.delegate_id if reply is not None and reply.response == Rsvp.Response.DELEGATE else None
        old_delegate_reply = (
            meeting.rsvps.filter(person_id=old_delegate_id, on_behalf_of=person).first() if old_delegate_id else None
        )
        # The place (None) or the turn (a time) the reply held before, which a delegate takes over.
        held = _UNHELD
        if reply is not None and reply.response == Rsvp.Response.ATTENDING:
            held = reply.wait_listed_at
        elif old_delegate_reply is not None:
            held = old_delegate_reply.wait_listed_at

        before = (reply.response, reply.delegate_id, reply.wait_listed_at) if reply is not None else None
        if reply is None:
            reply = Rsvp(meeting=meeting, person=person)
        if response == Rsvp.Response.ATTENDING and held is _UNHELD:
            wait_listed_at = now if _is_full(meeting) else None
        elif response == Rsvp.Response.ATTENDING:
            wait_listed_at = held
        else:
            wait_listed_at = None
        unchanged = before == (response, delegate.pk if delegate else None, wait_listed_at)
        if unchanged:
            return reply
        reply.response, reply.delegate, reply.wait_listed_at, reply.responded_at = response, delegate, wait_listed_at, now
        if reply.pk is None:
            reply.save()
        else:
            reply.save(update_fields=["response", "delegate", "wait_listed_at", "responded_at"])

        if old_delegate_reply is not None and old_delegate_id != (delegate.pk if delegate else None):
            old_delegate_reply.delete()
        if delegate is not None and delegate.pk != old_delegate_id:
            if held is _UNHELD:
                held = now if _is_full(meeting) else None
            Rsvp.objects.update_or_create(
                meeting=meeting, person=delegate,
                defaults={"response": Rsvp.Response.ATTENDING, "on_behalf_of": person, "delegate": None,
                          "wait_listed_at": held, "responded_at": now},
            )
        audit.record(
            audit.Action.UPDATED if before else audit.Action.CREATED, actor=acting_user, target=reply, request=request,
            meeting=meeting.pk, response=response, delegate=delegate.pk if delegate else None,
            wait_listed=wait_listed_at is not None,
        )
        _promote_wait_list(meeting, acting_user)
    return reply


def rsvp_withdraw(*, rsvp, acting_user, request=None):
    """Remove a reply (the secretariat correcting a mistake): a delegation goes with its delegate's
    reply, and the places freed go to the wait list."""
    with transaction.atomic():
        meeting = _lock(rsvp.meeting)
        rsvp = meeting.rsvps.filter(pk=rsvp.pk).first()
        if rsvp is None:
            return False
        audit.record(audit.Action.DELETED, actor=acting_user, target=rsvp, request=request, meeting=meeting.pk)
        meeting.rsvps.filter(Q(pk=rsvp.pk) | Q(on_behalf_of_id=rsvp.person_id)).delete()
        if rsvp.on_behalf_of_id is not None:
            meeting.rsvps.filter(person_id=rsvp.on_behalf_of_id, delegate_id=rsvp.person_id).update(delegate=None, response=Rsvp.Response.MAYBE)
        _promote_wait_list(meeting, acting_user)
    return True


class _Unheld:
    """No place nor turn held before (distinct from None, which means "a place")."""


_UNHELD = _Unheld()


# Attendance ---------------------------------------------------------------------------------------
def attendance_check_in(*, meeting, person, acting_user, request=None):
    """Record that `person` is at `meeting` (the secretariat's check-in list). Checking someone in
    twice changes nothing. Returns the attendance.

    The secretariat records what happened: someone who came without being invited (a walk-in) is
    checked in all the same, and is added to the invitation in the same transaction (an Invitee row
    for a member, the meeting's guests for a guest), audited as a walk-in. So the meeting's report
    counts them both as invited and as attended, and everything that follows from an invitation
    (the meeting in their calendar feed, its documents, the workshop's feedback and certificate)
    holds for them as for anyone who came. They are not sent an invitation: they are already there."""
    if not acting_user.has_perm("meetings.check_in", meeting):
        raise ValidationError(_("Only the secretariat records attendance."), code="not_allowed")
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.is_cancelled:
            raise ValidationError(_("This meeting has been cancelled; attendance cannot be recorded."), code="cancelled")
        if timezone.localdate(meeting.starts_at) > timezone.localdate():
            raise ValidationError(_("Attendance can be recorded from the day of the meeting."), code="too_early")
        if not person.is_active:
            raise ValidationError(
                _("%(name)s's account is deactivated: attendance cannot be recorded.") % {"name": _name(person)},
                code="inactive",
            )
        if not meeting.is_invited(person):
            _invite_walk_in(meeting, person, acting_user, request)
        attendance, created = Attendance.objects.get_or_create(
            meeting=meeting, person=person, defaults={"entity_id": person.entity_id, "checked_in_by": acting_user},
        )
        if created:
            audit.record(audit.Action.CREATED, actor=acting_user, target=attendance, request=request, meeting=meeting.pk)
    return attendance


def _invite_walk_in(meeting, person, acting_user, request):
    """Add `person`, who came uninvited, to `meeting`'s invitation (see attendance_check_in)."""
    if person.role in MEMBER_ROLES:
        Invitee.objects.create(meeting=meeting, person=person)
    else:
        meeting.guests.add(person)
    audit.record(audit.Action.UPDATED, actor=acting_user, target=meeting, request=request,
                 fields=["invitees"], walk_in=person.pk)


def attendance_undo(*, meeting, person, acting_user, request=None):
    """Take back a check-in made by mistake. Returns whether there was one."""
    if not acting_user.has_perm("meetings.check_in", meeting):
        raise ValidationError(_("Only the secretariat records attendance."), code="not_allowed")
    with transaction.atomic():
        attendance = Attendance.objects.select_for_update().filter(meeting=meeting, person=person).first()
        if attendance is None:
            return False
        audit.record(audit.Action.DELETED, actor=acting_user, target=attendance, request=request, meeting=meeting.pk)
        attendance.delete()
    return True


# Agenda -------------------------------------------------------------------------------------------
AGENDA_FIELDS = (
    "position", "title_ar", "title_en", "description_ar", "description_en", "presenter_entity", "presenter_person",
    "presenter_guest_ar", "presenter_guest_en", "planned_minutes",
)


def agenda_item_save(*, meeting, data, item=None, acting_user, request=None):
    """Add an agenda item to `meeting` (item None: placed last unless `data` gives a position) or
    change `item`. `data` holds model field values; other keys are ignored. Returns the item."""
    data = {name: value for name, value in data.items() if name in AGENDA_FIELDS}
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError(_("This agenda item belongs to another meeting."), code="other_meeting")
    with transaction.atomic():
        if item is None:
            item = AgendaItem(meeting=meeting)
            if data.get("position") is None:
                last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
                data["position"] = 1 if last is None else last + 1
            changed = sorted(data)
        else:
            changed = sorted(name for name, value in data.items() if getattr(item, name) != value)
        for name in changed:
            setattr(item, name, data[name])
        item.full_clean()
        creating = item.pk is None
        if creating:
            item.save()
        elif changed:
            item.save(update_fields=changed)
        else:
            return item
        audit.record(audit.Action.CREATED if creating else audit.Action.UPDATED, actor=acting_user, target=item,
                     request=request, meeting=meeting.pk, fields=changed)
    return item


def agenda_item_delete(*, item, acting_user, request=None):
    with transaction.atomic():
        audit.record(audit.Action.DELETED, actor=acting_user, target=item, request=request, meeting=item.meeting_id)
        item.delete()


# Decisions and action items -----------------------------------------------------------------------
def _check_action_item(item):
    if item.agenda_item_id is not None and item.agenda_item.meeting_id != item.meeting_id:
        raise ValidationError(_("The agenda item must belong to the same meeting."), code="other_meeting")
    if item.owner_person_id is not None and not item.owner_person.is_active:
        raise ValidationError(_("The owner's account is no longer active; choose another owner."), code="owner_inactive")
    item.full_clean()


def action_item_create(*, meeting, kind, text_ar, text_en="", owner_entity=None, owner_person=None, due_on=None,
                       agenda_item=None, acting_user, request=None):
    """A decision or an action item of `meeting`. The owner of an action item is told."""
    if kind not in ActionItem.Kind.values:
        raise ValidationError(_("Choose whether this is a decision or an action item."), code="kind")
    with transaction.atomic():
        item = ActionItem(
            meeting=meeting, kind=kind, text_ar=text_ar, text_en=text_en, owner_entity=owner_entity,
            owner_person=owner_person, due_on=due_on, agenda_item=agenda_item,
        )
        _check_action_item(item)
        item.save()
        audit.record(audit.Action.CREATED, actor=acting_user, target=item, request=request, meeting=meeting.pk, kind=kind)
        if not meeting.is_cancelled:
            notifications.queue(notifications.ACTION_ASSIGNED, meeting, acting_user=acting_user, item=item)
    return item


ACTION_ITEM_FIELDS = ("kind", "text_ar", "text_en", "owner_entity", "owner_person", "due_on", "agenda_item")


def action_item_update(*, item, data, acting_user, request=None):
    """Change an item's text, owner, due date or agenda item (status: action_item_set_status).
    A new owner is told."""
    data = {name: value for name, value in data.items() if name in ACTION_ITEM_FIELDS}
    with transaction.atomic():
        changed = sorted(name for name, value in data.items() if getattr(item, name) != value)
        if not changed:
            return item
        for name in changed:
            setattr(item, name, data[name])
        _check_action_item(item)
        item.save(update_fields=changed)
        audit.record(audit.Action.UPDATED, actor=acting_user, target=item, request=request, fields=changed)
        if {"owner_entity", "owner_person"} & set(changed) and item.is_open:
            notifications.queue(notifications.ACTION_ASSIGNED, item.meeting, acting_user=acting_user, item=item)
    return item


def action_item_set_status(*, item, status, acting_user, request=None):
    """Move an item to `status`; closing it (done, dropped) records when, reopening clears it, so
    it rolls forward into later meetings' matters arising again."""
    if status not in ActionItem.Status.values:
        raise ValidationError(_("Choose one of the statuses offered."), code="status")
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        if item.status == status:
            return item
        old = item.status
        item.status = status
        if item.is_open:
            item.closed_at = None
        elif old in ActionItem.OPEN_STATUSES:
            item.closed_at = timezone.now()
        item.save(update_fields=["status", "closed_at"])
        audit.record(audit.Action.UPDATED, actor=acting_user, target=item, request=request, fields=["status"], old=old, new=status)
    return item


def action_item_delete(*, item, acting_user, request=None):
    with transaction.atomic():
        audit.record(audit.Action.DELETED, actor=acting_user, target=item, request=request, meeting=item.meeting_id)
        item.delete()


# Minutes ----------------------------------------------------------------------------------------
def minutes_publish(*, meeting, text_ar, text_en="", comments_until=None, change_note="", acting_user, request=None):
    """Publish `meeting`'s minutes for comment. While the latest version is open for comment it is
    corrected in place; once approved, a correction is a new version (the approved one stays in
    force until the new one is approved). Members are told. Returns the version open for comment."""
    if not (text_ar or "").strip() and not (text_en or "").strip():
        raise ValidationError(_("Write the minutes before publishing them."), code="empty")
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.is_cancelled:
            raise ValidationError(_("This meeting was cancelled; it has no minutes."), code="cancelled")
        if not meeting.has_started:
            raise ValidationError(_("Minutes can be published once the meeting has started."), code="too_early")
        if comments_until is not None and comments_until < timezone.localdate():
            raise ValidationError(_("The last day for comments cannot be in the past."), code="comments_until")
        latest = meeting.minutes.order_by("-version").first()
        values = {"text_ar": text_ar, "text_en": text_en, "comments_until": comments_until, "change_note": change_note}
        if latest is not None and latest.status == Minutes.Status.FOR_COMMENT:
            minutes, creating = latest, False
            changed = sorted(name for name, value in values.items() if getattr(minutes, name) != value)
            if not changed:
                return minutes
        else:
            minutes = Minutes(meeting=meeting, version=latest.version + 1 if latest else 1, published_by=acting_user)
            creating, changed = True, sorted(values)
        for name in changed:
            setattr(minutes, name, values[name])
        minutes.full_clean()
        if creating:
            minutes.save()
        else:
            minutes.save(update_fields=changed)
        audit.record(audit.Action.CREATED if creating else audit.Action.UPDATED, actor=acting_user, target=minutes,
                     request=request, meeting=meeting.pk, version=minutes.version, fields=changed)
        if creating:
            notifications.queue(notifications.MINUTES_READY, meeting, acting_user=acting_user, minutes=minutes)
    return minutes


def minutes_approve(*, minutes, acting_user, request=None):
    """Approve a version open for comment: it is locked, and the version approved before it is
    superseded (kept, marked so)."""
    with transaction.atomic():
        _lock(minutes.meeting)
        minutes = Minutes.objects.select_related("meeting").get(pk=minutes.pk)
        if minutes.status != Minutes.Status.FOR_COMMENT:
            raise ValidationError(_("Only minutes open for comments can be approved."), code="locked")
        if minutes.meeting.minutes.filter(version__gt=minutes.version).exists():
            raise ValidationError(_("A newer version of these minutes exists; approve that one."), code="newer")
        superseded = list(minutes.meeting.minutes.filter(status=Minutes.Status.APPROVED).values_list("pk", flat=True))
        Minutes.objects.filter(pk__in=superseded).update(status=Minutes.Status.SUPERSEDED)
        minutes.status, minutes.approved_at, minutes.approved_by = Minutes.Status.APPROVED, timezone.now(), acting_user
        minutes.save(update_fields=["status", "approved_at", "approved_by"])
        audit.record(audit.Action.UPDATED, actor=acting_user, target=minutes, request=request, fields=["status"],
                     new=minutes.status, version=minutes.version, superseded=superseded)
    return minutes


def minutes_comment(*, minutes, author, text, request=None):
    """A member's comment on minutes open for comment (until their last day for comments)."""
    text = (text or "").strip()
    if not author.has_perm("meetings.comment_minutes", minutes.meeting):
        raise ValidationError(_("Only network members can comment on the minutes."), code="not_allowed")
    if not text:
        raise ValidationError(_("Write your comment first."), code="empty")
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if minutes.status != Minutes.Status.FOR_COMMENT:
            raise ValidationError(_("These minutes are no longer open for comments."), code="locked")
        if minutes.comments_until is not None and timezone.localdate() > minutes.comments_until:
            raise ValidationError(_("The period for comments on these minutes has ended."), code="closed")
        comment = MinutesComment(minutes=minutes, author=author, text=text)
        comment.full_clean()
        comment.save()
        audit.record(audit.Action.CREATED, actor=author, target=comment, request=request, minutes=minutes.pk)
    return comment


def minutes_comment_hide(*, comment, acting_user, request=None, hidden=True):
    """Hide a comment (or show it again) without deleting it: the record of what was said stays."""
    with transaction.atomic():
        if comment.hidden == hidden:
            return comment
        comment.hidden = hidden
        comment.save(update_fields=["hidden"])
        audit.record(audit.Action.UPDATED, actor=acting_user, target=comment, request=request, fields=["hidden"], hidden=hidden)
    return comment


# Workshop feedback ----------------------------------------------------------------------------------
def feedback_give(*, meeting, person, rating, comment="", request=None):
    """A participant's rating (1 to 5) and comment on a workshop they attended, once it has
    started. Giving it again replaces the earlier one."""
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."), code="rating")
    if not meeting.is_workshop:
        raise ValidationError(_("Feedback is collected for training workshops only."), code="not_workshop")
    if meeting.is_cancelled:
        raise ValidationError(_("This workshop was cancelled."), code="cancelled")
    if not meeting.has_started:
        raise ValidationError(_("Feedback opens when the workshop starts."), code="too_early")
    if not Attendance.objects.filter(meeting=meeting, person=person).exists():
        raise ValidationError(_("Only participants who attended the workshop can give feedback."), code="not_attended")
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().filter(meeting=meeting, person=person).first()
        creating = feedback is None
        if creating:
            feedback = Feedback(meeting=meeting, person=person)
        feedback.rating, feedback.comment = rating, (comment or "").strip()
        feedback.full_clean()
        if creating:
            try:
                with transaction.atomic():
                    feedback.save()
            except IntegrityError:
                # A second tab sent it at the same moment: that one stands.
                return Feedback.objects.get(meeting=meeting, person=person)
        else:
            feedback.save(update_fields=["rating", "comment"])
        audit.record(audit.Action.CREATED if creating else audit.Action.UPDATED, actor=person, target=feedback,
                     request=request, meeting=meeting.pk, rating=rating)
    return feedback


# Calendar feeds (portal.calendars) ------------------------------------------------------------------
def calendar_feed_for(person):
    """`person`'s private calendar feed, made on first use."""
    return calendars.feed_for(CalendarFeed, person)


def calendar_feed_reset(*, person, request=None):
    """A new secret address for `person`'s feed; the old one stops working at once."""
    return calendars.feed_reset(CalendarFeed, person=person, request=request)
