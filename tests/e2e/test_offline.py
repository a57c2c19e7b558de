"""A page read once stays readable without a connection, with a bar saying the phone is offline."""

import pytest

from regions.models import Region
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, OfficialFactory, VillageFactory
from tests.knowledge.library import practice
from villages.models import Position

pytestmark = pytest.mark.e2e


def test_page_opened_before_shows_offline(new_page, live_regions, expect):
    serang = VillageFactory(region=Region.objects.get(code="33.01.18.2006"))
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    shared = practice(serang, sekdes, title="Lumbung pangan desa")

    page = new_page()
    log_in(page, sekdes.email, PASSWORD)
    page.goto(f"/praktik/{shared.pk}/")
    expect(page.locator("#offline-bar")).to_be_hidden()
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active.state)") == "activated"
    # The worker stores the page it was told about; wait until the copy is there.
    page.wait_for_function("caches.match(location.href, {ignoreVary: true}).then(r => !!r)")

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Lumbung pangan desa")).to_be_visible()
    expect(page.get_by_text("Desa melatih 45 warga")).to_be_visible()
    expect(page.locator("#offline-bar")).to_be_visible()
    expect(page.locator("#offline-bar")).to_contain_text("Anda sedang offline")

    page.goto("/kerja-sama/")  # never opened: no stored copy
    expect(page.get_by_text("Halaman ini belum pernah dibuka di perangkat ini")).to_be_visible()

    page.context.set_offline(False)
    page.goto(f"/praktik/{shared.pk}/")
    expect(page.locator("#offline-bar")).to_be_hidden()


def test_signing_out_forgets_the_pages_kept(new_page, live_regions, expect):
    serang = VillageFactory(region=Region.objects.get(code="33.01.18.2006"))
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    shared = practice(serang, sekdes, title="Lumbung pangan desa")

    page = new_page()
    log_in(page, sekdes.email, PASSWORD)
    page.goto(f"/praktik/{shared.pk}/")
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("caches.match(location.href, {ignoreVary: true}).then(r => !!r)")
    page.evaluate("document.querySelector('form[action=\"/akun/logout/\"]').submit()")
    page.wait_for_function("!document.body.hasAttribute('data-signed-in')")
    page.wait_for_function(f"caches.match('/praktik/{shared.pk}/', {{ignoreVary: true}}).then(r => !r)")

    page.context.set_offline(True)
    page.goto(f"/praktik/{shared.pk}/")
    expect(page.get_by_text("Halaman ini belum pernah dibuka di perangkat ini")).to_be_visible()
    expect(page.get_by_text("Desa melatih 45 warga")).to_have_count(0)
