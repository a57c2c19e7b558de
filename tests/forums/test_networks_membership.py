"""Kecamatan networks made automatically; joining by request or invitation, leaving, removal;
the history of memberships; who may do each (404 for the rest)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from forums import rules
from forums.models import Network, NetworkMembership
from forums.networks import MembershipError, ensure_kecamatan_network, request_membership
from notifications.models import Notification
from regions.models import Region
from tests.factories import VillageFactory
from tests.people import *  # noqa: F403 - the shared fixtures
from tests.people import official, staff


@pytest.fixture
def lumbir_network(lumbir_village):
    return Network.objects.get(kind=Network.Kind.KECAMATAN, cover_region__code="33.02.01")


def test_every_joined_village_is_in_its_kecamatan_forum(cipari, serang_village, caruy_village):
    assert cipari.name == "Forum Perangkat Desa Kecamatan Cipari"
    villages = set(cipari.memberships.filter(state="active").values_list("village", flat=True))
    assert villages == {serang_village.pk, caruy_village.pk}


def test_command_is_idempotent_and_does_not_readd_a_village_that_left(cipari, caruy_village):
    NetworkMembership.objects.filter(village=caruy_village).update(state="left")
    Network.objects.all().delete()
    call_command("ensure_kecamatan_networks", verbosity=0)
    call_command("ensure_kecamatan_networks", verbosity=0)
    network = Network.objects.get(cover_region__code="33.01.18")
    assert network.memberships.filter(state="active").count() == 2
    NetworkMembership.objects.filter(network=network, village=caruy_village).update(state="left")
    ensure_kecamatan_network(caruy_village)
    assert not network.memberships.filter(village=caruy_village, state="active").exists()


def test_staff_of_the_kecamatan_coordinate_its_forum(cipari, lumbir_network, camat):
    assert rules.is_network_coordinator(camat, cipari)
    assert not rules.is_network_coordinator(camat, lumbir_network)
    assert rules.is_network_coordinator(staff("33.01"), cipari)


def test_request_then_coordinator_accepts(client, lumbir_network, cipari, outsider, lumbir_village, camat):
    client.force_login(outsider)
    response = client.post(reverse("forums:network_request_join", args=[cipari.slug]), {"note": "Kami tetangga."})
    assert response.status_code == 302
    membership = NetworkMembership.objects.get(network=cipari, village=lumbir_village)
    assert membership.state == "requested" and membership.started_by == outsider
    assert Notification.objects.filter(recipient=camat, key__startswith="network-membership").exists()
    # A second request while one is open is refused with a message, not an error page.
    response = client.post(reverse("forums:network_request_join", args=[cipari.slug]), follow=True)
    assert "sedang menunggu" in response.content.decode()
    # The requester cannot decide their own request.
    assert (
        client.post(reverse("forums:network_decide", args=[membership.pk]), {"decision": "accept"}).status_code == 404
    )
    client.force_login(camat)
    page = client.get(reverse("forums:network_members", args=[cipari.slug])).content.decode()
    assert "Kami tetangga." in page
    client.post(reverse("forums:network_decide", args=[membership.pk]), {"decision": "accept"})
    membership.refresh_from_db()
    assert membership.state == "active" and membership.decided_by == camat
    assert rules.can_read_network(outsider, cipari)
    assert Notification.objects.filter(recipient=outsider, key=f"network-membership:{membership.pk}:accepted").exists()


def test_only_managers_ask_to_join(client, cipari, lumbir_village):
    staf = official(lumbir_village, "STAF")
    client.force_login(staf)
    assert client.post(reverse("forums:network_request_join", args=[cipari.slug])).status_code == 404
    assert not NetworkMembership.objects.filter(network=cipari, village=lumbir_village).exists()


def test_invitation_accepted_by_the_village_manager(client, cipari, camat, outsider, lumbir_village):
    client.force_login(camat)
    response = client.post(reverse("forums:network_members", args=[cipari.slug]), {"code": lumbir_village.code})
    assert response.status_code == 302
    membership = NetworkMembership.objects.get(network=cipari, village=lumbir_village)
    assert membership.state == "invited"
    # The coordinator cannot accept on the village's behalf.
    assert (
        client.post(reverse("forums:network_decide", args=[membership.pk]), {"decision": "accept"}).status_code == 404
    )
    client.force_login(outsider)
    page = client.get(reverse("forums:network_detail", args=[cipari.slug])).content.decode()
    assert "diundang bergabung" in page
    client.post(reverse("forums:network_decide", args=[membership.pk]), {"decision": "accept"})
    membership.refresh_from_db()
    assert membership.state == "active"


def test_invite_unknown_code_redisplays_the_form(client, cipari, camat):
    client.force_login(camat)
    response = client.post(reverse("forums:network_members", args=[cipari.slug]), {"code": "99.99.99.9999"})
    html = response.content.decode()
    assert response.status_code == 200 and "Tidak ada desa anggota" in html and "99.99.99.9999" in html


def test_invite_existing_member_is_refused(client, cipari, camat, caruy_village):
    client.force_login(camat)
    response = client.post(reverse("forums:network_members", args=[cipari.slug]), {"code": caruy_village.code})
    assert response.status_code == 200 and "sudah anggota" in response.content.decode()


def test_members_cannot_invite(client, cipari, kades_caruy, lumbir_village):
    client.force_login(kades_caruy)
    response = client.post(reverse("forums:network_members", args=[cipari.slug]), {"code": lumbir_village.code})
    assert response.status_code == 404


def test_village_leaves_and_history_is_kept(client, cipari, kades_caruy, caruy_village, camat):
    membership = NetworkMembership.objects.get(network=cipari, village=caruy_village)
    client.force_login(kades_caruy)
    client.post(reverse("forums:network_leave", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.state == "left" and membership.ended_at is not None and membership.decided_by == kades_caruy
    assert not rules.can_read_network(kades_caruy, cipari)
    client.force_login(camat)
    page = client.get(reverse("forums:network_members", args=[cipari.slug])).content.decode()
    assert "Riwayat" in page and "keluar" in page
    # A village that left may ask again: a new row, the old one stays.
    request_membership(cipari, caruy_village, kades_caruy)
    assert NetworkMembership.objects.filter(network=cipari, village=caruy_village).count() == 2


def test_coordinator_removes_and_others_cannot(client, cipari, caruy_village, sekdes, camat):
    membership = NetworkMembership.objects.get(network=cipari, village=caruy_village)
    url = reverse("forums:network_remove", args=[membership.pk])
    client.force_login(sekdes)
    assert client.post(url).status_code == 404
    client.force_login(camat)
    assert client.post(url).status_code == 302
    membership.refresh_from_db()
    assert membership.state == "removed"
    # Already removed: a second click reports, does not crash.
    response = client.post(url)
    assert response.status_code == 404


def test_decision_races_are_reported(cipari, camat, outsider, lumbir_village):
    from forums.networks import decide_membership

    membership = request_membership(cipari, lumbir_village, outsider)
    stale = NetworkMembership.objects.get(pk=membership.pk)
    decide_membership(membership, camat, True)
    with pytest.raises(MembershipError):
        decide_membership(stale, camat, False)


def test_other_staff_and_strangers_get_404_on_member_actions(client, cipari, caruy_village):
    membership = NetworkMembership.objects.get(network=cipari, village=caruy_village)
    client.force_login(staff("33.02"))
    for name in ("network_leave", "network_remove"):
        assert client.post(reverse(f"forums:{name}", args=[membership.pk])).status_code == 404
    assert client.get(reverse("forums:network_edit", args=[cipari.slug])).status_code == 404


def test_new_village_in_another_kecamatan_gets_its_own_forum(regions):
    VillageFactory(region=Region.objects.get(code="51.04.05.2001"))
    network = Network.objects.get(kind=Network.Kind.KECAMATAN, cover_region__code="51.04.05")
    assert network.timezone_abbr == "WITA"
