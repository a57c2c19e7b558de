"""Network list (mine, all, search), creating a thematic network, the network page."""

import pytest
from django.urls import reverse

from forums.discussions import start_thread
from forums.models import Network, NetworkMembership
from forums.networks import create_thematic_network
from tests.factories import UserFactory
from tests.people import *  # noqa: F403 - the shared fixtures
from tests.people import staff


def test_anonymous_and_people_without_a_role_get_no_network_pages(client, cipari):
    urls = [
        reverse("forums:network_list"),
        reverse("forums:network_detail", args=[cipari.slug]),
        reverse("forums:network_members", args=[cipari.slug]),
        reverse("forums:network_create"),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_list_shows_my_village_networks_and_all(client, cipari, lumbir_village, sekdes):
    client.force_login(sekdes)
    mine = client.get(reverse("forums:network_list"))
    assert [n.name for n in mine.context["page"]] == ["Forum Perangkat Desa Kecamatan Cipari"]
    assert mine.context["page"][0].village_count == 2
    everything = client.get(reverse("forums:network_list"), {"tampil": "semua"})
    assert len(everything.context["page"]) == 2
    found = client.get(reverse("forums:network_list"), {"tampil": "semua", "q": "lumbir"})
    assert [n.name for n in found.context["page"]] == ["Forum Perangkat Desa Kecamatan Lumbir"]


@pytest.mark.parametrize("count", [2, 30])
def test_list_query_count_is_fixed(client, sekdes, count, django_assert_max_num_queries):
    for n in range(count):
        create_thematic_network(sekdes, name=f"Jaringan {n}")
    client.force_login(sekdes)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("forums:network_list"), {"tampil": "semua"})
    assert response.status_code == 200


def test_official_creates_a_thematic_network(client, sekdes, serang_village):
    client.force_login(sekdes)
    response = client.post(
        reverse("forums:network_create"),
        {"name": "Jaringan Ketahanan Pangan Cilacap", "topic": "ketahanan pangan", "description": "Lumbung desa."},
    )
    network = Network.objects.get(name="Jaringan Ketahanan Pangan Cilacap")
    assert response["Location"] == network.get_absolute_url()
    assert network.kind == "thematic" and network.slug == "jaringan-ketahanan-pangan-cilacap"
    assert list(network.coordinators.all()) == [sekdes]
    assert network.memberships.get().village == serang_village


def test_staff_creates_a_network_without_a_village(client, regions):
    dpmd = staff("33.01")
    client.force_login(dpmd)
    client.post(reverse("forums:network_create"), {"name": "Jaringan BUMDes Cilacap"})
    network = Network.objects.get(name="Jaringan BUMDes Cilacap")
    assert list(network.coordinators.all()) == [dpmd] and not network.memberships.exists()


def test_create_needs_a_name(client, sekdes):
    client.force_login(sekdes)
    response = client.post(reverse("forums:network_create"), {"name": "", "topic": "pangan"})
    assert response.status_code == 200 and 'value="pangan"' in response.content.decode()


def test_reserved_and_duplicate_names_get_their_own_slug(sekdes):
    a = create_thematic_network(sekdes, name="Baru")
    b = create_thematic_network(sekdes, name="Baru")
    assert a.slug == "baru-2" and b.slug == "baru-3"


def test_network_page_shows_discussions_only_to_readers(client, cipari, sekdes, outsider):
    start_thread(cipari, sekdes, "Rahasia rapat", "isi")
    client.force_login(sekdes)
    page = client.get(reverse("forums:network_detail", args=[cipari.slug])).content.decode()
    assert "Rahasia rapat" in page and "Desa Caruy" in page
    client.force_login(outsider)
    page = client.get(reverse("forums:network_detail", args=[cipari.slug])).content.decode()
    assert "Rahasia rapat" not in page and "Desa Caruy" in page
    assert "Ajukan desa saya bergabung" in page


@pytest.mark.parametrize("count", [2, 25])
def test_members_page_query_count_is_fixed(client, cipari, camat, count, django_assert_max_num_queries):
    from regions.models import Region
    from tests.factories import VillageFactory

    for region in Region.objects.filter(code__startswith="33.01.18.", level=4).exclude(village__isnull=False)[:count]:
        VillageFactory(region=region)
    client.force_login(camat)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("forums:network_members", args=[cipari.slug]))
    assert response.status_code == 200


def test_coordinator_edits_the_network(client, cipari, camat, sekdes):
    client.force_login(sekdes)
    assert client.get(reverse("forums:network_edit", args=[cipari.slug])).status_code == 404
    client.force_login(camat)
    client.post(reverse("forums:network_edit", args=[cipari.slug]), {"name": cipari.name, "description": "Baru"})
    cipari.refresh_from_db()
    assert cipari.description == "Baru"


def test_membership_history_is_never_deleted(cipari, caruy_village):
    assert NetworkMembership.objects.filter(network=cipari, village=caruy_village).count() == 1
