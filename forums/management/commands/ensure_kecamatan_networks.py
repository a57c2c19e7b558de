from django.core.management.base import BaseCommand

from forums.networks import ensure_all_kecamatan_networks


class Command(BaseCommand):
    help = "Create each kecamatan's default network and add its member villages (idempotent)."

    def handle(self, *args, **options):
        count = ensure_all_kecamatan_networks()
        self.stdout.write(f"Checked {count} villages.")
