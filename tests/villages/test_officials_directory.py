import pytest
from django.urls import reverse

from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory, region
from villages.models import Position

URL = reverse("villages:official_directory")


def position(code):
    return Position.objects.get(code=code)


@pytest.fixture
def serang(regions):
    return VillageFactory(region=region("33.01.18.2006"))


@pytest.fixture
def lodtunduh(regions):
    return VillageFactory(region=region("51.04.05.2001"))


@pytest.fixture
def siti(serang):
    return OfficialFactory(
        village=serang, position=position("SEKDES"), user__full_name="Siti Rahayu", user__phone="0812 3456 7890"
    )


@pytest.fixture
def made(lodtunduh):
    return OfficialFactory(village=lodtunduh, position=position("KADES"), user__full_name="I Made Suarta")


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(URL)["Location"].startswith(reverse("account_login"))


def test_people_without_a_role_get_an_explanation(client, siti):
    pending = OfficialFactory(village=siti.village, status="pending")
    for user in [UserFactory(), pending.user]:
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 403
        html = response.content.decode()
        assert "hanya terbuka bagi perangkat desa yang aktif" in html
        assert "Siti Rahayu" not in html


def test_officials_see_active_officials_with_village_path_and_phone(client, siti, made):
    OfficialFactory(village=siti.village, status="pending", user__full_name="Menunggu Saja")
    OfficialFactory(village=siti.village, status="ended", user__full_name="Sudah Berakhir")
    client.force_login(made.user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Siti Rahayu" in html and "Sekretaris Desa" in html and "Desa Serang" in html
    assert "Kec. Cipari, Kab. Cilacap, Jawa Tengah" in html
    assert "0812 3456 7890" in html and 'href="tel:081234567890"' in html
    assert "I Made Suarta" in html
    assert "Menunggu Saja" not in html and "Sudah Berakhir" not in html


def test_staff_use_the_directory(client, siti):
    client.force_login(StaffRoleFactory(region=region("51")).user)
    assert "Siti Rahayu" in client.get(URL).content.decode()


def test_phone_numbers_follow_the_permission_rule(client, siti, monkeypatch):
    monkeypatch.setattr("villages.views.officials.can_see_phone_numbers", lambda user: False)
    client.force_login(siti.user)
    html = client.get(URL).content.decode()
    assert "Siti Rahayu" in html and "0812 3456 7890" not in html


@pytest.mark.parametrize(
    ("code", "expected"),
    [("33", {"Siti Rahayu"}), ("33.01.18", {"Siti Rahayu"}), ("51.04", {"I Made Suarta"}), ("33.02", set())],
)
def test_filter_by_region_code_prefix(client, siti, made, code, expected):
    client.force_login(siti.user)
    response = client.get(URL, {"wilayah": code})
    assert {o.user.full_name for o in response.context["page"]} == expected


def test_region_filter_offers_the_next_level_down(client, siti):
    client.force_login(siti.user)
    html = client.get(URL).content.decode()
    assert '<option value="33"' in html  # provinces to start with
    html = client.get(URL, {"wilayah": "33.01"}).content.decode()
    assert '<option value="33.01.18"' in html  # kecamatan of Cilacap
    assert 'value="33.01" selected' in " ".join(html.split())


def test_unknown_region_code_is_explained(client, siti, made):
    client.force_login(siti.user)
    for code in ["99.99", "jahat'--"]:
        response = client.get(URL, {"wilayah": code})
        assert response.status_code == 200
        assert "tidak ditemukan" in response.content.decode()
        assert len(response.context["page"].object_list) == 2


def test_search_by_name(client, siti, made):
    client.force_login(siti.user)
    response = client.get(URL, {"q": "made"})
    assert [o.user.full_name for o in response.context["page"]] == ["I Made Suarta"]
    assert 'value="made"' in response.content.decode()


def test_directory_is_paginated(client, serang, siti):
    for _n in range(25):
        OfficialFactory(village=serang)
    client.force_login(siti.user)
    first = client.get(URL)
    assert first.context["page"].paginator.count == 26
    assert len(first.context["page"].object_list) == 20
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"].object_list) == 6


@pytest.mark.parametrize("count", [3, 30])
def test_directory_costs_a_fixed_number_of_queries(client, regions, count, django_assert_max_num_queries):
    villages = [VillageFactory(region=r) for r in regions.within("33.01.18").filter(level=4)[:6]]
    viewer = OfficialFactory(village=villages[0], position=position("KADES"))
    for n in range(count):
        OfficialFactory(village=villages[n % len(villages)], user__phone="0812 0000 0000")
    client.force_login(viewer.user)
    for params in [{}, {"page": 2}, {"wilayah": "33.01.18"}, {"wilayah": "33", "q": "a"}, {"wilayah": "33.01.18.2001"}]:
        with django_assert_max_num_queries(9):
            response = client.get(URL, params)
        assert response.status_code == 200
