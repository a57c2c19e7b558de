"""Picking villages and regions by name: the search-as-you-type endpoint and the fields that resolve
a typed name on the server (the same path a phone without JavaScript takes)."""

import pytest
from django.urls import reverse

from regions.models import Region
from tests.factories import OfficialFactory, StaffRoleFactory, VillageFactory
from villages import lookup

URL = reverse("villages:lookup")


def join(*codes):
    return [VillageFactory(region=Region.objects.get(code=code)) for code in codes]


@pytest.fixture
def members(regions):
    # Serang, Caruy, Cipari, Mekarsari, Kutasari (Kec. Cipari), Cirahab (Kec. Lumbir, Banyumas), a village in Ubud.
    return join("33.01.18.2006", "33.01.18.2001", "33.01.18.2005", "33.01.18.2008", "33.01.18.2009", "33.02.01.2001")


@pytest.fixture
def official(members):
    return OfficialFactory(village=members[0]).user


@pytest.fixture
def camat(regions):
    return StaffRoleFactory(region=Region.objects.get(code="33.01.18"), title="Camat Cipari").user


def options(client, kind, q):
    response = client.get(URL, {"jenis": kind, "q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_villages_by_name_with_their_path_and_code(client, official):
    client.force_login(official)
    html = options(client, "desa", "cira")
    assert '<option value="Desa Cirahab — Kec. Lumbir, Kab. Banyumas, Jawa Tengah (33.02.01.2001)">' in html
    assert "Serang" not in html


def test_only_member_villages_are_offered(client, official):
    client.force_login(official)
    # Desa Sidasari (33.01.18.2011) has not joined; Desa Kutasari and Desa Mekarsari have.
    html = options(client, "desa", "sari")
    assert "Desa Kutasari" in html and "Desa Mekarsari" in html
    assert "Sidasari" not in html


def test_names_that_start_with_the_query_come_first(client, official):
    client.force_login(official)
    html = options(client, "wilayah", "cipari")
    # Kecamatan Cipari before Desa Cipari (same name: the larger region first).
    assert html.index("Kecamatan Cipari") < html.index("Desa Cipari")


def test_staff_are_offered_only_regions_in_their_scope(client, camat, members):
    client.force_login(camat)
    html = options(client, "wilayah", "ci")
    assert "Kecamatan Cipari" in html and "Desa Caruy" not in html  # "ci" is not in "Caruy"
    assert "Desa Cipari" in html
    assert "Cilacap" not in html.split("—")[0]  # Kabupaten Cilacap lies around their region, not in it
    assert "Cirahab" not in html  # Banyumas
    assert "Kabupaten Cilacap — Jawa Tengah (33.01)" not in options(client, "wilayah", "cilacap")


def test_officials_are_offered_every_region(client, official):
    client.force_login(official)
    assert "Kabupaten Cilacap — Jawa Tengah (33.01)" in options(client, "wilayah", "cilacap")
    assert "Kecamatan Lumbir" in options(client, "wilayah", "lumbir")


def test_query_count_does_not_grow_with_the_results(client, official, regions, django_assert_num_queries):
    client.force_login(official)
    # Session and user, then one search; the region kind also asks who the user is (official, staff codes).
    with django_assert_num_queries(3):
        few = options(client, "desa", "serang")
    with django_assert_num_queries(5):
        few_regions = options(client, "wilayah", "lumbir")
    join(*[f"33.02.01.20{n:02d}" for n in range(2, 11)])
    with django_assert_num_queries(3):
        many = options(client, "desa", "33")
    with django_assert_num_queries(5):
        many_regions = options(client, "wilayah", "33")
    assert few.count("<option") == 1 and few_regions.count("<option") == 1
    assert many.count("<option") == many_regions.count("<option") == lookup.MAX_OPTIONS


def test_short_queries_and_unknown_kinds(client, official):
    client.force_login(official)
    assert options(client, "desa", "c").strip() == ""
    assert client.get(URL, {"jenis": "semua", "q": "cipari"}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, members):
    assert client.get(URL, {"jenis": "desa", "q": "serang"}).status_code == 302


# ---- The field, as a form without JavaScript submits it ----


@pytest.mark.parametrize(
    "typed",
    [
        "Cirahab",
        "desa cirahab",
        "  CIRAHAB ",
        "33.02.01.2001",
        "Desa Cirahab — Kec. Lumbir, Kab. Banyumas, Jawa Tengah (33.02.01.2001)",
    ],
)
def test_field_resolves_what_people_type(official, typed):
    field = lookup.RegionLookupField(kind="desa", user=official)
    assert field.clean(typed).code == "33.02.01.2001"


def test_field_offers_a_choice_when_a_name_fits_several(official):
    field = lookup.RegionLookupField(kind="desa", user=official)
    with pytest.raises(Exception, match="cocok dengan beberapa tempat"):
        field.clean("sari")
    assert {r.code for r in field.candidates} == {"33.01.18.2008", "33.01.18.2009"}
    html = field.widget.render("host", "sari", {"id": "id_host"})
    assert 'type="radio" name="host" value="Desa Kutasari — Kec. Cipari' in html


def test_field_says_when_a_village_has_not_joined(official):
    field = lookup.RegionLookupField(kind="desa", user=official)
    with pytest.raises(Exception, match="belum bergabung"):
        field.clean("Sidasari")
    assert field.candidates == []
