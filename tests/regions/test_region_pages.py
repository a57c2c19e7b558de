import pytest
from django.core.management import call_command
from django.urls import reverse

from regions.models import Region
from tests.factories import VillageFactory


def test_province_list_shows_every_province_with_its_time_zone(client, regions):
    response = client.get(reverse("regions:region_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jawa Tengah" in html
    assert "Papua" in html


def test_browse_down_to_desa_serang(client, regions):
    html = client.get(reverse("regions:region_detail", args=["33"])).content.decode()
    assert "Kabupaten Cilacap" in html
    html = client.get(reverse("regions:region_detail", args=["33.01"])).content.decode()
    assert "Kecamatan Cipari" in html
    html = client.get(reverse("regions:region_detail", args=["33.01.18"])).content.decode()
    assert "Desa Serang" in html and "Desa Caruy" in html
    response = client.get(reverse("regions:region_detail", args=["33.01.18.2006"]))
    html = response.content.decode()
    assert "Desa Serang" in html
    assert "Kec. Cipari, Kab. Cilacap, Jawa Tengah" in html
    assert "53262" in html and "WIB" in html


def test_member_villages_are_marked_in_their_kecamatan(client, serang):
    VillageFactory(region=serang)
    html = client.get(reverse("regions:region_detail", args=["33.01.18"])).content.decode()
    assert html.count("anggota ForumDesa") == 1


def test_unknown_region_is_404(client, regions):
    assert client.get(reverse("regions:region_detail", args=["99.99"])).status_code == 404


def test_time_zone_shown_for_papua(client, regions):
    html = client.get(reverse("regions:region_detail", args=["91.03.01"])).content.decode()
    assert "WIT" in html and "Distrik Sentani" in html


def test_search_serang_finds_desa_serang_with_its_path(client, regions):
    response = client.get(reverse("regions:region_search"), {"q": "serang"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Desa Serang" in html
    assert "Kec. Cipari, Kab. Cilacap, Jawa Tengah" in html


@pytest.mark.parametrize("query", ["s", "", "'\"%_\\", "a" * 500, "<script>alert(1)</script>", "serang OR 1=1"])
def test_search_never_fails_on_odd_input(client, regions, query):
    response = client.get(reverse("regions:region_search"), {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_is_paginated(client, regions):
    # "an" matches many of the sample's 60-odd regions: three pages of 20.
    first = client.get(reverse("regions:region_search"), {"q": "an"})
    assert first.context["page"].paginator.num_pages >= 2
    second = client.get(reverse("regions:region_search"), {"q": "an", "page": 2})
    assert second.context["page"].number == 2
    assert set(first.context["page"].object_list).isdisjoint(second.context["page"].object_list)


@pytest.mark.parametrize("extra_regions", [[], ["33.01", "33.02"]])
def test_region_pages_cost_a_fixed_number_of_queries(client, regions, extra_regions, django_assert_max_num_queries):
    # The same page budget whether a kecamatan is the only one loaded or two whole kabupaten are.
    if extra_regions:
        call_command("import_regions", only=extra_regions, verbosity=0)
        assert Region.objects.within("33.01").filter(level=4).count() > 250
    for village in Region.objects.within("33.01.18").filter(level=4)[:5]:
        VillageFactory(region=village)
    for url, params in [
        (reverse("regions:region_list"), {}),
        (reverse("regions:region_detail", args=["33.01"]), {}),
        (reverse("regions:region_detail", args=["33.01.18"]), {}),
        (reverse("regions:region_search"), {"q": "an"}),
        (reverse("regions:region_search"), {"q": "an", "page": 2}),
    ]:
        with django_assert_max_num_queries(4):
            assert client.get(url, params).status_code == 200
