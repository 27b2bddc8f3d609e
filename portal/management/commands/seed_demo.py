"""Load realistic bilingual demo content for every portal, and print the demo accounts.

Each app registers its demo data in `portal.registry.demo_seeders`; they run in their order, in one
transaction, sharing a context (the members portal puts the demo accounts there for the others).
"""
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal import registry


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent). Refuses to run with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")
        parser.add_argument("--once", action="store_true", help="Do nothing if the demo data is already there.")

    def handle(self, *args, force, once, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this looks like production. Use --force to load demo data anyway.")
        seeders = list(registry.demo_seeders)
        if once and all(seeder.loaded is None or seeder.loaded() for seeder in seeders):
            self.stdout.write("Demo data already loaded.")
        else:
            self.stdout.write("Loading demo data…")
            context = {}
            with transaction.atomic():
                for seeder in seeders:
                    seeder.seed(self.stdout, context)
        # Seeders may write in bulk, which no save signal sees: the search index is rebuilt from them.
        call_command("rebuild_search_index", stdout=StringIO())
        for seeder in seeders:
            if seeder.describe is not None:
                seeder.describe(self.stdout)
