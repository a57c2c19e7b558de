"""Cilacap reviews in two steps: Serang's Sekretaris Desa submits, the Cipari camat verifies, the
DPMD returns the report with a comment, the village revises and resubmits, the camat verifies again
and the DPMD approves. Each step checks what that person sees."""

import pytest
from django.utils import timezone

from reports.models import ActivityReport, ReportingSchedule, period_label
from tests.factories import PASSWORD, OfficialFactory, StaffRoleFactory, VillageFactory, region
from tests.meetings.conftest import ensure_positions
from villages.models import Position

from .helpers import log_in

pytestmark = pytest.mark.e2e


def open_report(page, month):
    page.goto("/laporan/")
    page.locator("a.list-group-item", has_text="Desa Serang").filter(has_text=period_label(month, "monthly")).click()


def test_two_step_review_journey(new_page, live_regions, expect):
    ensure_positions()
    serang = VillageFactory(region=region("33.01.18.2006"))
    ReportingSchedule.objects.create(kabupaten=region("33.01"), review_chain="two_step", review_wait_days=5)
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    camat = StaffRoleFactory(region=region("33.01.18"), title="Camat Cipari").user
    dpmd = StaffRoleFactory(region=region("33.01"), title="DPMD Cilacap").user
    this_month = timezone.localdate().replace(day=1)

    village = new_page()
    log_in(village, sekdes.email, PASSWORD)
    village.goto("/laporan/")
    village.get_by_label("Laporan Desa Serang untuk periode").select_option(this_month.isoformat())
    village.get_by_role("button", name="Buka laporan").click()
    village.get_by_label("Uraian kegiatan").fill("Pelatihan anyaman pandan untuk UMKM.")
    village.get_by_role("button", name="Simpan draf").click()
    village.get_by_role("button", name="Ajukan laporan").click()
    expect(village.locator("#report-status")).to_contain_text("diajukan")
    expect(village.locator("#report-waiting")).to_contain_text("menunggu 0 hari di kecamatan")
    expect(village.locator("#review-chain")).to_contain_text("dua tahap")

    kecamatan = new_page()
    log_in(kecamatan, camat.email, PASSWORD)
    kecamatan.goto("/laporan/")
    expect(kecamatan.locator("a.list-group-item").first).to_contain_text("menunggu 0 hari di kecamatan")
    open_report(kecamatan, this_month)
    expect(kecamatan.get_by_label("Setujui", exact=True)).to_have_count(0)
    kecamatan.get_by_label("Verifikasi dan teruskan ke kabupaten").check()
    kecamatan.get_by_role("button", name="Simpan keputusan").click()
    expect(kecamatan.get_by_text("Laporan diverifikasi dan diteruskan ke kabupaten.")).to_be_visible()
    expect(kecamatan.locator("#report-status")).to_contain_text("diverifikasi kecamatan")
    expect(kecamatan.get_by_role("button", name="Simpan keputusan")).to_have_count(0)

    kabupaten = new_page()
    log_in(kabupaten, dpmd.email, PASSWORD)
    kabupaten.goto("/laporan/dasbor/wilayah/33.01/")
    expect(kabupaten.locator("#queue-verified")).to_contain_text("1")
    expect(kabupaten.locator("#queue-table")).to_contain_text("Cipari")
    open_report(kabupaten, this_month)
    expect(kabupaten.locator("#report-waiting")).to_contain_text("di kabupaten")
    kabupaten.get_by_label("Kembalikan untuk diperbaiki").check()
    kabupaten.get_by_label("Catatan untuk desa").fill("Lampirkan daftar hadir pelatihan.")
    kabupaten.get_by_role("button", name="Simpan keputusan").click()
    expect(kabupaten.locator("#report-status")).to_contain_text("dikembalikan")

    village.reload()
    expect(village.locator("#report-status")).to_contain_text("dikembalikan")
    expect(village.locator("#history")).to_contain_text("Lampirkan daftar hadir pelatihan.")
    village.get_by_role("link", name="Ubah laporan").click()
    village.get_by_label("Kendala").fill("Daftar hadir dilampirkan.")
    village.get_by_role("button", name="Simpan draf").click()
    village.get_by_role("button", name="Ajukan laporan").click()
    expect(village.locator("#report-status")).to_contain_text("diajukan")

    kecamatan.reload()
    kecamatan.get_by_label("Verifikasi dan teruskan ke kabupaten").check()
    kecamatan.get_by_role("button", name="Simpan keputusan").click()
    expect(kecamatan.locator("#report-status")).to_contain_text("diverifikasi kecamatan")

    kabupaten.reload()
    kabupaten.get_by_label("Setujui").check()
    kabupaten.get_by_role("button", name="Simpan keputusan").click()
    expect(kabupaten.locator("#report-status")).to_contain_text("disetujui")
    expect(kabupaten.locator("#history")).to_contain_text("Lampirkan daftar hadir pelatihan.")

    village.reload()
    expect(village.locator("#report-status")).to_contain_text("disetujui")
    expect(village.get_by_role("link", name="Ubah laporan")).to_have_count(0)
    statuses = [t.to_status for t in ActivityReport.objects.get().transitions.all()]
    assert statuses == ["submitted", "verified", "returned", "submitted", "verified", "approved"]
