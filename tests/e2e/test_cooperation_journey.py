"""Serang proposes a micro-enterprise cooperation with Desa Cirahab (Kab. Banyumas), both managers
confirm, a milestone is completed and the progress shows it."""

import pytest
from django.core.management import call_command

from cooperation.models import Agreement
from regions.models import Region
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, OfficialFactory, VillageFactory
from villages.models import Position

pytestmark = pytest.mark.e2e


def test_two_villages_agree_and_track_progress(new_page, live_regions, expect):
    call_command("import_regions", only=["33.02.01"], verbosity=0)
    serang = VillageFactory(region=Region.objects.get(code="33.01.18.2006"))
    cirahab = VillageFactory(region=Region.objects.get(code="33.02.01.2001"))
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    kades = OfficialFactory(village=cirahab, position=Position.objects.get(code="KADES")).user

    page = new_page()
    log_in(page, sekdes.email, PASSWORD)
    page.goto("/kerja-sama/")
    page.get_by_role("link", name="Usulkan kerja sama").click()
    page.get_by_label("Judul kerja sama").fill("Pengembangan usaha mikro bersama")
    page.get_by_label("Bidang").select_option("usaha")
    page.get_by_label("Ruang lingkup").fill("Pelatihan dan pemasaran produk UMKM kedua desa.")
    page.get_by_label("Mulai berlaku").fill("2026-01-01")
    page.get_by_label("Berakhir").fill("2027-12-31")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Draf kerja sama disimpan")).to_be_visible()

    page.get_by_label("Cari desa anggota").fill("Cirahab")
    page.get_by_role("button", name="Cari").click()
    page.locator("#village-results").get_by_role("button", name="Tambahkan").click()
    expect(page.locator("#parties")).to_contain_text("Desa Cirahab")
    page.get_by_label("Tahapan").fill("Pelatihan pengemasan produk")
    page.get_by_label("Tenggat").fill("2026-06-30")
    page.locator("#milestones").get_by_role("button", name="Tambah tahapan").click()
    expect(page.locator("#progress")).to_contain_text("0% selesai")
    page.get_by_role("button", name="Ajukan ke desa mitra").click()
    expect(page.get_by_text("Pengelola desa mitra diminta mengonfirmasi")).to_be_visible()
    agreement = Agreement.objects.get()

    other = new_page()
    log_in(other, kades.email, PASSWORD)
    other.goto("/akun/notifikasi/")
    other.get_by_text("Mohon konfirmasi kerja sama").first.click()
    other.get_by_role("button", name="Konfirmasi untuk Desa Cirahab").click()
    expect(other.get_by_text("kerja sama kini berjalan")).to_be_visible()
    expect(other.get_by_text("Berjalan").first).to_be_visible()

    other.locator("#milestones").get_by_role("link", name="ubah").click()
    other.get_by_label("Status").select_option("done")
    other.get_by_role("button", name="Simpan").click()
    expect(other.locator("#progress")).to_contain_text("100% selesai")

    page.goto(f"/kerja-sama/{agreement.pk}/")
    expect(page.locator("#progress")).to_contain_text("100% selesai")
    page.goto("/kerja-sama/")
    expect(page.locator("#agreement-list")).to_contain_text("100% selesai")
