"""Recount the monthly activity rows from the meetings, registrations and reports, e.g. after a bulk
import that sent no signals (seed_scale does it at its end)."""

from django.core.management.base import BaseCommand
from django.db.models import Max, Min

from meetings.models import Meeting
from reports import activity
from reports.models import ActivityReport


class Command(BaseCommand):
    help = "Hitung ulang baris kegiatan desa per bulan (semua bulan yang berisi data)."

    def add_arguments(self, parser):
        parser.add_argument("--region", help="Hanya desa di wilayah ini (kode Kemendagri).")

    def handle(self, *args, region=None, **options):
        meetings = Meeting.objects.aggregate(first=Min("starts_at"), last=Max("starts_at"))
        reports = ActivityReport.objects.aggregate(first=Min("period_start"), last=Max("period_start"))
        firsts = [activity.month_of(d) for d in (meetings["first"], reports["first"]) if d]
        lasts = [activity.month_of(d) for d in (meetings["last"], reports["last"]) if d]
        if not firsts:
            self.stdout.write("Belum ada rapat atau laporan.")
            return

        def progress(month, rows):
            if options["verbosity"] > 1:
                self.stdout.write(f"  {month:%Y-%m}: {rows:,} desa")

        activity.rebuild(min(firsts), max(lasts), code=region, progress=progress)
        self.stdout.write(f"Kegiatan desa per bulan dihitung ulang: {min(firsts):%Y-%m} s.d. {max(lasts):%Y-%m}.")
