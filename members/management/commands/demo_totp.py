"""Print the current TOTP code of the demo secretariat account (demo data only)."""
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.demo_data import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current six-digit code for secretariat@demo.gcn.ae (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("This helper is for the demo only (DEBUG is off).")
        period = settings.MFA_TOTP_PERIOD if hasattr(settings, "MFA_TOTP_PERIOD") else 30
        counter = int(time.time()) // period
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
