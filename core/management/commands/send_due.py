from django.core.management.base import BaseCommand

from core import scheduler


class Command(BaseCommand):
    help = "Deliver the scheduled jobs that are due (what the beat runs every scan)."

    def handle(self, *args, **options):
        counts = scheduler.run_due()
        for label, outcomes in sorted(counts.items()):
            self.stdout.write(f"{label}: " + ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items())))
        self.stdout.write(f"{scheduler.sent(counts)} sent.")
