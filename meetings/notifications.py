"""The meetings' notifications (portal.notifications): a new meeting, a meeting changed, a meeting
cancelled, to its invitees. Registered from MeetingsConfig.ready().

A meeting's invitees are everyone in the members' directory (every meeting is open to the
network's members: Meeting.objects.visible_to) plus its invited guests. Thousands of people may be
told at once, so the services only queue `notify_invitees`, and the worker stores the notifications
in bulk: saving a meeting in admin stays fast.
"""
from datetime import datetime

import rules
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _, gettext_lazy

from meetings.models import Meeting
from portal.notifications import kinds
from portal.notifications.services import notify
from portal.tasks import background

NEW = "meetings.new"
CHANGED = "meetings.changed"
CANCELLED = "meetings.cancelled"

# What a "meeting changed" notification reports (other edits, such as the summary, tell nobody).
CHANGES = {
    "time": ("starts_at", "ends_at"),
    "place": ("location_ar", "location_en"),
    "title": ("title_ar", "title_en"),
    "status": ("status",),
}
CHANGE_LABELS = {
    "time": gettext_lazy("time"),
    "place": gettext_lazy("place"),
    "title": gettext_lazy("title"),
    "status": gettext_lazy("status"),
}


def changes_of(fields):
    """The reported changes among changed model `fields`, e.g. ["time", "place"]."""
    return [name for name, names in CHANGES.items() if set(names) & set(fields)]


def invitees(meeting):
    """Everyone a meeting's notifications go to, as a queryset of users."""
    User = get_user_model()
    return User.objects.filter(Q(pk__in=User.objects.in_directory().values("pk")) | Q(pk__in=meeting.guests.values("pk")))


def meeting_audience(meeting):
    """Who may receive news of `meeting`: what Meeting.objects.visible_to says, as a check on loaded
    users (one query for the guest list, none per person)."""
    guest_ids = set(meeting.guests.values_list("pk", flat=True))
    return lambda user: rules.has_perm("members.view_directory", user) or (
        rules.has_perm("meetings.view_meetings", user) and user.pk in guest_ids
    )


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


def register():
    common = {"audience": meeting_audience, "describe": describe, "link": lambda meeting: ("meetings:detail", [meeting.pk])}
    kinds.register(kinds.Kind(
        name=NEW, label=gettext_lazy("New meeting"),
        description=gettext_lazy("When a meeting you are invited to is announced."),
        title=_new_title, body=_details, icon="calendar-plus", order=50, **common,
    ))
    kinds.register(kinds.Kind(
        name=CHANGED, label=gettext_lazy("Meeting changed"),
        description=gettext_lazy("When the time, place or title of a meeting you are invited to changes."),
        title=_changed_title, body=_changed_body, icon="calendar-event", order=60, **common,
    ))
    kinds.register(kinds.Kind(
        name=CANCELLED, label=gettext_lazy("Meeting cancelled"),
        description=gettext_lazy("When a meeting you are invited to is cancelled."),
        title=_cancelled_title, body=_details, icon="calendar-x", order=70, **common,
    ))


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
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    created = notify(recipients, kind, meeting, actor=actor, context={"changes": list(changes)} if changes else None)
    return {"notified": len(created)}
