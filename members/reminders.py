"""Reminders to confirm one's directory details, sent by the secretariat from the freshness report.

A profile is stale when its details were last confirmed more than PROFILE_CONFIRMATION_DAYS ago, or
never. The secretariat picks stale people (or every stale person of an entity) and each gets a
notification (portal.notifications, kind "members.profile_reminder"): in their notification centre
at once, and by e-mail in their language as they chose (immediately by default, or in the daily
digest). The batch is audited once. The e-mails are jobs written with the notifications, so a mail
server that is down delays them (the queue retries) and never loses them or fails the page.
"""
from dataclasses import dataclass, field

from django.db import transaction

from members import notifications
from portal import audit

# One request notifies them all in a fixed number of queries; the bound keeps a mistaken
# "remind everyone" from flooding the network's inboxes.
MAX_REMINDERS_PER_BATCH = 200


@dataclass
class ReminderBatch:
    """Who was to be reminded, and who was (notified; the e-mails follow through the queue, so a
    mail server that is down is the queue's to retry, not the page's to report)."""

    recipients: list
    sent: list = field(default_factory=list)  # e-mail addresses


def profile_reminders_send(*, people, acting_user, request=None):
    """Remind `people` to confirm their details; one audit entry for the batch. Returns a ReminderBatch."""
    batch = ReminderBatch(recipients=list(people))
    if not batch.recipients:
        return batch
    if len(batch.recipients) > MAX_REMINDERS_PER_BATCH:
        raise ValueError(f"At most {MAX_REMINDERS_PER_BATCH} reminders at a time.")
    with transaction.atomic():
        # No action of its own in the audit log yet: a reminder is recorded as the creation of a batch.
        audit.record(
            audit.Action.CREATED, actor=acting_user, request=request,
            what="profile_reminders", count=len(batch.recipients),
            recipients=[person.email for person in batch.recipients],
        )
        notified = {notification.recipient_id for notification in notifications.profile_reminders(
            people=batch.recipients, acting_user=acting_user,
        )}
    batch.sent = [person.email for person in batch.recipients if person.pk in notified]
    return batch
