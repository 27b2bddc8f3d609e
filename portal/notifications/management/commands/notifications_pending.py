"""Show the notification e-mails still owed (the mail server was down, or the digest is not due
yet) and, with --resend, queue them again now."""
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Min

from portal.notifications.kinds import Delivery
from portal.notifications.models import Notification
from portal.notifications.tasks import send_daily_digests, send_notification_emails


class Command(BaseCommand):
    help = "List notification e-mails not yet sent; --resend queues them again."

    def add_arguments(self, parser):
        parser.add_argument("--resend", action="store_true", help="Queue the pending e-mails again now (digests included).")
        parser.add_argument("--list", action="store_true", dest="each", help="Also print every pending e-mail, one a line.")

    def handle(self, *args, resend=False, each=False, **options):
        pending = Notification.objects.email_pending().filter(recipient__is_active=True)
        summary = pending.order_by().values("email", "kind").annotate(count=Count("pk"), oldest=Min("created_at")).order_by("email", "kind")
        total = 0
        for row in summary:
            total += row["count"]
            self.stdout.write(f"{row['email']:<12} {row['kind']:<32} {row['count']:>6}  oldest {row['oldest']:%Y-%m-%d %H:%M}")
        self.stdout.write(f"{total} notification e-mail(s) pending.")
        if each:
            for notification_id, email, kind, address, created_at in pending.order_by("created_at", "pk").values_list(
                "pk", "email", "kind", "recipient__email", "created_at",
            ):
                self.stdout.write(f"{notification_id}  {created_at:%Y-%m-%d %H:%M}  {email:<12} {kind:<32} {address}")
        if resend and total:
            immediate = list(pending.filter(email=Delivery.IMMEDIATELY).order_by("pk").values_list("pk", flat=True))
            with transaction.atomic():
                if immediate:
                    send_notification_emails.enqueue(immediate)
                if pending.filter(email=Delivery.DAILY).exists():
                    send_daily_digests.enqueue()
            self.stdout.write(f"Queued again: {len(immediate)} e-mail(s), and the digests of those who chose one.")
