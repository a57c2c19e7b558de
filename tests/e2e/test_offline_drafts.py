"""A reply or a report typed without a connection is kept as a draft and sent once the phone is
back online, exactly once."""

import pytest
from django.utils import timezone

from forums.discussions import start_thread
from forums.models import Network, Post
from regions.models import Region
from reports.models import ActivityReport
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, OfficialFactory, UserFactory, VillageFactory
from tests.meetings.conftest import ensure_positions
from villages.models import Position

pytestmark = pytest.mark.e2e

SAVED = "Disimpan sebagai draf, akan dikirim saat online."


def people():
    ensure_positions()
    serang = VillageFactory(region=Region.objects.get(code="33.01.18.2006"))
    caruy = VillageFactory(region=Region.objects.get(code="33.01.18.2001"))
    siti = UserFactory(full_name="Siti Rahayu")
    OfficialFactory(user=siti, village=serang, position=Position.objects.get(code="SEKDES"))
    bambang = UserFactory(full_name="Bambang Sutrisno")
    OfficialFactory(user=bambang, village=caruy, position=Position.objects.get(code="KADES"))
    return serang, siti, bambang


def test_reply_typed_offline_is_sent_once_when_online(new_page, live_regions, expect):
    _serang, siti, bambang = people()
    cipari = Network.objects.get(kind=Network.Kind.KECAMATAN, cover_region__code="33.01.18")
    thread = start_thread(cipari, siti, "Jadwal pelatihan BUMDes", "Kapan desa-desa bisa ikut?")

    page = new_page()
    log_in(page, bambang.email, PASSWORD)
    page.goto(f"/diskusi/{thread.pk}/")
    page.context.set_offline(True)
    page.get_by_label("Balasan Anda").fill("Desa Caruy siap ikut hari Sabtu.")
    page.get_by_role("button", name="Kirim balasan").click()
    expect(page.locator("#reply").get_by_role("status")).to_have_text(SAVED)
    expect(page.locator("#draft-bar")).to_contain_text("Draf menunggu dikirim: Balasan: Jadwal pelatihan BUMDes")
    assert not Post.objects.filter(thread=thread, is_opening=False).exists()

    page.context.set_offline(False)
    expect(page.locator("#posts")).to_contain_text("Desa Caruy siap ikut hari Sabtu.")
    expect(page.locator("#draft-bar")).to_have_text("Draf terkirim.")
    # Another page opened later does not send it again.
    page.goto("/")
    expect(page.locator("#draft-bar")).to_be_hidden()
    assert list(Post.objects.filter(thread=thread, is_opening=False).values_list("body", flat=True)) == [
        "Desa Caruy siap ikut hari Sabtu."
    ]
    assert page.evaluate("localStorage.getItem('forumdesa-drafts')") == "[]"


def test_report_typed_offline_is_saved_when_online(new_page, live_regions, expect):
    serang, siti, _bambang = people()
    this_month = timezone.localdate().replace(day=1)

    page = new_page()
    log_in(page, siti.email, PASSWORD)
    page.goto("/laporan/")
    page.get_by_label("Laporan Desa Serang untuk periode").select_option(this_month.isoformat())
    page.get_by_role("button", name="Buka laporan").click()
    page.context.set_offline(True)
    page.get_by_label("Uraian kegiatan").fill("Rapat rutin perangkat dan pelatihan BUMDes.")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_role("status").filter(has_text=SAVED)).to_be_visible()
    expect(page.locator("#draft-bar")).to_contain_text("Draf menunggu dikirim: Laporan kegiatan")
    assert ActivityReport.objects.get(village=serang).narrative == ""

    page.context.set_offline(False)
    expect(page.locator("#draft-bar")).to_have_text("Draf terkirim.")
    assert ActivityReport.objects.get(village=serang).narrative == "Rapat rutin perangkat dan pelatihan BUMDes."
