"""Spreadsheet downloads (CSV and XLSX) built from rows of plain values.

Cells hold text that people typed (names, titles, village descriptions). A spreadsheet program
reads a cell that starts with `=`, `+`, `-` or `@` as a formula, and tab or carriage return can
hide one, so a registrant named `=HYPERLINK(...)` would run in the organiser's Excel. Every text
cell passes through `neutralise()`, which prefixes such a cell with an apostrophe: Excel and
LibreOffice then show the text as typed. Numbers and dates are left as they are.
"""

import csv
import io

from django.http import Http404, HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook

from core.audit import Action, record

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """The value as a spreadsheet should store it: text that a program would take for a formula
    gets a leading apostrophe; anything that is not text is returned unchanged."""
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_response(fmt, name, header, rows, *, sheet_title=None, request=None, about=None, region_code=""):
    """A CSV or XLSX download of header + rows; 404 for any other format.

    Given the request, the download goes into the audit trail: who took which file with how many
    rows, about which object (`about`) and under which region.
    """
    header = [neutralise(str(cell)) for cell in header]
    rows = _counted(rows)
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 only with the byte-order mark
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in rows:
            writer.writerow([neutralise(cell) for cell in row])
        _audit(request, about, region_code, f"{name}.csv", rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = (sheet_title or name)[:31]
        sheet.append(header)
        for row in rows:
            sheet.append([neutralise(cell) for cell in row])
        buffer = io.BytesIO()
        book.save(buffer)
        _audit(request, about, region_code, f"{name}.xlsx", rows)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    raise Http404


class _counted:
    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _audit(request, about, region_code, filename, rows):
    if request is None:
        return
    record(request.user, Action.EXPORT, about, region_code, request=request, berkas=filename, baris=rows.count)
