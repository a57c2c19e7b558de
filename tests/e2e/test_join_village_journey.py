"""A new user signs up, asks to join Desa Serang as Kaur Keuangan, the Sekretaris Desa approves,
and the new official sees their village page."""

import re

import pytest

from regions.models import Region
from tests.e2e.helpers import PASSWORD_LABEL, log_in
from tests.factories import PASSWORD, OfficialFactory, VillageFactory
from villages.models import Official, Position

pytestmark = pytest.mark.e2e


def test_new_official_joins_desa_serang(new_page, expect, live_regions, mailoutbox):
    serang = VillageFactory(region=Region.objects.get(code="33.01.18.2006"))
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    applicant_page = new_page()

    # Sign up and verify the email address.
    applicant_page.goto("/akun/signup/")
    applicant_page.get_by_label("Nama lengkap").fill("Dewi Anggraini")
    applicant_page.get_by_label("Email").fill("dewi.anggraini@contoh.id")
    applicant_page.get_by_label(PASSWORD_LABEL).fill("Sawah-Hijau-2026")
    applicant_page.get_by_label("Kata sandi (lagi)").fill("Sawah-Hijau-2026")
    applicant_page.get_by_role("button", name="Daftar").click()
    link = re.search(r"http://\S+/akun/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    applicant_page.goto(link)
    applicant_page.get_by_role("button", name="Konfirmasi").click()
    log_in(applicant_page, "dewi.anggraini@contoh.id", "Sawah-Hijau-2026")

    # Ask to join: find "Serang" among the many, with its path to tell them apart.
    applicant_page.get_by_role("link", name="Ajukan diri sebagai perangkat desa").click()
    applicant_page.get_by_label("Nama desa/kelurahan").fill("serang")
    applicant_page.get_by_role("button", name="Cari").click()
    applicant_page.get_by_label(re.compile(r"Desa Serang.*Kec\. Cipari, Kab\. Cilacap")).check()
    applicant_page.get_by_role("combobox", name="Jabatan").select_option(label="Kepala Urusan Keuangan")
    applicant_page.get_by_role("button", name="Kirim permohonan").click()
    expect(applicant_page.get_by_text("menunggu persetujuan").first).to_be_visible()
    assert Official.objects.get(user__email="dewi.anggraini@contoh.id").status == Official.Status.PENDING
    assert sekdes.email in [m.to[0] for m in mailoutbox]

    # The Sekretaris Desa approves.
    sekdes_page = new_page()
    log_in(sekdes_page, sekdes.email, PASSWORD)
    sekdes_page.get_by_role("link", name="Permohonan yang menunggu persetujuan").click()
    expect(sekdes_page.get_by_text("Dewi Anggraini")).to_be_visible()
    sekdes_page.get_by_role("button", name="Setujui").click()
    expect(sekdes_page.get_by_role("alert").first).to_be_visible()
    assert Official.objects.get(user__email="dewi.anggraini@contoh.id").status == Official.Status.ACTIVE
    assert any("disetujui" in m.subject for m in mailoutbox if m.to == ["dewi.anggraini@contoh.id"])

    # The new official sees the village on the home page and opens its page.
    applicant_page.goto("/")
    applicant_page.get_by_role("link", name="Desa Serang").first.click()
    expect(applicant_page.get_by_role("heading", name="Desa Serang")).to_be_visible()
    expect(applicant_page.get_by_text("Kec. Cipari, Kab. Cilacap, Jawa Tengah").first).to_be_visible()
    expect(applicant_page.get_by_text("Dewi Anggraini")).to_be_visible()
    expect(applicant_page.get_by_text("Kepala Urusan Keuangan")).to_be_visible()
