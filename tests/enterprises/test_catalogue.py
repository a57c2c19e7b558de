"""The public catalogue across villages: search by product, sector, kind and region; unlisted
enterprises only for their village and staff in scope; a fixed number of queries per page."""

import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from tests.people import staff

URL = reverse("enterprises:catalogue")


def names(response):
    return [e.name for e in response.context["page"]]


def test_anyone_reads_the_catalogue(client, tikar, gula):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["KUB Pandan Wangi", "Unit Gula Kelapa BUMDes Serang"]
    html = response.content.decode()
    assert "Tikar anyaman dari pandan" in html and "Desa Serang" in html


def test_search_in_indonesian_within_a_kabupaten(client, tikar, gula, lumbir_village):
    Enterprise.objects.create(
        village=lumbir_village, name="Anyaman Lumbir", products="Anyaman pandan dan bambu", sector="kerajinan"
    )
    assert sorted(names(client.get(URL, {"q": "anyaman pandan"}))) == ["Anyaman Lumbir", "KUB Pandan Wangi"]
    # Kabupaten Cilacap (33.01) by code, and Kecamatan Cipari by name.
    assert names(client.get(URL, {"q": "anyaman pandan", "wilayah": "33.01"})) == ["KUB Pandan Wangi"]
    assert names(client.get(URL, {"q": "anyaman pandan", "wilayah": "Cipari"})) == ["KUB Pandan Wangi"]
    assert names(client.get(URL, {"wilayah": "33.02"})) == ["Anyaman Lumbir"]


def test_a_question_as_people_ask_it(client, tikar, gula, lumbir_village):
    Enterprise.objects.create(
        village=lumbir_village, name="Anyaman Lumbir", products="Anyaman pandan dan bambu", sector="kerajinan"
    )
    response = client.get(URL, {"q": "Siapa yang membuat anyaman pandan di Kabupaten Cilacap?"})
    assert names(response) == ["KUB Pandan Wangi"]
    assert "Mencari di Kabupaten Cilacap, seperti dalam pertanyaan Anda." in response.content.decode()
    # The place named without its kind, a kecamatan, and the kabupaten next door.
    assert names(client.get(URL, {"q": "anyaman pandan di Cilacap"})) == ["KUB Pandan Wangi"]
    assert names(client.get(URL, {"q": "siapa menjual gula kelapa di kecamatan Cipari?"})) == [
        "Unit Gula Kelapa BUMDes Serang"
    ]
    assert names(client.get(URL, {"q": "yang membuat anyaman pandan di Kabupaten Banyumas"})) == ["Anyaman Lumbir"]
    # A region chosen in the filter wins over the question's.
    assert names(client.get(URL, {"q": "anyaman pandan di Kabupaten Cilacap", "wilayah": "33.02"})) == [
        "Anyaman Lumbir"
    ]
    # A place nobody knows is searched as words, and finds nothing rather than everything.
    assert names(client.get(URL, {"q": "anyaman pandan di Negeri Antah Berantah"})) == []


def test_filter_by_sector_and_kind(client, tikar, gula):
    assert names(client.get(URL, {"sektor": "pengolahan"})) == ["Unit Gula Kelapa BUMDes Serang"]
    assert names(client.get(URL, {"jenis": "kelompok"})) == ["KUB Pandan Wangi"]
    response = client.get(URL, {"sektor": "perikanan"})
    assert names(response) == []
    assert "Tidak ada usaha yang cocok" in response.content.decode()


def test_unlisted_enterprise_seen_by_its_village_and_staff_in_scope_only(
    client, tikar, staf_serang, camat, outsider, kades_caruy
):
    tikar.is_listed = False
    tikar.save()
    detail = reverse("enterprises:enterprise_detail", args=[tikar.pk])
    assert names(client.get(URL)) == []
    assert client.get(detail).status_code == 404
    for user in (outsider, kades_caruy, staff("33.02")):
        client.force_login(user)
        assert names(client.get(URL)) == []
        assert client.get(detail).status_code == 404
    for user in (staf_serang, camat, staff("33.01")):
        client.force_login(user)
        assert names(client.get(URL)) == ["KUB Pandan Wangi"]
        assert client.get(detail).status_code == 200


@pytest.mark.parametrize("size", [3, 25])
def test_catalogue_query_count_is_fixed(
    client, serang_village, caruy_village, sekdes, size, django_assert_max_num_queries
):
    for n in range(size):
        Enterprise.objects.create(
            village=serang_village if n % 2 else caruy_village,
            name=f"Usaha {n}",
            products="Tikar anyaman pandan",
            sector="kerajinan",
        )
    with django_assert_max_num_queries(2):  # count, page
        response = client.get(URL, {"q": "anyaman"})
    assert len(response.context["page"]) == min(size, 20)
    client.force_login(sekdes)
    # Plus the session, the user, their roles (position, staff roles), unread notifications; the region filter.
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"q": "anyaman", "wilayah": "33.01", "page": 2 if size > 20 else 1})
    assert response.status_code == 200
