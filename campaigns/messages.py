"""Strategic messages: the government-wide key messages the secretariat publishes (in admin), each
valid for a period and under a theme; campaigns say which ones they carry.

- Writes: `message_publish` and `message_update`, keyword-only, atomic and audited, called by the
  admin's save_model. Publishing tells every network member ("new strategic message"): one job,
  written in the publishing transaction, notifies them all in bulk (portal.notifications.notify:
  the same few queries for 5 or 5,000 people), never a guest.
- Reads: `current()` and `expired()`; the messages pages are campaigns/views_messages.py.
- The shell: the search provider (every network member finds them) and the home page's panel of
  current messages, registered from campaigns/plugins.py.
"""
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from campaigns.models import StrategicMessage, Theme
from portal import audit, registry
from portal.notifications import kinds
from portal.notifications.services import notify
from portal.tasks import background

NEW_MESSAGE = "campaigns.new_message"
MESSAGE_FIELDS = ("title_ar", "title_en", "body_ar", "body_en", "theme", "valid_from", "valid_until")
PANEL_ITEMS = 3


def current(messages=None, today=None):
    """Messages not yet expired (valid now, or from a day to come)."""
    today = today or timezone.localdate()
    messages = messages if messages is not None else StrategicMessage.objects.all()
    return messages.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today))


def expired(messages=None, today=None):
    today = today or timezone.localdate()
    messages = messages if messages is not None else StrategicMessage.objects.all()
    return messages.filter(valid_until__lt=today)


def _require_secretariat(user):
    if not (user.is_active and user.role == "secretariat"):
        raise PermissionDenied


def _message_data(data):
    unknown = set(data) - set(MESSAGE_FIELDS)
    if unknown:
        raise ValueError(f"Not a strategic message field: {sorted(unknown)}")  # a programming error
    return data


def message_publish(*, data, acting_user, request=None):
    """The secretariat publishes a new strategic message; every network member is told."""
    _require_secretariat(acting_user)
    message = StrategicMessage(published_by=acting_user, **_message_data(dict(data)))
    message.full_clean()
    with transaction.atomic():
        message.save()
        audit.record(audit.Action.CREATED, actor=acting_user, target=message, request=request, fields=sorted(data))
        notify_members.enqueue(message.pk, acting_user.pk)
    return message


def message_update(*, message, data, acting_user, request=None):
    """Correct a message (its text, theme or validity). Members are not told again."""
    _require_secretariat(acting_user)
    data = _message_data(dict(data))
    changed = sorted(name for name, value in data.items() if getattr(message, name) != value)
    if not changed:
        return message
    old = {name: str(getattr(message, name)) for name in changed}
    for name in changed:
        setattr(message, name, data[name])
    message.full_clean()
    with transaction.atomic():
        message.save(update_fields=[*changed, "updated_at"])
        audit.record(audit.Action.UPDATED, actor=acting_user, target=message, request=request, fields=changed,
                     **{name: {"old": old[name], "new": str(getattr(message, name))} for name in changed})
    return message


# Notifications -------------------------------------------------------------------------------------

def _audience(message):
    import rules

    return lambda user: rules.has_perm("campaigns.view_campaigns", user)


def _describe(message):
    return {
        "title": {"ar": message.title_ar, "en": message.title_en},
        "theme": {"ar": message.theme.name_ar, "en": message.theme.name_en} if message.theme_id else {"ar": "", "en": ""},
    }


def _title(notification):
    return _("New strategic message: %(title)s") % {"title": notification.value("title")}


def _body(notification):
    theme = notification.value("theme")
    return _("Theme: %(theme)s. Consider it in your entity's coming campaigns.") % {"theme": theme} if theme else \
        _("Consider it in your entity's coming campaigns.")


def register_notifications():
    kinds.register(kinds.Kind(
        name=NEW_MESSAGE, label=gettext_lazy("New strategic message"),
        description=gettext_lazy("When the secretariat publishes a government-wide strategic message."),
        audience=_audience, link=lambda message: ("campaigns:message", [message.pk]), describe=_describe,
        title=_title, body=_body, icon="chat-quote", order=65,
    ))


@background(label=gettext_lazy("Tell the network members of a new strategic message"))
def notify_members(message_id, actor_id=None):
    """Every network member (people in the directory: not guests), in one bulk notify()."""
    message = StrategicMessage.objects.select_related("theme").filter(pk=message_id).first()
    if message is None:
        return {"notified": 0}  # deleted while the job waited
    people = get_user_model().objects.in_directory()
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return {"notified": len(notify(people, NEW_MESSAGE, message, actor=actor))}


# Search and the home page ------------------------------------------------------------------------

def message_document(message):
    def theme(language):
        return getattr(message.theme, f"name_{language}") if message.theme_id else ""

    return registry.SearchDocument(
        title_ar=message.title_ar or message.title_en, title_en=message.title_en or message.title_ar,
        subtitle_ar=theme("ar"), subtitle_en=theme("en"),
        text_ar=message.body_ar, text_en=message.body_en,
        url_name="campaigns:message", url_args=(message.pk,), date=message.created_at,
        # Every network member, the secretariat included ("members" is the directory's key).
        audiences=("members",),
    )


MESSAGE_SEARCH = registry.SearchProvider(
    portal="campaigns", label=gettext_lazy("Strategic messages"), model=StrategicMessage,
    indexed=lambda: StrategicMessage.objects.select_related("theme"),
    document=message_document,
    depends_on=((Theme, lambda theme: StrategicMessage.objects.filter(theme=theme)),),
)


def messages_panel(request):
    """The messages valid today, the newest first: one query."""
    user = request.user
    if not user.has_perm("campaigns.view_campaigns"):
        return None
    today = timezone.localdate()
    shown = list(
        current(StrategicMessage.objects.visible_to(user), today).filter(valid_from__lte=today).select_related("theme")
        .only("pk", "title_ar", "title_en", "valid_from", "valid_until", "theme__name_ar", "theme__name_en")
        .order_by("-valid_from", "-pk")[:PANEL_ITEMS + 1]
    )
    if not shown:
        return None
    return render_to_string("campaigns/_messages_panel.html", {"messages_shown": shown[:PANEL_ITEMS], "more": len(shown) > PANEL_ITEMS})


def register():
    register_notifications()
    registry.search_providers.register("campaigns-messages", MESSAGE_SEARCH, order=26)
    registry.dashboard_panels.register("campaigns-messages", messages_panel, order=26)


def choices_for(campaign):
    """The messages a case may carry: those not expired, and those it carries already (an expired
    one stays ticked rather than dropped silently when the case is edited)."""
    carried = models.Q(pk__in=campaign.messages.values("pk")) if campaign is not None and campaign.pk else models.Q(pk__in=[])
    today = timezone.localdate()
    return StrategicMessage.objects.filter(
        models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today) | carried,
    ).order_by("-valid_from", "-pk")
