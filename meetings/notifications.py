"""The meetings' notifications (portal.notifications), registered from MeetingsConfig.ready().

Told to a meeting's invitees: a new meeting (the invitation, with the meeting's `.ics` attached), a
change, a cancellation, a reminder to reply, and a reminder the day before. Told to the people
concerned: a place freed from the wait list, a document added, an action item assigned or due, the
minutes ready for comment.

A meeting may have thousands of invitees (network meetings invite every member), so the services
only queue a job, written in their own transaction through the `queue_*` functions below (the job
exists exactly when their change commits), and the worker stores the notifications in bulk.
Reminders run on the schedule (portal.tasks.periodic, see meetings/tasks.py).

Every notification's target is its meeting: deleting the meeting withdraws them all, and the
audience check (who may see the meeting) applies to each.
"""
from datetime import date, datetime

import rules
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _, gettext_lazy

from meetings.models import ActionItem, Attendance, Meeting, Minutes, Rsvp
from portal.notifications import kinds
from portal.notifications.services import notify
from portal.tasks import background

NEW = "meetings.new"
CHANGED = "meetings.changed"
CANCELLED = "meetings.cancelled"
RSVP_REMINDER = "meetings.rsvp_reminder"
PROMOTED = "meetings.promoted"
REMINDER = "meetings.reminder"
DOCUMENT_ADDED = "meetings.document_added"
ACTION_ASSIGNED = "meetings.action_assigned"
ACTION_DUE = "meetings.action_due"
MINUTES_READY = "meetings.minutes_ready"
# The names meetings.services asks for (through its `_tell`).
WAIT_LIST_PROMOTED = PROMOTED
ACTION_ITEM_ASSIGNED = ACTION_ASSIGNED
MINUTES_FOR_COMMENT = MINUTES_READY

# What a "meeting changed" notification reports (other edits, such as the summary, tell nobody).
CHANGES = {
    "time": ("starts_at", "ends_at"),
    "place": ("location_ar", "location_en", "online_url"),
    "title": ("title_ar", "title_en"),
    "status": ("status",),
}
CHANGE_LABELS = {
    "time": gettext_lazy("time"),
    "place": gettext_lazy("place"),
    "title": gettext_lazy("title"),
    "status": gettext_lazy("status"),
}
# Calendars replace their copy of a meeting on these kinds' `.ics` (same UID, higher SEQUENCE).
WITH_ICS = (NEW, CHANGED, CANCELLED, PROMOTED)


def changes_of(fields):
    """The reported changes among changed model `fields`, e.g. ["time", "place"]."""
    return [name for name, names in CHANGES.items() if set(names) & set(fields)]


# Who is told -------------------------------------------------------------------------------------

def invitees(meeting):
    """Everyone invited to `meeting`, as a queryset of users: every member in the directory when it
    invites all members, else the people and the entities' people invited; plus its guests and the
    delegates sent (Meeting.objects.invited, the other way round)."""
    User = get_user_model()
    # Guests, and delegates sent in someone's place.
    guests = Q(pk__in=meeting.guests.values("pk")) | Q(pk__in=meeting.rsvps.filter(on_behalf_of__isnull=False).values("person"))
    directory = User.objects.in_directory()
    if meeting.invite_all_members:
        return User.objects.filter(Q(pk__in=directory.values("pk")) | guests)
    rows = meeting.invitees.all()
    return User.objects.filter(
        Q(pk__in=directory.filter(pk__in=rows.filter(person__isnull=False).values("person")).values("pk"))
        | Q(pk__in=directory.filter(entity__in=rows.filter(entity__isnull=False).values("entity")).values("pk"))
        | guests
    )


def attending(meeting):
    """People who said they come (a delegate included, the wait list not) or were checked in."""
    User = get_user_model()
    replies = Rsvp.objects.filter(meeting=meeting, response__in=(Rsvp.Response.ATTENDING, Rsvp.Response.MAYBE),
                                  wait_listed_at__isnull=True)
    return User.objects.filter(
        Q(pk__in=replies.values("person")) | Q(pk__in=Attendance.objects.filter(meeting=meeting).values("person"))
    )


def concerned(meeting):
    """Who hears of a new document: the people coming or who came, and, for a meeting of chosen
    invitees, every invitee (a network meeting's whole directory hears only once they reply)."""
    people = attending(meeting)
    if meeting.invite_all_members:
        return people | get_user_model().objects.filter(pk__in=meeting.guests.values("pk"))
    return people | invitees(meeting)


def action_owners(item):
    """The owner of an action item: its person, else its entity's director(s)."""
    User = get_user_model()
    if item.owner_person_id:
        return User.objects.filter(pk=item.owner_person_id)
    if item.owner_entity_id:
        return User.objects.in_directory().filter(entity_id=item.owner_entity_id, role="director")
    return User.objects.none()


def meeting_audience(meeting):
    """Who may receive news of `meeting`: what Meeting.objects.visible_to says, as a check on loaded
    users (one query for the guest list, none per person)."""
    guest_ids = set(meeting.guests.values_list("pk", flat=True))
    return lambda user: rules.has_perm("members.view_directory", user) or (
        rules.has_perm("meetings.view_meetings", user) and user.pk in guest_ids
    )


def members_audience(meeting):
    """Action items and minutes are the network's business: never a guest's."""
    return lambda user: rules.has_perm("members.view_directory", user)


# How they read ------------------------------------------------------------------------------------

def describe(meeting):
    return {
        "title": {"ar": meeting.title_ar, "en": meeting.title_en},
        "location": {"ar": meeting.location_ar, "en": meeting.location_en},
        "starts_at": meeting.starts_at.isoformat(),
        "kind": meeting.kind,
    }


def _when(notification):
    try:
        starts = datetime.fromisoformat(notification.value("starts_at"))
    except (TypeError, ValueError):
        return ""
    return formats.date_format(timezone.localtime(starts), "DATETIME_FORMAT")


def _date(notification, name):
    try:
        return formats.date_format(date.fromisoformat(notification.value(name)), "DATE_FORMAT")
    except (TypeError, ValueError):
        return ""


def _details(notification):
    kind = notification.value("kind")
    parts = [Meeting.Kind(kind).label if kind in Meeting.Kind.values else "", _when(notification), notification.value("location")]
    return " · ".join(str(part) for part in parts if part)


def _new_title(notification):
    return _("New meeting: %(title)s") % {"title": notification.value("title")}


def _changed_title(notification):
    return _("Meeting changed: %(title)s") % {"title": notification.value("title")}


def _changed_body(notification):
    changed = [str(CHANGE_LABELS[name]) for name in notification.value("changes", []) if name in CHANGE_LABELS]
    details = _details(notification)
    if not changed:
        return details
    return _("Changed: %(changes)s.") % {"changes": _(", ").join(changed)} + (f"\n{details}" if details else "")


def _cancelled_title(notification):
    return _("Meeting cancelled: %(title)s") % {"title": notification.value("title")}


def _rsvp_reminder_title(notification):
    return _("Will you attend? %(title)s") % {"title": notification.value("title")}


def _rsvp_reminder_body(notification):
    return _("Please reply to the invitation.") + "\n" + _details(notification)


def _promoted_title(notification):
    return _("A place is yours: %(title)s") % {"title": notification.value("title")}


def _promoted_body(notification):
    return _("A place has freed up and your reply moved from the wait list: you are attending.") + "\n" + _details(notification)


def _reminder_title(notification):
    return _("Tomorrow: %(title)s") % {"title": notification.value("title")}


def _document_title(notification):
    return _("New document: %(document)s") % {"document": notification.value("document")}


def _document_body(notification):
    return _("Added to the meeting: %(title)s") % {"title": notification.value("title")}


def _action_body(notification):
    parts = [_("Meeting: %(title)s") % {"title": notification.value("title")}]
    due = _date(notification, "due_on")
    if due:
        parts.append(_("Due: %(date)s") % {"date": due})
    return "\n".join(parts)


def _action_assigned_title(notification):
    return _("Action item for you: %(text)s") % {"text": notification.value("item")}


def _action_due_title(notification):
    return _("Action item due tomorrow: %(text)s") % {"text": notification.value("item")}


def _minutes_title(notification):
    return _("Minutes ready for your comments: %(title)s") % {"title": notification.value("title")}


def _minutes_body(notification):
    until = _date(notification, "comments_until")
    return _("Comments are open until %(date)s.") % {"date": until} if until else _("Comments are open until the minutes are approved.")


def meeting_ics(notification):
    """The meeting's `.ics`, attached to the e-mails of WITH_ICS kinds, in the reader's language."""
    from meetings import calendar

    meeting = Meeting.objects.select_related("host").filter(pk=notification.target_id or None).first()
    if meeting is None:
        return []
    return [(calendar.ics_filename(meeting), calendar.meeting_calendar(meeting), "text/calendar; charset=utf-8; method=PUBLISH")]


def register():
    common = {"describe": describe, "link": lambda meeting: ("meetings:detail", [meeting.pk])}
    invitation = {"audience": meeting_audience, "attachments": meeting_ics, **common}
    for kind in (
        kinds.Kind(name=NEW, label=gettext_lazy("New meeting"),
                   description=gettext_lazy("When a meeting you are invited to is announced (its calendar file attached)."),
                   title=_new_title, body=_details, icon="calendar-plus", order=50, **invitation),
        kinds.Kind(name=CHANGED, label=gettext_lazy("Meeting changed"),
                   description=gettext_lazy("When the time, place or title of a meeting you are invited to changes."),
                   title=_changed_title, body=_changed_body, icon="calendar-event", order=60, **invitation),
        kinds.Kind(name=CANCELLED, label=gettext_lazy("Meeting cancelled"),
                   description=gettext_lazy("When a meeting you are invited to is cancelled."),
                   title=_cancelled_title, body=_details, icon="calendar-x", order=70, **invitation),
        kinds.Kind(name=RSVP_REMINDER, label=gettext_lazy("Reply reminder"),
                   description=gettext_lazy("A few days before a meeting you are invited to, if you have not replied."),
                   title=_rsvp_reminder_title, body=_rsvp_reminder_body, icon="envelope-exclamation", order=72,
                   audience=meeting_audience, **common),
        kinds.Kind(name=PROMOTED, label=gettext_lazy("Place from the wait list"),
                   description=gettext_lazy("When a place frees up and your reply moves from the wait list."),
                   title=_promoted_title, body=_promoted_body, icon="person-check", order=74, **invitation),
        kinds.Kind(name=REMINDER, label=gettext_lazy("Meeting tomorrow"),
                   description=gettext_lazy("The day before a meeting you are invited to and have not declined."),
                   title=_reminder_title, body=_details, icon="alarm", order=76, audience=meeting_audience, **common),
        kinds.Kind(name=DOCUMENT_ADDED, label=gettext_lazy("Document added to a meeting"),
                   description=gettext_lazy("When a document is added to a meeting you attend or are invited to."),
                   title=_document_title, body=_document_body, icon="file-earmark-plus", order=78,
                   audience=meeting_audience, **common),
        kinds.Kind(name=ACTION_ASSIGNED, label=gettext_lazy("Action item assigned"),
                   description=gettext_lazy("When an action item is assigned to you or, as its director, to your entity."),
                   title=_action_assigned_title, body=_action_body, icon="check2-square", order=80,
                   audience=members_audience, **common),
        kinds.Kind(name=ACTION_DUE, label=gettext_lazy("Action item due"),
                   description=gettext_lazy("The day before an open action item of yours is due."),
                   title=_action_due_title, body=_action_body, icon="hourglass-split", order=82,
                   audience=members_audience, **common),
        kinds.Kind(name=MINUTES_READY, label=gettext_lazy("Minutes for comment"),
                   description=gettext_lazy("When the minutes of a meeting you were invited to are published for comment."),
                   title=_minutes_title, body=_minutes_body, icon="journal-text", order=84,
                   audience=members_audience, **common),
    ):
        kinds.register(kind)


# What the services call, inside their transactions ---------------------------------------------

def _actor_id(acting_user):
    return getattr(acting_user, "pk", acting_user)


def queue(kind, meeting, *, acting_user=None, actor=None, only=None, exclude=(), changes=(), recipients=None,
          item=None, minutes=None, document=None):
    """Queue the notifications of `kind` about `meeting`, in the caller's transaction:

    - NEW, CHANGED, CANCELLED: its invitees (or only the users `only`, minus `exclude`);
    - PROMOTED: the people `recipients` (ids or users);
    - ACTION_ASSIGNED: `item`'s owner; MINUTES_READY: for `minutes`; DOCUMENT_ADDED: for `document`.
    """
    actor_id = _actor_id(acting_user or actor)
    if kind == PROMOTED:
        notify_people.enqueue(meeting.pk, PROMOTED, [getattr(person, "pk", person) for person in recipients or ()], actor_id)
    elif kind == ACTION_ASSIGNED:
        queue_action_assigned(item, acting_user=actor_id)
    elif kind == MINUTES_READY:
        queue_minutes_ready(minutes, acting_user=actor_id)
    elif kind == DOCUMENT_ADDED:
        queue_document_added(document, meeting, acting_user=actor_id)
    else:
        notify_invitees.enqueue(meeting.pk, kind, actor_id, only=list(only) if only is not None else None,
                                exclude=list(exclude), changes=list(changes))


def queue_promoted(rsvp, *, acting_user=None):
    """Tell `rsvp.person` their reply moved from the wait list to a place."""
    notify_people.enqueue(rsvp.meeting_id, PROMOTED, [rsvp.person_id], _actor_id(acting_user))


def queue_document_added(document, meeting, *, acting_user=None):
    """Tell the people concerned by `meeting` that `document` was added to it (or to one of its
    agenda items); guests only of a document shared with guests."""
    title = {"ar": getattr(document, "title_ar", "") or str(document), "en": getattr(document, "title_en", "") or str(document)}
    notify_document_added.enqueue(meeting.pk, title, bool(getattr(document, "shared_with_guests", False)), _actor_id(acting_user))


def queue_action_assigned(item, *, acting_user=None):
    """Tell an action item's owner (its person, else its entity's directors) it is theirs."""
    if item.kind == ActionItem.Kind.ACTION and (item.owner_person_id or item.owner_entity_id):
        notify_action_item.enqueue(item.pk, ACTION_ASSIGNED, _actor_id(acting_user))


def queue_minutes_ready(minutes, *, acting_user=None):
    """Tell the meeting's invited members that `minutes` are open for their comments."""
    notify_minutes_ready.enqueue(minutes.pk, _actor_id(acting_user))


# The jobs ------------------------------------------------------------------------------------------

def _user(user_id):
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


@background(label=gettext_lazy("Tell a meeting's invitees"))
def notify_invitees(meeting_id, kind, actor_id=None, only=None, exclude=(), changes=()):
    """Notify the meeting's invitees (or only the users `only`, e.g. guests just added) in bulk."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return {"notified": 0}  # deleted while the job waited
    recipients = invitees(meeting)
    if only is not None:
        recipients = recipients.filter(pk__in=only)
    if exclude:
        recipients = recipients.exclude(pk__in=exclude)
    created = notify(recipients, kind, meeting, actor=_user(actor_id), context={"changes": list(changes)} if changes else None)
    return {"notified": len(created)}


@background(label=gettext_lazy("Tell people about a meeting"))
def notify_people(meeting_id, kind, person_ids, actor_id=None, context=None):
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return {"notified": 0}
    return {"notified": len(notify(person_ids, kind, meeting, actor=_user(actor_id), context=context))}


@background(label=gettext_lazy("Tell a meeting's people about a new document"))
def notify_document_added(meeting_id, document_title, shared_with_guests, actor_id=None):
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return {"notified": 0}
    recipients = concerned(meeting)
    if not shared_with_guests:
        recipients = recipients.filter(pk__in=get_user_model().objects.in_directory().values("pk"))
    created = notify(recipients, DOCUMENT_ADDED, meeting, actor=_user(actor_id), context={"document": document_title})
    return {"notified": len(created)}


def action_context(item):
    return {"item": {"ar": item.text_ar, "en": item.text_en}, "item_id": item.pk,
            "due_on": item.due_on.isoformat() if item.due_on else ""}


@background(label=gettext_lazy("Tell the owner of an action item"))
def notify_action_item(item_id, kind, actor_id=None):
    item = ActionItem.objects.select_related("meeting").filter(pk=item_id).first()
    if item is None or not item.is_open:
        return {"notified": 0}
    created = notify(action_owners(item), kind, item.meeting, actor=_user(actor_id), context=action_context(item))
    return {"notified": len(created)}


@background(label=gettext_lazy("Tell the invitees the minutes are open for comment"))
def notify_minutes_ready(minutes_id, actor_id=None):
    minutes = Minutes.objects.select_related("meeting").filter(pk=minutes_id).first()
    if minutes is None or minutes.status != Minutes.Status.FOR_COMMENT:
        return {"notified": 0}
    meeting = minutes.meeting
    recipients = (invitees(meeting) | attending(meeting)).filter(pk__in=get_user_model().objects.in_directory().values("pk"))
    context = {"comments_until": minutes.comments_until.isoformat() if minutes.comments_until else "", "version": minutes.version}
    with transaction.atomic():
        created = notify(recipients.distinct(), MINUTES_READY, meeting, actor=_user(actor_id), context=context)
    return {"notified": len(created)}
