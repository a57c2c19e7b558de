from django.core.management.base import BaseCommand

from notifications.push import new_vapid_keys


class Command(BaseCommand):
    help = "Print a fresh VAPID key pair for Web Push, as environment variables."

    def handle(self, *args, **options):
        private, public = new_vapid_keys()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}\n")
