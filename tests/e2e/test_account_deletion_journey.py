"""On a phone: an official deletes their account from the profile page; a neighbour then reads their
reply as "mantan pengguna"; the staff member reads the deletion in the audit trail."""

import pytest

from accounts.models import User
from forums.discussions import add_reply, start_thread
from forums.models import Network
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, OfficialFactory, StaffRoleFactory, VillageFactory, region
from villages.models import Position

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_deleting_an_account_on_a_phone(new_page, live_regions, expect):
    serang = VillageFactory(region=region("33.01.18.2006"))
    caruy = VillageFactory(region=region("33.01.18.2001"))
    dewi = OfficialFactory(
        village=serang, position=Position.objects.get(code="KAUR_KEU"), user__full_name="Dewi Lestari"
    ).user
    neighbour = OfficialFactory(village=caruy, position=Position.objects.get(code="KADES")).user
    camat = StaffRoleFactory(region=region("33.01.18"), title="Camat Cipari").user
    network = Network.objects.get(kind=Network.Kind.KECAMATAN, cover_region__code="33.01.18")
    thread = start_thread(network, neighbour, "Jadwal posyandu", "Kapan posyandu bulan ini?")
    add_reply(thread, dewi, "Posyandu Serang tiap Kamis pagi.")

    page = new_page()
    log_in(page, dewi.email, PASSWORD)
    page.goto("/akun/profil/")
    page.get_by_role("link", name="hapus akun").click()
    expect(page.get_by_role("heading", name="Hapus akun")).to_be_visible()
    no_sideways_scroll(page)
    page.get_by_label("Kata sandi Anda").fill("salah")
    page.get_by_role("button", name="Hapus akun saya").click()
    expect(page.get_by_text("Kata sandi salah.")).to_be_visible()
    page.get_by_label("Kata sandi Anda").fill(PASSWORD)
    page.get_by_role("button", name="Hapus akun saya").click()
    expect(page.get_by_text("Akun Anda sudah dihapus.")).to_be_visible()
    assert User.objects.get(pk=dewi.pk).full_name == "mantan pengguna"

    reader = new_page()
    log_in(reader, neighbour.email, PASSWORD)
    reader.goto(thread.get_absolute_url())
    expect(reader.get_by_text("Posyandu Serang tiap Kamis pagi.")).to_be_visible()
    expect(reader.get_by_text("mantan pengguna")).to_be_visible()
    expect(reader.get_by_text("Dewi Lestari")).to_have_count(0)

    staff = new_page()
    log_in(staff, camat.email, PASSWORD)
    staff.goto("/audit/")
    expect(staff.get_by_role("heading", name="Jejak audit")).to_be_visible()
    expect(staff.locator("#audit-entries").get_by_text("Akun dihapus")).to_be_visible()
    staff.get_by_label("Tindakan").select_option("account_deleted")
    staff.get_by_role("button", name="Saring").click()
    expect(staff.locator("#audit-entries > li")).to_have_count(1)
    no_sideways_scroll(staff)
