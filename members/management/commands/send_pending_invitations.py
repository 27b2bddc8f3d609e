"""Retry invitation e-mails that could not be sent (run from cron, e.g. every 10 minutes)."""
from django.core.management.base import BaseCommand

from members.models import Invitation
from members.services import invitation_send

MAX_ATTEMPTS = 10


class Command(BaseCommand):
    help = "Send again the pending invitations whose e-mail did not go out."

    def handle(self, *args, **options):
        pending = Invitation.objects.pending().filter(email_sent_at__isnull=True, email_attempts__lt=MAX_ATTEMPTS)
        sent = failed = 0
        for invitation in pending.select_related("entity", "invited_by"):
            if invitation_send(invitation):
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"{sent} sent, {failed} failed")
