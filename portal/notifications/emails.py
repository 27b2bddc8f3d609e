"""Notification e-mails, written in the recipient's language: HTML (right to left in Arabic) with a
plain-text alternative, links to the portal at settings.PORTAL_BASE_URL."""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from portal.notifications import kinds
from portal.notifications.models import language_of


def _absolute(path):
    return f"{settings.PORTAL_BASE_URL}{path}" if path else ""


def _subject(text):
    # A header: one line, whatever a title holds.
    return f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{' '.join(str(text).split())}"


def _message(recipient, subject, template, context):
    context = {
        **context,
        "preferences_url": _absolute(reverse("notifications:preferences")),
        "centre_url": _absolute(reverse("notifications:index")),
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(_subject(subject), text, None, [recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def notification_email(notification):
    """The e-mail of one notification (`notification.recipient` loaded with its settings)."""
    recipient = notification.recipient
    with translation.override(language_of(recipient)), timezone.override(settings.TIME_ZONE):
        title = str(notification.title)
        message = _message(recipient, title, "notification", {
            "title": title, "body": str(notification.body), "url": _absolute(notification.target_path()),
        })
        kind = notification.kind_entry
        for filename, content, mimetype in (kind.attachments(notification) if kind and kind.attachments else ()):
            message.attach(filename, content, mimetype)
        return message


def digest_email(recipient, notifications):
    """One e-mail with `notifications` (all `recipient`'s) grouped by kind, in the order of the kinds."""
    with translation.override(language_of(recipient)), timezone.override(settings.TIME_ZONE):
        by_kind = {}
        for notification in notifications:
            by_kind.setdefault(notification.kind, []).append({
                "title": str(notification.title), "body": str(notification.body),
                "url": _absolute(notification.target_path()),
            })
        order = {kind.name: index for index, kind in enumerate(kinds.all_kinds())}
        groups = [
            {"label": str(_kind_label(name)), "items": items}
            for name, items in sorted(by_kind.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
        ]
        total = len(notifications)
        subject = ngettext(
            "Your daily summary: %(count)d new notification", "Your daily summary: %(count)d new notifications", total,
        ) % {"count": total}
        return _message(recipient, subject, "digest", {"subject": subject, "groups": groups, "total": total})


def _kind_label(name):
    kind = kinds.get(name)
    return kind.label if kind else gettext("Other notifications")
