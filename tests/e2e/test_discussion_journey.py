"""A Serang official opens a thread in the Cipari forum; a Caruy official replies with an @-mention;
the first sees the bell count go up and reads the reply."""

import pytest

from regions.models import Region
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, OfficialFactory, UserFactory, VillageFactory
from villages.models import Position

pytestmark = pytest.mark.e2e


def test_thread_reply_mention_and_bell(live_regions, new_page, expect):
    serang = VillageFactory(region=Region.objects.get(code="33.01.18.2006"))
    caruy = VillageFactory(region=Region.objects.get(code="33.01.18.2001"))
    siti = UserFactory(full_name="Siti Rahayu", email="sekdes.serang@contoh.id")
    OfficialFactory(user=siti, village=serang, position=Position.objects.get(code="SEKDES"))
    bambang = UserFactory(full_name="Bambang Sutrisno", email="kades.caruy@contoh.id")
    OfficialFactory(user=bambang, village=caruy, position=Position.objects.get(code="KADES"))

    first = new_page()
    log_in(first, siti.email, PASSWORD)
    first.goto("/jaringan/")
    first.get_by_role("link", name="Forum Perangkat Desa Kecamatan Cipari").click()
    first.get_by_role("link", name="Diskusi", exact=True).click()
    first.get_by_role("link", name="Mulai diskusi").click()
    first.get_by_label("Judul").fill("Jadwal pelatihan BUMDes")
    first.get_by_label("Isi").fill("Kapan desa-desa bisa ikut pelatihan **BUMDes**?")
    first.get_by_role("button", name="Kirim").click()
    expect(first.get_by_role("heading", name="Jadwal pelatihan BUMDes")).to_be_visible()
    expect(first.locator("#posts strong")).to_have_text("BUMDes")
    expect(first.locator("#bell-count")).to_have_count(0)

    second = new_page()
    log_in(second, bambang.email, PASSWORD)
    second.goto("/jaringan/")
    second.get_by_role("link", name="Forum Perangkat Desa Kecamatan Cipari").click()
    second.get_by_role("link", name="Diskusi", exact=True).click()
    expect(second.locator("#thread-list .badge", has_text="baru")).to_be_visible()
    second.get_by_role("link", name="Jadwal pelatihan BUMDes").click()
    second.get_by_label("Balasan Anda").fill("@Siti Rahayu Desa Caruy siap ikut hari Sabtu.")
    second.get_by_role("button", name="Kirim balasan").click()
    expect(second.get_by_text("Balasan terkirim.")).to_be_visible()

    first.goto("/")
    expect(first.locator("#bell-count")).to_have_text("1")
    first.locator("#bell").click()
    first.get_by_role("link", name="Bambang Sutrisno menyebut Anda").click()
    expect(first.locator("#posts")).to_contain_text("Desa Caruy siap ikut hari Sabtu.")
    expect(first.locator("#bell-count")).to_have_count(0)
