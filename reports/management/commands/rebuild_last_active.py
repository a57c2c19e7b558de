"""Recompute every official's last_active_at from the registrations, check-ins, posts and reports,
e.g. after a bulk import that sent no signals (seed_scale does it at its end)."""

from django.core.management.base import BaseCommand

from reports import participation


class Command(BaseCommand):
    help = "Hitung ulang waktu terakhir aktif setiap perangkat desa (rapat, diskusi, laporan)."

    def handle(self, *args, **options):
        count = participation.rebuild()
        self.stdout.write(f"Waktu terakhir aktif dihitung ulang: {count:,} jabatan pernah aktif.")
