"""Reminders to confirm one's directory details, sent by the secretariat from the freshness report.

A profile is stale when its details were last confirmed more than PROFILE_CONFIRMATION_DAYS ago, or
never. The secretariat picks stale people (or every stale person of an entity) and each gets one
e-mail, in Arabic and English, with a link to their profile. The batch is audited once; the e-mails
go out after the transaction commits, and a mail server that refuses them is reported, never a 500.

`reminder_emails_send` is the only function that talks to the mail server: when reminders move to
the notification service, it is the one to replace.
"""
import logging
from dataclasses import dataclass, field
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override

from members.models import PROFILE_CONFIRMATION_DAYS, User
from portal import audit

logger = logging.getLogger(__name__)

# Sent while the secretariat waits for the page, over one connection to the mail server.
MAX_REMINDERS_PER_BATCH = 200


@dataclass
class ReminderBatch:
    """Who was to be reminded, and, once the e-mails went out, who was and who was not."""

    recipients: list
    sent: list = field(default_factory=list)  # e-mail addresses
    failed: list = field(default_factory=list)


def _profile_urls(base_url):
    urls = {}
    for language in ("ar", "en"):
        with override(language):
            urls[language] = base_url.rstrip("/") + reverse("members:profile")
    return urls


def _reminder_message(person, profile_urls):
    context = {"person": person, "profile_url_ar": profile_urls["ar"], "profile_url_en": profile_urls["en"], "days": PROFILE_CONFIRMATION_DAYS}
    # One message in both languages, as the invitation: the portal does not know which one each person reads.
    with override("ar"):
        subject = render_to_string("members/email/reminder_subject.txt", context).strip()
        body = render_to_string("members/email/reminder_message.txt", context)
    return EmailMessage(subject, body, None, [person.email])


def reminder_emails_send(people, *, base_url):
    """E-mail each person a reminder; returns (sent, failed) lists of e-mail addresses.

    One connection serves the whole batch, so a mail server that is down costs one timeout, not one
    per person. Nothing here raises for a mail failure: it is logged and reported.
    """
    profile_urls = _profile_urls(base_url)
    sent, failed = [], []
    connection = get_connection()
    try:
        connection.open()
    except (OSError, SMTPException):
        logger.exception("The mail server refused the connection: %d profile reminders not sent.", len(people))
        return sent, [person.email for person in people]
    try:
        for person in people:
            try:
                delivered = connection.send_messages([_reminder_message(person, profile_urls)])
            except (OSError, SMTPException):
                logger.exception("Profile reminder to %s failed.", person.email)
                delivered = 0
            (sent if delivered else failed).append(person.email)
    finally:
        try:
            connection.close()
        except (OSError, SMTPException):
            logger.warning("Closing the mail connection failed after the profile reminders.", exc_info=True)
    return sent, failed


def profile_reminders_send(*, people, acting_user, request=None):
    """Remind `people` to confirm their details; one audit entry for the batch; the e-mails go out
    once the transaction commits. Returns a ReminderBatch whose `sent` and `failed` are filled then
    (at once, when no outer transaction is open, as in a request)."""
    batch = ReminderBatch(recipients=list(people))
    if not batch.recipients:
        return batch
    if len(batch.recipients) > MAX_REMINDERS_PER_BATCH:
        raise ValueError(f"At most {MAX_REMINDERS_PER_BATCH} reminders at a time.")
    base_url = request.build_absolute_uri("/") if request is not None else settings.PORTAL_BASE_URL

    def send():
        batch.sent, batch.failed = reminder_emails_send(batch.recipients, base_url=base_url)

    with transaction.atomic():
        # No action of its own in the audit log yet: a reminder is recorded as the creation of a batch.
        audit.record(
            audit.Action.CREATED, actor=acting_user, request=request,
            what="profile_reminders", count=len(batch.recipients),
            recipients=[person.email for person in batch.recipients],
        )
        transaction.on_commit(send)
    return batch
