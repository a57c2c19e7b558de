"""manage.py import_idm and villages.idm_import on small files laid out as Kemendesa publishes them:
title lines above the header, the year in the column names, the village code as 10 digits."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from tests.factories import VillageFactory, region
from villages.idm_import import dotted_code, import_idm, parse_number, read_idm_file
from villages.models import IdmScore

pytestmark = pytest.mark.django_db

HEADER_2024 = [
    "NO",
    "PROVINSI",
    "KABUPATEN",
    "KECAMATAN",
    "KODE DESA",
    "NAMA DESA",
    "IKS 2024",
    "IKE 2024",
    "IKL 2024",
    "NILAI IDM 2024",
    "STATUS IDM 2024",
    "TARGET STATUS",
]


def published_xlsx(path, rows, header=HEADER_2024):
    book = Workbook()
    sheet = book.active
    sheet.title = "IDM 2024"
    sheet.append(["STATUS INDEKS DESA MEMBANGUN (IDM) TAHUN 2024"])
    sheet.append(["KEMENTERIAN DESA, PEMBANGUNAN DAERAH TERTINGGAL DAN TRANSMIGRASI"])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def cipari(no, code, name, iks, ike, ikl, idm, status):
    return [no, "JAWA TENGAH", "CILACAP", "CIPARI", code, name, iks, ike, ikl, idm, status, "MAJU"]


@pytest.fixture
def members(regions):
    return {
        "serang": VillageFactory(region=region("33.01.18.2006")),
        "caruy": VillageFactory(region=region("33.01.18.2001")),
    }


def test_xlsx_in_the_published_layout(tmp_path, members):
    path = published_xlsx(
        tmp_path / "Status IDM 2024.xlsx",
        [
            # The spreadsheet stored Serang's code as a number; Caruy's as text.
            cipari(1, 3301182006, "SERANG", 0.8114, 0.6667, 0.7333, 0.7371, "MAJU"),
            cipari(2, "3301182001", "CARUY", 0.7543, 0.55, 0.6, 0.6348, "BERKEMBANG"),
            # A real desa that has not joined ForumDesa, and a code that exists nowhere.
            cipari(3, "3301182002", "SEGARALANGU", 0.7, 0.5, 0.6, 0.6, "BERKEMBANG"),
            cipari(4, "3301189999", "ENTAH", 0.7, 0.5, 0.6, 0.6, "BERKEMBANG"),
            cipari(5, "3301182004", "CISURU", "n/a", 0.5, 0.6, 0.6, "BERKEMBANG"),
            cipari(6, "33011820", "PENDEK", 0.7, 0.5, 0.6, 0.6, "BERKEMBANG"),
        ],
    )
    out = io.StringIO()
    call_command("import_idm", str(path), stdout=out)
    text = out.getvalue()

    serang = IdmScore.objects.get(village=members["serang"], year=2024)
    assert (serang.score, serang.iks, serang.ike, serang.ikl) == (
        Decimal("0.7371"),
        Decimal("0.8114"),
        Decimal("0.6667"),
        Decimal("0.7333"),
    )
    assert serang.source == IdmScore.Source.IMPORT and serang.source_file == "Status IDM 2024.xlsx"
    assert serang.status == "Maju"
    assert IdmScore.objects.get(village=members["caruy"], year=2024).score == Decimal("0.6348")
    assert IdmScore.objects.count() == 2

    # Line numbers count the title lines: the header is line 4, the first village line 5.
    assert "baris 7 (33.01.18.2002): desa ini belum bergabung di ForumDesa" in text
    assert "baris 8 (33.01.18.9999): kode tidak ada di data wilayah Kemendagri" in text
    assert "baris 9 (33.01.18.2004): angka tidak valid (harus antara 0 dan 1): IKS \u201cn/a\u201d" in text
    assert "baris 10 (33011820): kode desa tidak dikenali" in text
    assert "4 baris tidak diimpor" in text
    assert "Selesai: 2 baru, 0 diperbarui, 0 tetap." in text

    again = io.StringIO()
    call_command("import_idm", str(path), stdout=again)
    assert "Tidak ada perubahan: 2 skor sudah sama." in again.getvalue()
    assert IdmScore.objects.count() == 2


def test_csv_with_comma_decimals_and_other_header_spellings(tmp_path, members):
    path = tmp_path / "idm.csv"
    path.write_text(
        "no;kode_desa;nama_desa;iks;ike;ikl;nilai_idm;status_idm\n"
        '1;3301182006;Serang;0,8114;0,6667;0,7333;"0,6543";Berkembang\n'
        "2;3301182001;Caruy;;;;0,4800;SANGAT TERTINGGAL\n",
        encoding="utf-8",
    )
    # No year in these headers: the command asks for it.
    with pytest.raises(CommandError, match="--year"):
        call_command("import_idm", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_idm", str(path), "--year", "2023", stdout=out)
    serang = IdmScore.objects.get(village=members["serang"], year=2023)
    assert serang.score == Decimal("0.6543") and serang.iks == Decimal("0.8114")
    caruy = IdmScore.objects.get(village=members["caruy"], year=2023)
    assert caruy.score == Decimal("0.4800") and caruy.iks is None
    assert "Selesai: 2 baru" in out.getvalue()


def test_duplicate_rows(tmp_path, members):
    path = published_xlsx(
        tmp_path / "idm.xlsx",
        [
            cipari(1, "3301182006", "SERANG", 0.8, 0.6, 0.7, 0.7, "BERKEMBANG"),
            cipari(2, "3301182006", "SERANG", 0.8, 0.6, 0.7, 0.7, "BERKEMBANG"),  # the same again
            cipari(3, "3301182001", "CARUY", 0.8, 0.6, 0.7, 0.7, "BERKEMBANG"),
            cipari(4, "3301182001", "CARUY", 0.8, 0.6, 0.7, 0.5, "TERTINGGAL"),  # a different score
        ],
    )
    result = import_idm(path)
    assert IdmScore.objects.get(village=members["serang"]).score == Decimal("0.7000")
    # Which of Caruy's two scores is right cannot be known: neither is stored.
    assert not IdmScore.objects.filter(village=members["caruy"]).exists()
    assert result.created == 1
    notes = [str(n) for n in result.parsed.notes]
    assert "baris 6 (33.01.18.2006): baris ganda, sama dengan baris 5; dilewati" in notes
    problems = [str(p) for p in result.problems]
    assert any(p.startswith("baris 7 (33.01.18.2001): kode muncul lagi di baris 8") for p in problems)
    assert any(p.startswith("baris 8 (33.01.18.2001): nilai berbeda dengan baris 7") for p in problems)


def test_dry_run_saves_nothing_and_an_import_replaces_a_manual_score(tmp_path, members):
    IdmScore.objects.create(village=members["serang"], year=2024, score=Decimal("0.7000"))
    path = published_xlsx(
        tmp_path / "idm.xlsx",
        [
            cipari(1, "3301182006", "SERANG", 0.8114, 0.6667, 0.7333, 0.7371, "MAJU"),
            cipari(2, "3301182001", "CARUY", 0.7, 0.5, 0.6, 0.6, "BERKEMBANG"),
        ],
    )
    out = io.StringIO()
    call_command("import_idm", str(path), "--dry-run", stdout=out)
    assert "Uji coba, tidak ada yang disimpan: akan 1 baru, 1 diperbarui, 0 tetap." in out.getvalue()
    assert IdmScore.objects.count() == 1 and IdmScore.objects.get().source == IdmScore.Source.MANUAL

    result = import_idm(path)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    serang = IdmScore.objects.get(village=members["serang"], year=2024)
    assert serang.score == Decimal("0.7371") and serang.source == IdmScore.Source.IMPORT


def test_notes_on_names_and_statuses_that_disagree(tmp_path, members):
    path = published_xlsx(
        tmp_path / "idm.xlsx",
        [cipari(1, "3301182006", "DESA KARANGSARI", 0.8, 0.6, 0.7, 0.7, "MANDIRI")],
    )
    result = import_idm(path)
    notes = " ".join(str(n) for n in result.parsed.notes)
    assert "nama di berkas \u201cDESA KARANGSARI\u201d, di data wilayah \u201cSerang\u201d" in notes
    assert "status di berkas \u201cMANDIRI\u201d berbeda dengan pita skornya (Berkembang)" in notes
    assert result.created == 1  # a remark, not a refusal


def test_a_file_without_a_header_or_of_another_type(tmp_path, members):
    path = tmp_path / "lain.csv"
    path.write_text("nama;alamat\nSerang;Cipari\n", encoding="utf-8")
    with pytest.raises(CommandError, match="KODE DESA"):
        call_command("import_idm", str(path), stdout=io.StringIO())
    other = tmp_path / "idm.pdf"
    other.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="XLSX atau CSV"):
        call_command("import_idm", str(other), stdout=io.StringIO())


def test_csv_title_lines_do_not_confuse_the_separator(tmp_path, members):
    path = tmp_path / "idm.csv"
    path.write_text(
        "Status IDM Kabupaten Cilacap tahun 2024 (sumber: Kemendesa)\n"
        "\n"
        "KODE DESA\tNAMA DESA\tNILAI IDM 2024\n"
        "3301182006\tSerang\t0,7371\n",
        encoding="cp1252",
    )
    parsed = read_idm_file(path)
    assert [(r.code, r.year, r.score, r.line) for r in parsed.rows] == [("33.01.18.2006", 2024, Decimal("0.7371"), 4)]


def test_year_from_a_year_column(tmp_path, members):
    path = tmp_path / "idm.csv"
    path.write_text('KODE DESA,TAHUN,NILAI IDM\n3301182006,2022,"0,61"\n3301182006,2023,0.65\n', encoding="utf-8")
    parsed = read_idm_file(path)
    assert [(r.year, r.score) for r in parsed.rows] == [(2022, Decimal("0.6100")), (2023, Decimal("0.6500"))]


def test_codes_and_numbers():
    assert dotted_code("3301182006") == "33.01.18.2006"
    assert dotted_code(3301182006) == "33.01.18.2006"
    assert dotted_code(3301182006.0) == "33.01.18.2006"
    assert dotted_code(" 33.01.18.2006 ") == "33.01.18.2006"
    assert dotted_code("3301182006.0") == "33.01.18.2006"
    assert dotted_code("33011820") is None and dotted_code("") is None and dotted_code(None) is None
    assert parse_number("0,6543") == Decimal("0.6543")
    assert parse_number(0.65434) == Decimal("0.6543")
    assert parse_number(1) == Decimal("1.0000")
    assert parse_number("") is None
    for bad in ("1,2", "-0,1", "1.234,5", "abc", "NaN"):
        with pytest.raises(ValueError):
            parse_number(bad)
