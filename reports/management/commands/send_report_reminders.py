from django.core.management.base import BaseCommand

from reports.services import dispatch_due_reminders


class Command(BaseCommand):
    help = "Send the activity-report reminders that are due (send_due delivers these and every other scheduled job)."

    def handle(self, *args, **options):
        sent = dispatch_due_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
