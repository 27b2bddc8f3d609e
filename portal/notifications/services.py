"""The writes of the notification service, and the header's unread count.

`notify()` costs the same few queries for 1 or 5,000 recipients: the recipients in one query, their
e-mail choices for the kind in one, the notifications in one bulk insert, and one job for the
e-mails wanted at once. That job is written in the caller's transaction (portal.tasks): the e-mails
exist exactly when the change that caused them commits. Digest e-mails wait for the daily job.
"""
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone

from portal import audit
from portal.notifications import kinds
from portal.notifications.kinds import Delivery
from portal.notifications.models import Notification, Preference, Recipient

# The unread count in the header is cached per user and dropped whenever it changes, so pages pay
# no query for it; it is counted at sign-in (remember_unread_count), so the first page does not
# either. The timeout bounds how long a missed invalidation (cache down) could show.
UNREAD_CACHE_SECONDS = 3600


def _unread_key(user_id):
    return f"notifications:unread:{user_id}"


def unread_count(user):
    if not user.is_authenticated:
        return 0
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.for_user(user).unread().count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def remember_unread_count(sender, request, user, **kwargs):
    """Connected to `user_logged_in`: the sign-in request counts, every page after reads the cache."""
    cache.delete(_unread_key(user.pk))
    unread_count(user)


def _forget_unread_counts(user_ids):
    keys = [_unread_key(user_id) for user_id in set(user_ids)]
    if not keys:
        return
    # Now, for this request, and again after the commit: a page rendered in between could have
    # cached the count of before the change.
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _recipient_filter(recipients):
    if isinstance(recipients, models.QuerySet):
        return models.Q(pk__in=recipients.values("pk"))
    return models.Q(pk__in=[getattr(recipient, "pk", recipient) for recipient in recipients])


def notify(recipients, kind, target, *, actor=None, context=None):
    """Tell `recipients` (users, ids or a queryset of users) about `target`, as `kind`.

    Only active users whom the kind's audience check accepts are notified, and not the actor about
    their own action unless the kind says so. `target` may be None for a kind about the reader's own
    account (its link and audience do not need one). Returns the stored notifications."""
    kind_entry = kinds.get(kind)
    if kind_entry is None:
        raise LookupError(f"Unknown notification kind {kind!r}: register it from the app's AppConfig.ready().")
    may_receive = kind_entry.audience(target)
    users = get_user_model().objects.filter(_recipient_filter(recipients), is_active=True)
    if actor is not None and not kind_entry.tell_actor:
        users = users.exclude(pk=actor.pk)
    users = [user for user in users.order_by("pk") if may_receive(user)]
    if not users:
        return []
    choices = dict(
        Preference.objects.filter(user_id__in=[user.pk for user in users], kind=kind).values_list("user_id", "delivery")
    )
    url_name, url_args = kind_entry.link(target)
    now = timezone.now()
    common = {
        "kind": kind, "actor": actor,
        "target_type": ContentType.objects.get_for_model(target) if target is not None else None,
        "target_id": str(target.pk) if target is not None else "", "url_name": url_name, "url_args": list(url_args),
        "context": {**(kind_entry.describe(target) if kind_entry.describe else {}), **(context or {})}, "created_at": now,
    }
    with transaction.atomic():
        created = Notification.objects.bulk_create(
            Notification(recipient=user, email=choices.get(user.pk, kind_entry.default), **common) for user in users
        )
        at_once = [notification.pk for notification in created if notification.email == Delivery.IMMEDIATELY]
        if at_once:
            from portal.notifications.tasks import send_notification_emails

            send_notification_emails.enqueue(at_once)
    _forget_unread_counts(user.pk for user in users)
    return created


def notification_open(*, notification):
    """Mark one of the user's notifications read (when they open it from the centre)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        # Only if still unread: two tabs opening it at once keep the first time.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
        _forget_unread_counts([notification.recipient_id])
    return notification


def notifications_mark_all_read(*, user):
    """Mark every unread notification of `user` read; returns how many were."""
    count = Notification.objects.for_user(user).unread().update(read_at=timezone.now())
    _forget_unread_counts([user.pk])
    return count


def notifications_withdraw(*, target):
    """Remove the notifications about `target` (an object being deleted): none may lead nowhere."""
    found = Notification.objects.filter(target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk))
    recipients = list(found.filter(read_at__isnull=True).values_list("recipient_id", flat=True).distinct())
    found.delete()
    _forget_unread_counts(recipients)


def choices_of(user):
    """{kind name: delivery} for every registered kind: the user's choice, else the kind's default."""
    chosen = dict(Preference.objects.filter(user_id=user.pk).values_list("kind", "delivery"))
    return {kind.name: chosen.get(kind.name, kind.default) for kind in kinds.all_kinds()}


def language_of_user(user):
    row = Recipient.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return row or Recipient._meta.get_field("language").default


def preferences_save(*, user, choices, language, request=None):
    """Store `user`'s e-mail choice per kind and the language of their e-mails; audited.

    Unknown kinds and deliveries are ignored (the form offers only registered ones)."""
    registered = {kind.name for kind in kinds.all_kinds()}
    choices = {name: delivery for name, delivery in choices.items() if name in registered and delivery in Delivery.values}
    with transaction.atomic():
        before = choices_of(user)
        before_language = language_of_user(user)
        Preference.objects.filter(user_id=user.pk, kind__in=list(choices)).delete()
        Preference.objects.bulk_create(Preference(user_id=user.pk, kind=name, delivery=delivery) for name, delivery in choices.items())
        Recipient.objects.update_or_create(user_id=user.pk, defaults={"language": language})
        changed = {name: delivery for name, delivery in choices.items() if before.get(name) != delivery}
        if changed or before_language != language:
            audit.record(
                audit.Action.UPDATED, actor=user, target=user, request=request,
                fields=["notification_preferences"], preferences=changed, email_language=language,
            )
