from decimal import Decimal

import pytest
from django.urls import reverse

from regions.models import Region
from tests.factories import OfficialFactory, VillageFactory
from villages.models import IdmScore, Official, Village

URL = reverse("villages:village_directory")


def join(code, **idm):
    """Make the region with this code a member village, with {year: score} IDM scores."""
    village = VillageFactory(region=Region.objects.get(code=code))
    for year, score in idm.get("scores", {}).items():
        IdmScore.objects.create(village=village, year=year, score=Decimal(score))
    return village


@pytest.fixture
def members(regions):
    serang = join("33.01.18.2006", scores={2022: "0.6800", 2023: "0.7100"})  # Maju in its latest year
    caruy = join("33.01.18.2001", scores={2023: "0.4907"})  # exactly the Tertinggal edge
    cirahab = join("33.02.01.2001", scores={2021: "0.9000", 2023: "0.4906"})  # latest is what counts
    lodtunduh = join("51.04.05.2001")
    return {"serang": serang, "caruy": caruy, "cirahab": cirahab, "lodtunduh": lodtunduh}


def names(response):
    return [village.name for village in response.context["page"]]


def test_lists_members_with_path_status_and_active_officials(client, members):
    OfficialFactory(village=members["serang"])
    OfficialFactory(village=members["serang"])
    OfficialFactory(village=members["serang"], status=Official.Status.PENDING)
    OfficialFactory(village=members["serang"], status=Official.Status.ENDED)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert sorted(names(response)) == sorted(v.name for v in Village.objects.all())
    assert "Kec. Cipari, Kab. Cilacap, Jawa Tengah" in html
    serang = next(v for v in response.context["page"] if v.pk == members["serang"].pk)
    assert serang.active_officials == 2
    assert serang.latest_idm.year == 2023 and serang.latest_idm.status == "Maju"
    assert "2 perangkat aktif" in html
    assert "Belum ada skor IDM" in html  # Lodtunduh


def test_regions_that_did_not_join_are_not_listed(client, members):
    assert "Desa Kutasari" not in client.get(URL).content.decode()  # a desa of Cipari, not a member


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"provinsi": "33"}, {"Desa Serang", "Desa Caruy", "Desa Cirahab"}),
        ({"provinsi": "51"}, {"Desa Lodtunduh"}),
        ({"provinsi": "33", "kabupaten": "33.02"}, {"Desa Cirahab"}),
        ({"provinsi": "33", "kabupaten": "33.01", "kecamatan": "33.01.18"}, {"Desa Serang", "Desa Caruy"}),
        ({"status": "maju"}, {"Desa Serang"}),
        ({"status": "tertinggal"}, {"Desa Caruy"}),
        ({"status": "sangat-tertinggal"}, {"Desa Cirahab"}),
        ({"status": "mandiri"}, set()),
        ({"status": "belum"}, {"Desa Lodtunduh"}),
        ({"q": "serang"}, {"Desa Serang"}),
        ({"q": "  SER  "}, {"Desa Serang"}),
        ({"provinsi": "33", "status": "tertinggal", "q": "car"}, {"Desa Caruy"}),
    ],
)
def test_filters(client, members, params, expected):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert set(names(response)) == expected


def test_region_lists_cascade_from_the_chosen_parent(client, members):
    form = client.get(URL).context["form"]
    assert len(form.fields["provinsi"].choices) == Region.objects.provinces().count() + 1
    assert form.fields["kabupaten"].disabled and form.fields["kecamatan"].disabled

    form = client.get(URL, {"provinsi": "33"}).context["form"]
    regencies = [code for code, _label in form.fields["kabupaten"].choices if code]
    assert "33.01" in regencies and "33.02" in regencies
    assert all(code.startswith("33.") for code in regencies)
    assert form.fields["kecamatan"].disabled

    form = client.get(URL, {"provinsi": "33", "kabupaten": "33.01"}).context["form"]
    assert "33.01.18" in [code for code, _label in form.fields["kecamatan"].choices]


def test_choice_left_from_another_province_is_dropped(client, members):
    # The user switched the province to Bali but the Cilacap choices came along in the URL.
    response = client.get(URL, {"provinsi": "51", "kabupaten": "33.01", "kecamatan": "33.01.18"})
    assert response.status_code == 200
    assert set(names(response)) == {"Desa Lodtunduh"}
    assert response.context["form"]["kabupaten"].value() == ""


@pytest.mark.parametrize("params", [{"status": "kaya"}, {"provinsi": "99"}, {"q": "x" * 500}, {"page": "abc"}])
def test_odd_input_never_fails(client, members, params):
    assert client.get(URL, params).status_code == 200


def test_paginated_by_20_keeping_the_filters(client, regions):
    for region in Region.objects.within("61.12.01").filter(level=4):
        VillageFactory(region=region)
    first = client.get(URL, {"provinsi": "61"})
    assert first.context["page"].paginator.count == 22
    assert len(first.context["page"]) == 20
    assert "provinsi=61&amp;page=2" in first.content.decode()
    second = client.get(URL, {"provinsi": "61", "page": 2})
    assert len(second.context["page"]) == 2


@pytest.mark.parametrize("size", [3, 40])
def test_query_count_is_fixed(client, regions, size, django_assert_max_num_queries):
    for index, region in enumerate(Region.objects.filter(level=4).order_by("code")[:size]):
        village = VillageFactory(region=region)
        IdmScore.objects.create(village=village, year=2023, score=Decimal("0.6000") + Decimal(index) / 200)
        IdmScore.objects.create(village=village, year=2024, score=Decimal("0.6500"))
        OfficialFactory(village=village)
    cipari = {"provinsi": "33", "kabupaten": "33.01", "kecamatan": "33.01.18"}
    for params in [{}, {"page": 2}, cipari, {"status": "berkembang", "q": "a"}]:
        # Provinces, regencies, districts, the count and the page.
        with django_assert_max_num_queries(5):
            response = client.get(URL, params)
        assert response.status_code == 200
    client.force_login(OfficialFactory().user)
    with django_assert_max_num_queries(8):  # plus the session, the user and the unread notifications
        assert client.get(URL, cipari).status_code == 200
    if size == 40:
        assert len(client.get(URL).context["page"]) == 20
