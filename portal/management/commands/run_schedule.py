"""Enqueue the periodic jobs that are due (portal.tasks.periodic).

Run it every few minutes from cron, or let it loop (`--loop`, as `make run` does). Either way each
job runs once per slot: the queue itself records that a slot was served."""
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from portal.tasks import periodic


class Command(BaseCommand):
    help = "Enqueue the periodic jobs that are due (digests, clean-ups)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, checking every minute.")
        parser.add_argument("--list", action="store_true", help="Print the schedule as cron lines and exit.")

    def handle(self, *args, loop=False, list=False, **options):
        if list:
            zone = settings.TIME_ZONE
            # The hours are the portal's time zone, not the server's: cron reads them in its own.
            self.stdout.write(
                f"# Times in {zone}. On a server in another time zone, keep CRON_TZ={zone} above these lines\n"
                f"# (cronie), or instead run `manage.py run_schedule` every 5 minutes: it works out the due slots itself.\n"
                f"CRON_TZ={zone}"
            )
            for name, job in periodic.items():
                self.stdout.write(f"{job.cron_line()}  {name}  # {job.description}")
            return
        while True:
            for name in periodic.enqueue_due():
                self.stdout.write(f"Enqueued {name}")
            if not loop:
                return
            close_old_connections()
            time.sleep(60)
