"""Reading the Indeks Desa Membangun results Kemendesa publishes each year (one XLSX or CSV file per
year, one row per village) and storing them on IdmScore.

The published files carry a few title lines above the header, headers that change between years
("NILAI IDM 2023", "NILAI_IDM", "Skor IDM"), the Kemendagri village code as 10 digits without dots
(3301182006), sometimes typed as a number by the spreadsheet, and decimals with a comma in the
Indonesian locale ("0,6543"). read_idm_file() turns such a file into rows with their line numbers
and the problems found; import_idm() matches the rows to member villages and writes them.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from villages.idm import idm_status
from villages.models import IdmScore, Village

FOUR_PLACES = Decimal("0.0001")
HEADER_SCAN_ROWS = 30

# Normalised header (upper case, words separated by one space, a trailing year removed) → field; when
# several columns fit, the one named earlier in its list wins ("KODE DESA" over a bare "KODE").
HEADERS = {
    "code": [
        "KODE DESA",
        "KODE DESA KEMENDAGRI",
        "KODE DESA KELURAHAN",
        "KODEDESA",
        "KD DESA",
        "KODE KEMENDAGRI",
        "KODE WILAYAH",
        "ID DESA",
        "IDDESA",
        "KODE",
    ],
    "name": ["NAMA DESA", "DESA", "NAMA DESA KELURAHAN", "DESA KELURAHAN", "NAMA"],
    "iks": ["IKS", "INDEKS KETAHANAN SOSIAL", "NILAI IKS", "SKOR IKS"],
    "ike": ["IKE", "INDEKS KETAHANAN EKONOMI", "NILAI IKE", "SKOR IKE"],
    "ikl": ["IKL", "INDEKS KETAHANAN LINGKUNGAN", "INDEKS KETAHANAN EKOLOGI", "NILAI IKL", "SKOR IKL"],
    "score": ["NILAI IDM", "IDM", "SKOR IDM", "INDEKS DESA MEMBANGUN", "NILAI INDEKS DESA MEMBANGUN"],
    "status": ["STATUS IDM", "STATUS", "STATUS DESA"],
    "year": ["TAHUN", "TAHUN IDM"],
}
INDICES = ("iks", "ike", "ikl")


class IdmFileError(Exception):
    """The file cannot be read at all: wrong type, no recognisable header, no year."""


@dataclass
class IdmRow:
    line: int
    code: str  # dotted: 33.01.18.2006
    name: str
    year: int
    score: Decimal
    iks: Decimal | None
    ike: Decimal | None
    ikl: Decimal | None
    status: str  # as written in the file, for the consistency check


@dataclass
class Problem:
    line: int
    code: str
    reason: str

    def __str__(self):
        where = _("baris %(line)s") % {"line": self.line}
        return f"{where}{f' ({self.code})' if self.code else ''}: {self.reason}"


@dataclass
class ParsedFile:
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # rows refused: bad code or numbers, conflicting duplicates
    notes: list = field(default_factory=list)  # rows kept with a remark, or skipped as exact repeats
    years: set = field(default_factory=set)


@dataclass
class ImportResult:
    parsed: ParsedFile
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched: list = field(default_factory=list)
    dry_run: bool = False

    @property
    def problems(self):
        return self.parsed.problems + self.unmatched

    @property
    def changed(self):
        return self.created + self.updated


# ---- Reading ----


def normalise_header(value):
    """ "Nilai_IDM 2023" → ("NILAI IDM", 2023); "KODE DESA" → ("KODE DESA", None)."""
    text = re.sub(r"[^0-9A-Z]+", " ", str(value or "").upper()).strip()
    year = None
    found = re.fullmatch(r"(.*?)\s*((?:19|20)\d\d)", text)
    if found and found.group(1):
        text, year = found.group(1).strip(), int(found.group(2))
    return text, year


def dotted_code(value):
    """The Kemendagri village code in dotted form, from "3301182006", 3301182006 (a number in a
    spreadsheet), 3301182006.0 or "33.01.18.2006"; None when it is not a village code."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"^(\d{10})\.0+$", r"\1", str(value).strip())  # a number written out by a spreadsheet
    if re.fullmatch(r"\d\d\.\d\d\.\d\d\.\d{4}", text):
        return text
    digits = re.sub(r"[\s.]", "", text)
    if re.fullmatch(r"\d{10}", digits):
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return None


def parse_number(value):
    """A number between 0 and 1 with at most four places kept: 0.6543, "0,6543", "0.6543". None for
    an empty cell; ValueError for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        text = value.strip().replace(" ", "")
        if "," in text and "." in text:
            raise ValueError(value)  # "1.234,5": a thousands separator never belongs in an index
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(value) from None
    if not number.is_finite() or not 0 <= number <= 1:
        raise ValueError(value)
    return number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def _table_rows(path):
    """(line number, [cells]) of the first sheet (XLSX) or of the CSV file."""
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        yield from _csv_rows(path)
    else:
        raise IdmFileError(_("Jenis berkas tidak dikenal: pakai XLSX atau CSV."))


def _xlsx_rows(path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        raise IdmFileError(_("Berkas XLSX tidak dapat dibaca: %(error)s") % {"error": error}) from None
    try:
        # The results sit on the first sheet that has a recognisable header.
        for sheet in book.worksheets:
            rows = enumerate(sheet.iter_rows(values_only=True), start=1)
            head = []
            for line, cells in rows:
                head.append((line, list(cells)))
                if len(head) >= HEADER_SCAN_ROWS:
                    break
            if _find_header(head) is None:
                continue
            yield from head
            for line, cells in rows:
                yield line, list(cells)
            return
    finally:
        book.close()


def _csv_rows(path):
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    # The separator is the one that yields a recognisable header; a sniffer guesses wrong on the
    # title lines above it. Indonesian spreadsheets save with ";" because "," is the decimal mark.
    delimiter = ";"
    for candidate in (";", ",", "\t", "|"):
        reader = csv.reader(io.StringIO(text), delimiter=candidate)
        head = []
        for cells in reader:
            head.append((reader.line_num, cells))
            if len(head) >= HEADER_SCAN_ROWS:
                break
        if _find_header(head) is not None:
            delimiter = candidate
            break
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for cells in reader:
        yield reader.line_num, cells


def _find_header(rows):
    """(index in rows, {field: column}, year in the header) of the header row, or None."""
    for index, (_line, cells) in enumerate(rows):
        best, years = {}, set()
        for column, cell in enumerate(cells):
            name, year = normalise_header(cell)
            for key, names in HEADERS.items():
                if name in names and (key not in best or names.index(name) < best[key][0]):
                    best[key] = (names.index(name), column)
                    if year:
                        years.add(year)
        columns = {key: column for key, (_rank, column) in best.items()}
        if "code" in columns and "score" in columns:
            return index, columns, (years.pop() if len(years) == 1 else None)
    return None


def read_idm_file(path, year=None):
    """Every data row of a published IDM file, checked; `year` overrides the year the header or a
    TAHUN column gives. Raises IdmFileError when the file has no usable header or year."""
    rows = iter(_table_rows(path))
    head = []
    for item in rows:
        head.append(item)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    found = _find_header(head)
    if found is None:
        raise IdmFileError(
            _("Baris judul kolom tidak ditemukan: berkas perlu kolom KODE DESA dan NILAI IDM (atau yang setara).")
        )
    index, columns, header_year = found
    if year is None and header_year is None and "year" not in columns:
        raise IdmFileError(_("Tahun IDM tidak tertulis di judul kolom: sebutkan dengan --year."))

    parsed = ParsedFile()
    first_line = {}  # (code, year) → the row first seen for it
    refused = set()

    def data_rows():
        yield from head[index + 1 :]
        yield from rows

    for line, cells in data_rows():
        record = {key: cells[column] if column < len(cells) else None for key, column in columns.items()}
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        raw_code = record.get("code")
        code = dotted_code(raw_code)
        if code is None:
            shown = "" if raw_code is None else str(raw_code).strip()
            if not shown:
                continue  # a total or a footnote below the table
            parsed.problems.append(
                Problem(line, shown, _("kode desa tidak dikenali (harus 10 angka, mis. 3301182006)"))
            )
            continue
        row_year = year or header_year
        if row_year is None:
            value = record.get("year")
            try:
                row_year = int(value) if isinstance(value, (int, float)) else int(str(value).strip())
            except (TypeError, ValueError):
                parsed.problems.append(
                    Problem(line, code, _("tahun tidak valid: %(value)s") % {"value": record.get("year")})
                )
                continue
        if not 2015 <= row_year <= 2100:
            parsed.problems.append(Problem(line, code, _("tahun tidak valid: %(value)s") % {"value": row_year}))
            continue
        values, bad = {}, []
        for key in ("score", *INDICES):
            try:
                values[key] = parse_number(record.get(key))
            except ValueError:
                bad.append(f"{key.upper() if key != 'score' else 'NILAI IDM'} \u201c{record.get(key)}\u201d")
        if values.get("score") is None and not bad:
            bad.append(_("NILAI IDM kosong"))
        if bad:
            reason = _("angka tidak valid (harus antara 0 dan 1): %(cells)s") % {"cells": ", ".join(bad)}
            parsed.problems.append(Problem(line, code, reason))
            continue
        row = IdmRow(
            line=line,
            code=code,
            name=str(record.get("name") or "").strip(),
            year=row_year,
            status=str(record.get("status") or "").strip(),
            **values,
        )
        key = (code, row_year)
        if key in first_line:
            first = first_line[key]
            same = all(getattr(first, k) == getattr(row, k) for k in ("score", *INDICES))
            if same:
                parsed.notes.append(
                    Problem(line, code, _("baris ganda, sama dengan baris %(line)s; dilewati") % {"line": first.line})
                )
            else:
                if key not in refused:
                    refused.add(key)
                    parsed.problems.append(
                        Problem(
                            first.line,
                            code,
                            _("kode muncul lagi di baris %(line)s dengan nilai berbeda; keduanya tidak diimpor")
                            % {"line": line},
                        )
                    )
                parsed.problems.append(
                    Problem(
                        line, code, _("nilai berbeda dengan baris %(line)s untuk desa yang sama") % {"line": first.line}
                    )
                )
            continue
        first_line[key] = row
        status = row.status.casefold()
        if status and status != idm_status(row.score).casefold():
            parsed.notes.append(
                Problem(
                    line,
                    code,
                    _("status di berkas \u201c%(file)s\u201d berbeda dengan pita skornya (%(band)s); skor yang dipakai")
                    % {"file": row.status, "band": idm_status(row.score)},
                )
            )
    parsed.rows = [row for key, row in first_line.items() if key not in refused]
    parsed.years = {row.year for row in parsed.rows}
    return parsed


# ---- Writing ----


def _plain_name(name):
    return re.sub(r"^(desa|kelurahan|kampung|nagari|gampong)\s+", "", name.strip(), flags=re.I).casefold()


def import_idm(path, year=None, dry_run=False, batch_size=1000):
    """Read a published file and create or update one IdmScore per village and year, marked as
    imported. Rows whose code is not a member village are reported; a village's name that differs
    from the region data is noted (a BPS code in the code column would show up here). Running the
    same file again changes nothing."""
    parsed = read_idm_file(path, year=year)
    result = ImportResult(parsed=parsed, dry_run=dry_run)
    source_file = Path(path).name[:255]
    codes = sorted({row.code for row in parsed.rows})
    villages = {}
    for start in range(0, len(codes), batch_size):
        chunk = codes[start : start + batch_size]
        for pk, code, name in Village.objects.filter(region__code__in=chunk).values_list(
            "pk", "region__code", "region__name"
        ):
            villages[code] = (pk, name)
    known_regions = set()
    missing = [code for code in codes if code not in villages]
    if missing:
        from regions.models import Region

        for start in range(0, len(missing), batch_size):
            known_regions.update(
                Region.objects.filter(code__in=missing[start : start + batch_size]).values_list("code", flat=True)
            )

    existing = {}
    village_ids = [pk for pk, _name in villages.values()]
    for start in range(0, len(village_ids), batch_size):
        for score in IdmScore.objects.filter(
            village_id__in=village_ids[start : start + batch_size], year__in=parsed.years
        ):
            existing[(score.village_id, score.year)] = score

    to_create, to_update = [], []
    for row in parsed.rows:
        if row.code not in villages:
            reason = (
                _("desa ini belum bergabung di ForumDesa")
                if row.code in known_regions
                else _("kode tidak ada di data wilayah Kemendagri")
            )
            result.unmatched.append(Problem(row.line, row.code, reason))
            continue
        pk, region_name = villages[row.code]
        if row.name and _plain_name(row.name) != _plain_name(region_name):
            parsed.notes.append(
                Problem(
                    row.line,
                    row.code,
                    _("nama di berkas \u201c%(file)s\u201d, di data wilayah \u201c%(region)s\u201d; periksa kodenya")
                    % {"file": row.name, "region": region_name},
                )
            )
        values = {
            "score": row.score,
            "iks": row.iks,
            "ike": row.ike,
            "ikl": row.ikl,
            "source": IdmScore.Source.IMPORT,
            "source_file": source_file,
        }
        current = existing.get((pk, row.year))
        if current is None:
            to_create.append(IdmScore(village_id=pk, year=row.year, **values))
        elif any(getattr(current, name) != value for name, value in values.items() if name != "source_file"):
            for name, value in values.items():
                setattr(current, name, value)
            to_update.append(current)
        else:
            result.unchanged += 1
    result.created, result.updated = len(to_create), len(to_update)
    if not dry_run and (to_create or to_update):
        with transaction.atomic():
            # An upsert, so a score typed in by hand meanwhile is overwritten rather than a conflict.
            IdmScore.objects.bulk_create(
                to_create,
                batch_size=batch_size,
                update_conflicts=True,
                unique_fields=["village", "year"],
                update_fields=["score", "iks", "ike", "ikl", "source", "source_file"],
            )
            IdmScore.objects.bulk_update(
                to_update, ["score", "iks", "ike", "ikl", "source", "source_file"], batch_size=batch_size
            )
    parsed.notes.sort(key=lambda note: note.line)
    return result
