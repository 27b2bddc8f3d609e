"""The notification e-mails, sent by the worker (portal.tasks).

Each e-mail is sent in its own short transaction that first locks its notifications and then marks
them sent: if the mail server refuses, the mark is undone and they stay pending; two jobs running at
once never send one twice (the second skips rows the first holds). When the server cannot be reached
the job stops at once (the rest stay pending) and fails, so portal.tasks retries it with back-off;
a refused address does not hold up the others, but still fails the job so it is retried, and after
the last attempt stays visible in admin. `manage.py notifications_pending` shows what is owed.
"""
import logging
from itertools import groupby
from smtplib import SMTPDataError, SMTPRecipientsRefused

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.notifications import emails
from portal.notifications.kinds import Delivery
from portal.notifications.models import Notification
from portal.tasks import PeriodicJob, background, periodic

logger = logging.getLogger(__name__)

# The server refused this message or address only: the next recipient may still get theirs.
REFUSED_FOR_ONE = (SMTPRecipientsRefused, SMTPDataError)


class NotificationEmailsFailed(Exception):
    """Some e-mails were refused; they stay pending and the job is retried."""


def _owed():
    return Notification.objects.filter(email_sent_at__isnull=True, recipient__is_active=True)


def _send_claimed(connection, ids, build):
    """Lock the still-pending notifications among `ids`, send what `build(rows)` makes of them, and
    mark them sent, all or nothing. Returns True when something was sent."""
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, email_sent_at__isnull=True).order_by("created_at", "pk")
        )
        if not rows:
            return False
        connection.send_messages([build(rows)])
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(email_sent_at=timezone.now())
        return True


def _drop_inactive(queryset):
    # Deactivated since they were notified: no e-mail is owed to a closed account any more.
    queryset.filter(email_sent_at__isnull=True, recipient__is_active=False).update(email=Delivery.OFF)


def _deliver(batches):
    """`batches`: [(recipient, notification ids, build)]. Returns how many e-mails went out."""
    sent, refused = 0, []
    connection = get_connection(fail_silently=False)
    try:
        for recipient, ids, build in batches:
            try:
                sent += _send_claimed(connection, ids, build)
            except REFUSED_FOR_ONE as error:
                logger.warning("Notification e-mail to %s refused: %s", recipient.email, error)
                refused.append(recipient.email)
    finally:
        try:
            connection.close()
        except OSError:
            logger.warning("Closing the mail connection failed after notification e-mails.", exc_info=True)
    if refused:
        raise NotificationEmailsFailed(f"{len(refused)} notification e-mail(s) refused: {', '.join(refused)}")
    return sent


@background(label=_("Send notification e-mails"))
def send_notification_emails(notification_ids):
    """E-mail each of these notifications (those still pending) to its recipient."""
    _drop_inactive(Notification.objects.filter(pk__in=notification_ids))
    notifications = list(
        _owed().filter(pk__in=notification_ids, email=Delivery.IMMEDIATELY)
        .select_related("recipient__notification_settings").order_by("pk")
    )
    by_id = {notification.pk: notification for notification in notifications}

    def build(rows):
        notification = by_id[rows[0].pk]
        return emails.notification_email(notification)

    sent = _deliver([(notification.recipient, [notification.pk], build) for notification in notifications])
    return {"sent": sent}


@background(label=_("Send the daily notification digests"))
def send_daily_digests():
    """One e-mail per person with every digest notification still owed to them, grouped by kind."""
    owed = Notification.objects.filter(email=Delivery.DAILY)
    _drop_inactive(owed)
    notifications = list(
        _owed().filter(email=Delivery.DAILY).select_related("recipient__notification_settings")
        .order_by("recipient_id", "created_at", "pk")
    )
    batches = []
    for _recipient_id, items in groupby(notifications, key=lambda notification: notification.recipient_id):
        items = list(items)
        recipient = items[0].recipient
        loaded = {item.pk: item for item in items}

        def build(rows, recipient=recipient, loaded=loaded):
            return emails.digest_email(recipient, [loaded[row.pk] for row in rows])

        batches.append((recipient, list(loaded), build))
    return {"sent": _deliver(batches)}


DIGEST_HOUR = 7  # Dubai time: the summary is there at the start of the working day


def register_schedule():
    periodic.register("notification_digests", PeriodicJob(
        send_daily_digests, hour=DIGEST_HOUR, minute=0, description="Daily notification digests (07:00)",
    ))
