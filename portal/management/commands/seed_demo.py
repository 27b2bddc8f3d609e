"""Load realistic bilingual demo content for every portal, and print the demo accounts."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members import demo_data as members_demo
from meetings import demo_data as meetings_demo


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent). Refuses to run with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")
        parser.add_argument("--once", action="store_true", help="Do nothing if the demo data is already there.")

    def handle(self, *args, force, once, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this looks like production. Use --force to load demo data anyway.")
        from members.models import User

        if once and User.objects.filter(email=members_demo.DEMO_ACCOUNTS[0][0]).exists():
            self.stdout.write("Demo data already loaded.")
        else:
            self.stdout.write("Loading demo data…")
            with transaction.atomic():
                accounts = members_demo.seed(self.stdout)
                meetings_demo.seed(self.stdout, accounts)
        self.print_accounts()

    def print_accounts(self):
        self.stdout.write(self.style.SUCCESS(f"\nDemo accounts (password for all: {members_demo.DEMO_PASSWORD})"))
        for email, role, entity, _name_ar, name_en in members_demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<26} {role:<12} {entity or ''}")
        self.stdout.write(
            f"  The secretariat signs in with a TOTP code; its authenticator secret (demo only) is "
            f"{members_demo.DEMO_TOTP_SECRET}\n"
        )
