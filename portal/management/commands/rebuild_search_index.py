"""Rebuild the search index from every registered provider (portal.search.rebuild).

Saves keep the index up to date on their own; this is for a first deployment, after loading data
with bulk tools or fixtures, or after a provider changes what it indexes."""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal import registry, search


class Command(BaseCommand):
    help = "Rebuild the search index of every portal (or of the kinds named)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="Only these kinds (people, entities, meetings, ...).")

    def handle(self, *args, kinds, **options):
        unknown = set(kinds) - set(registry.search_providers.names())
        if unknown:
            raise CommandError(f"Unknown kinds: {', '.join(sorted(unknown))}.")
        # One transaction: searches keep seeing the old index until the new one is complete.
        with transaction.atomic():
            counts = search.rebuild(kinds or None)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} indexed")
