from django.core.management.base import BaseCommand, CommandError

from villages.idm_import import IdmFileError, import_idm


class Command(BaseCommand):
    help = (
        "Impor hasil Indeks Desa Membangun (IDM) yang diterbitkan Kemendesa (XLSX atau CSV, satu baris per desa: "
        "KODE DESA, IKS, IKE, IKL, NILAI IDM, STATUS IDM). Desa dicocokkan dengan kode Kemendagri; aman dijalankan "
        "ulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas hasil IDM (.xlsx atau .csv).")
        parser.add_argument("--year", type=int, help="Tahun IDM, bila tidak tertulis di judul kolom berkas.")
        parser.add_argument("--dry-run", action="store_true", help="Periksa dan laporkan saja, tanpa menyimpan.")

    def handle(self, *args, file, year=None, dry_run=False, **options):
        if year is not None and not 2015 <= year <= 2100:
            raise CommandError("Tahun IDM harus antara 2015 dan 2100.")
        try:
            result = import_idm(file, year=year, dry_run=dry_run)
        except FileNotFoundError:
            raise CommandError(f"Berkas tidak ditemukan: {file}") from None
        except IdmFileError as error:
            raise CommandError(str(error)) from None
        parsed = result.parsed
        years = ", ".join(str(y) for y in sorted(parsed.years)) or "-"
        self.stdout.write(f"Berkas {file}: {len(parsed.rows)} baris terbaca (tahun {years}).")
        if result.problems:
            self.stdout.write(self.style.WARNING(f"{len(result.problems)} baris tidak diimpor:"))
            for problem in sorted(result.problems, key=lambda p: p.line):
                self.stdout.write(f"  {problem}")
        if parsed.notes:
            self.stdout.write(f"{len(parsed.notes)} catatan:")
            for note in parsed.notes:
                self.stdout.write(f"  {note}")
        summary = f"{result.created} baru, {result.updated} diperbarui, {result.unchanged} tetap"
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Uji coba, tidak ada yang disimpan: akan {summary}."))
        elif result.changed:
            self.stdout.write(self.style.SUCCESS(f"Selesai: {summary}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Tidak ada perubahan: {result.unchanged} skor sudah sama."))
