"""With JavaScript the forms get lighter: the meeting form shows only the audience field that fits
the choice, and a village field offers member villages by name while one types."""

import pytest

from forums.models import Network, NetworkMembership
from tests.factories import PASSWORD, OfficialFactory, VillageFactory, region
from tests.meetings.conftest import ensure_positions
from villages.models import Position

from .helpers import log_in

pytestmark = pytest.mark.e2e


def test_meeting_form_shows_the_fitting_audience_field_and_the_repeat_count_only_when_repeating(
    page, expect, live_regions
):
    ensure_positions()
    serang = VillageFactory(region=region("33.01.18.2006"))
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    forum = Network.objects.create(name="Forum Cipari", slug="forum-cipari", cover_region=region("33.01.18"))
    NetworkMembership.objects.create(network=forum, village=serang, state=NetworkMembership.State.ACTIVE)
    log_in(page, sekdes.email, PASSWORD)
    page.goto("/rapat/baru/")
    network, villages = page.locator("#id_audience_network"), page.locator("#id_audience_villages")
    expect(network).to_be_hidden()
    expect(page.locator("#id_repeat_count")).to_be_hidden()
    page.get_by_role("radio", name="Anggota satu jaringan").check()
    expect(network).to_be_visible()
    expect(villages).to_be_hidden()
    expect(network.locator("option", has_text="Forum Cipari")).to_have_count(1)
    page.get_by_role("radio", name="Desa-desa tertentu").check()
    expect(villages).to_be_visible()
    expect(network).to_be_hidden()
    page.get_by_label("Ulangi").select_option("weekly")
    expect(page.locator("#id_repeat_count")).to_be_visible()


def test_exchange_form_offers_member_villages_by_name(page, expect, live_regions):
    ensure_positions()
    serang = VillageFactory(region=region("33.01.18.2006"))
    VillageFactory(region=region("33.01.18.2005"))  # Desa Cipari
    kades = OfficialFactory(village=serang, position=Position.objects.get(code="KADES")).user
    log_in(page, kades.email, PASSWORD)
    page.goto("/pertukaran/baru/")
    page.get_by_label("Desa tujuan").press_sequentially("cip", delay=50)
    expect(page.locator("#id_host_code-pilihan option")).to_have_count(1)
    option = page.locator("#id_host_code-pilihan option").first
    expect(option).to_have_attribute("value", "Desa Cipari — Kec. Cipari, Kab. Cilacap, Jawa Tengah (33.01.18.2005)")
