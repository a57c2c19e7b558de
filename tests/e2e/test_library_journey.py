"""A Serang official writes the micro-enterprise practice, a Cilacap curator publishes it, and an
official of Desa Caruy finds it by searching "pelatihan usaha mikro" and records an adoption."""

import datetime

import pytest
from django.utils import timezone

from regions.models import Region
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory
from villages.models import Position

pytestmark = pytest.mark.e2e


def test_write_publish_find_and_adopt(live_regions, new_page, expect):
    serang = VillageFactory(region=Region.objects.get(code="33.01.18.2006"))
    caruy = VillageFactory(region=Region.objects.get(code="33.01.18.2001"))
    siti = UserFactory(full_name="Siti Rahayu", email="sekdes.serang@contoh.id")
    OfficialFactory(user=siti, village=serang, position=Position.objects.get(code="SEKDES"))
    bambang = UserFactory(full_name="Bambang Sutrisno", email="kades.caruy@contoh.id")
    OfficialFactory(user=bambang, village=caruy, position=Position.objects.get(code="KADES"))
    curator = UserFactory(full_name="Dewi DPMD", email="dpmd.cilacap@contoh.id")
    StaffRoleFactory(user=curator, region=Region.objects.get(code="33.01"), title="DPMD Cilacap")
    title = "Pelatihan usaha mikro ibu-ibu PKK Serang"

    author = new_page()
    log_in(author, siti.email, PASSWORD)
    author.goto("/praktik/")
    author.get_by_role("link", name="Tulis praktik baik").click()
    author.get_by_label("Judul").fill(title)
    author.get_by_label("Ringkasan").fill("Desa melatih 45 warga membuat dan memasarkan keripik singkong.")
    author.get_by_label("Masalah yang dijawab").fill("Warga punya keterampilan tetapi tidak punya pasar.")
    author.get_by_label("Yang dilakukan").fill("- Latihan pengemasan\n- Pemasaran daring\n- Modal bergulir BUMDes")
    author.get_by_label("Hasil dan angka").fill("Pendapatan peserta naik 30%; 12 usaha baru.")
    author.get_by_label("Sumber dana").select_option("dana_desa")
    author.get_by_label("Usaha mikro dan UMKM").check()
    author.get_by_role("button", name="Simpan").click()
    expect(author.locator("#practice-status")).to_contain_text("Draf")
    author.get_by_role("button", name="Ajukan untuk kurasi").click()
    expect(author.locator("#practice-status")).to_contain_text("Menunggu kurasi")

    reviewer = new_page()
    log_in(reviewer, curator.email, PASSWORD)
    reviewer.goto("/praktik/kurasi/")
    reviewer.get_by_role("link", name=title).click()
    reviewer.get_by_role("button", name="Terbitkan").click()
    expect(reviewer.get_by_text("Praktik baik diterbitkan.")).to_be_visible()

    adopter = new_page()
    log_in(adopter, bambang.email, PASSWORD)
    adopter.goto("/praktik/")
    adopter.get_by_label("Cari praktik baik").fill("pelatihan usaha mikro")
    adopter.get_by_role("button", name="Cari", exact=True).click()
    expect(adopter.locator("#practice-list")).to_contain_text(title)
    adopter.get_by_role("link", name=title).click()
    adopter.get_by_role("link", name="Desa kami menerapkan ini").click()
    last_month = timezone.localdate() - datetime.timedelta(days=30)
    adopter.get_by_label("Mulai menerapkan").fill(last_month.isoformat())
    adopter.get_by_label("Yang kami sesuaikan").fill("Kami mulai dengan kelompok tani perempuan.")
    adopter.get_by_role("button", name="Simpan").click()
    expect(adopter.locator("#adoption-heading")).to_have_text("Diterapkan di 1 desa")
    expect(adopter.locator("#adoption-list")).to_contain_text("Desa Caruy")

    author.goto("/")
    expect(author.locator("#bell-count")).to_have_text("2")  # published, then adopted
