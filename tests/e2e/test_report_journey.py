"""Serang's Sekretaris Desa submits the month's activity report, the Cipari camat returns it with a
comment, the village revises and resubmits, the camat approves, and the dashboard counts it."""

import pytest
from django.utils import timezone

from reports.models import ActivityReport, period_label
from tests.factories import PASSWORD, OfficialFactory, StaffRoleFactory, VillageFactory, region
from tests.meetings.conftest import ensure_positions
from villages.models import Position

from .helpers import log_in

pytestmark = pytest.mark.e2e


def test_report_journey(new_page, live_regions, expect):
    ensure_positions()
    serang = VillageFactory(region=region("33.01.18.2006"))
    VillageFactory(region=region("33.01.18.2001"))
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    camat = StaffRoleFactory(region=region("33.01.18"), title="Camat Cipari").user
    this_month = timezone.localdate().replace(day=1)

    village = new_page()
    log_in(village, sekdes.email, PASSWORD)
    village.goto("/laporan/")
    village.get_by_label("Laporan Desa Serang untuk periode").select_option(this_month.isoformat())
    village.get_by_role("button", name="Buka laporan").click()
    village.get_by_label("Uraian kegiatan").fill("Rapat rutin perangkat dan pelatihan BUMDes.")
    village.get_by_label("Capaian").fill("Laporan keuangan tepat waktu.")
    village.get_by_role("button", name="Simpan draf").click()
    expect(village.get_by_text("Laporan disimpan.")).to_be_visible()
    village.get_by_role("button", name="Ajukan laporan").click()
    expect(village.locator("#report-status")).to_contain_text("diajukan")

    reviewer = new_page()
    log_in(reviewer, camat.email, PASSWORD)
    reviewer.goto("/laporan/")
    reviewer.locator("a.list-group-item", has_text="Desa Serang").filter(
        has_text=period_label(this_month, "monthly")
    ).click()
    reviewer.get_by_label("Kembalikan untuk diperbaiki").check()
    reviewer.get_by_label("Catatan untuk desa").fill("Lampirkan daftar hadir pelatihan.")
    reviewer.get_by_role("button", name="Simpan keputusan").click()
    expect(reviewer.locator("#report-status")).to_contain_text("dikembalikan")

    village.reload()
    expect(village.locator("#history")).to_contain_text("Lampirkan daftar hadir pelatihan.")
    village.get_by_role("link", name="Ubah laporan").click()
    village.get_by_label("Kendala").fill("Daftar hadir dilampirkan pada uraian.")
    village.get_by_role("button", name="Simpan draf").click()
    village.get_by_role("button", name="Ajukan laporan").click()
    expect(village.locator("#report-status")).to_contain_text("diajukan")

    reviewer.reload()
    reviewer.get_by_label("Setujui").check()
    reviewer.get_by_role("button", name="Simpan keputusan").click()
    expect(reviewer.locator("#report-status")).to_contain_text("disetujui")
    assert ActivityReport.objects.get().transitions.count() == 4

    reviewer.goto("/laporan/dasbor/")
    expect(reviewer.locator("#total-approved")).to_have_text("1")
    expect(reviewer.locator("#dashboard-table")).to_contain_text("Serang")

    village.reload()
    expect(village.get_by_role("link", name="Ubah laporan")).to_have_count(0)
