from django.core.management.base import BaseCommand, CommandError

from core import leases, scheduler
from core.tasks import TICK_LEASE, tick_lease_seconds


class Command(BaseCommand):
    help = "Deliver the scheduled jobs that are due (what the beat runs every scan)."

    def handle(self, *args, **options):
        with leases.held(TICK_LEASE, tick_lease_seconds()) as token:
            if token is None:
                raise CommandError("Another scheduler tick is running; try again in a minute.")
            counts = scheduler.run_due()
        for label, outcomes in sorted(counts.items()):
            self.stdout.write(f"{label}: " + ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items())))
        self.stdout.write(f"{scheduler.sent(counts)} sent.")
