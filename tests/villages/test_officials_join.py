import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory, region
from villages.models import Official, Position, Village

URL = reverse("villages:join_village")


def position(code):
    return Position.objects.get(code=code)


def radio(html, code):
    """The <input> of one village's radio button, or "" when it is not offered."""
    found = re.search(rf'<input[^>]*name="region"[^>]*value="{re.escape(code)}"[^>]*>', html)
    return found.group(0) if found else ""


def join_data(**overrides):
    data = {"q": "serang", "region": "33.01.18.2006", "position": position("KAUR_KEU").pk, "sk_number": "141/7/2025"}
    data.update(overrides)
    return data


@pytest.fixture
def applicant(client, regions):
    user = UserFactory(full_name="Sri Wahyuni")
    client.force_login(user)
    return user


def test_join_requires_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_search_lists_desa_with_their_path(client, applicant):
    response = client.get(URL, {"q": "serang"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Desa Serang" in html
    assert "Kec. Cipari, Kab. Cilacap, Jawa Tengah" in html
    assert 'type="radio"' in radio(html, "33.01.18.2006")


def test_search_offers_only_desa_and_kelurahan(client, applicant):
    html = client.get(URL, {"q": "cipari"}).content.decode()
    assert radio(html, "33.01.18.2005")  # Desa Cipari
    assert not radio(html, "33.01.18")  # not Kecamatan Cipari


def test_search_narrows_by_place_after_a_comma(client, applicant):
    html = client.get(URL, {"q": "serang, cipari"}).content.decode()
    assert radio(html, "33.01.18.2006")
    html = client.get(URL, {"q": "serang, ubud"}).content.decode()
    assert not radio(html, "33.01.18.2006")
    assert "Tidak ada desa/kelurahan yang cocok" in html


def test_search_too_short_asks_for_more(client, applicant):
    html = client.get(URL, {"q": "s"}).content.decode()
    assert "Ketik sedikitnya 2 huruf" in html
    assert 'name="region"' not in html


def test_direct_link_preselects_the_village(client, applicant):
    html = client.get(URL, {"wilayah": "33.01.18.2006"}).content.decode()
    assert "checked" in radio(html, "33.01.18.2006")


def test_first_official_brings_the_village_in(client, applicant, django_capture_on_commit_callbacks, mailoutbox):
    admin = UserFactory(is_superuser=True, is_staff=True, email="admin@contoh.id")
    assert not Village.objects.filter(region__code="33.01.18.2006").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, join_data(sk_date="2025-01-02", term_start="2025-01-06"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    official = Official.objects.get(user=applicant)
    assert official.status == Official.Status.PENDING
    assert official.village.region.code == "33.01.18.2006"
    assert (official.sk_number, official.sk_date, official.term_start) == (
        "141/7/2025",
        datetime.date(2025, 1, 2),
        datetime.date(2025, 1, 6),
    )
    # Nobody manages the new village and no district staff covers it: the admins hear of it.
    assert [m.to for m in mailoutbox] == [[admin.email]]
    assert "Sri Wahyuni" in mailoutbox[0].body
    assert reverse("villages:decide_official", args=[official.pk]) in mailoutbox[0].body
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "menunggu persetujuan" in html


def test_request_mails_the_village_managers(client, applicant, django_capture_on_commit_callbacks, mailoutbox):
    village = VillageFactory(region=region("33.01.18.2006"))
    sekdes = OfficialFactory(village=village, position=position("SEKDES"), user__email="sekdes@contoh.id")
    OfficialFactory(village=village, position=position("KAUR_TU"))  # not a manager
    StaffRoleFactory(region=region("33.01.18"))  # staff do not decide while the village has a manager
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, join_data())
    assert [m.to for m in mailoutbox] == [[sekdes.user.email]]
    assert "Permohonan bergabung: Sri Wahyuni sebagai Kaur Keuangan, Desa Serang" in mailoutbox[0].subject


def test_request_without_manager_mails_district_staff(
    client, applicant, django_capture_on_commit_callbacks, mailoutbox
):
    camat = StaffRoleFactory(region=region("33.01.18"), user__email="camat@contoh.id")
    dpmd = StaffRoleFactory(region=region("33.01"), user__email="dpmd@contoh.id")
    StaffRoleFactory(region=region("51.04.05"), user__email="ubud@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, join_data())
    assert sorted(m.to[0] for m in mailoutbox) == sorted([camat.user.email, dpmd.user.email])


def test_second_request_gets_a_clear_message_and_keeps_the_input(client, applicant):
    OfficialFactory(user=applicant, village=VillageFactory(region=region("33.01.18.2005")), status="pending")
    response = client.post(URL, join_data(sk_number="141/99/2025"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anda sudah mengajukan permohonan sebagai Staf Pemerintah Desa di Desa Cipari" in html
    assert 'value="141/99/2025"' in html
    assert Official.objects.filter(user=applicant).count() == 1


def test_active_official_cannot_ask_for_another_position(client, applicant):
    OfficialFactory(user=applicant, village=VillageFactory(region=region("33.01.18.2005")))
    response = client.post(URL, join_data())
    assert response.status_code == 200
    assert "Anda sudah tercatat sebagai Staf Pemerintah Desa yang aktif di Desa Cipari" in response.content.decode()
    assert Official.objects.filter(user=applicant).count() == 1


def test_get_shows_the_waiting_request_with_a_withdraw_button(client, applicant):
    pending = OfficialFactory(user=applicant, village=VillageFactory(region=region("33.01.18.2005")), status="pending")
    html = client.get(URL).content.decode()
    assert "masih menunggu persetujuan" in html
    assert reverse("villages:withdraw_request", args=[pending.pk]) in html
    assert 'name="region"' not in html


def test_village_with_a_kepala_desa_refuses_a_second_one(client, applicant):
    village = VillageFactory(region=region("33.01.18.2006"))
    OfficialFactory(village=village, position=position("KADES"))
    response = client.post(URL, join_data(position=position("KADES").pk))
    assert response.status_code == 200
    assert "Desa Serang sudah memiliki Kepala Desa yang aktif" in response.content.decode()
    assert not Official.objects.filter(user=applicant).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"region": ""}, "Pilih desa/kelurahan Anda dari hasil pencarian."),
        ({"region": "33.01.18"}, "Desa/kelurahan itu tidak ditemukan"),  # a kecamatan, not a desa
        ({"region": "99.99.99.9999"}, "Desa/kelurahan itu tidak ditemukan"),
        ({"position": ""}, "Pilih jabatan Anda."),
        ({"sk_date": "2999-01-01"}, "Tanggal SK tidak boleh di masa depan."),
        ({"sk_date": "kemarin"}, "Masukkan tanggal yang valid"),
    ],
)
def test_bad_input_is_explained_in_indonesian(client, applicant, overrides, message):
    response = client.post(URL, join_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Official.objects.filter(user=applicant).exists()


def test_error_keeps_the_chosen_village_on_offer_without_a_search(client, applicant):
    response = client.post(URL, join_data(q="", position=""))
    html = response.content.decode()
    assert "Pilih jabatan Anda." in html
    assert "checked" in radio(html, "33.01.18.2006")


def test_search_results_are_paginated(client, applicant):
    first = client.get(URL, {"q": "a"})
    assert first.context["page"] is None  # one letter is too short
    first = client.get(URL, {"q": "ng"})
    page = first.context["page"]
    assert page.paginator.count > 20 and len(page.object_list) == 20
    second = client.get(URL, {"q": "ng", "page": 2})
    assert set(first.context["page"].object_list).isdisjoint(second.context["page"].object_list)


@pytest.mark.parametrize("query", ["serang", "ng", "ng, cilacap"])
def test_search_costs_a_fixed_number_of_queries(client, applicant, query, django_assert_max_num_queries):
    # One match or a full page of them: the same budget.
    OfficialFactory(user=applicant, village=VillageFactory(region=region("33.01.18.2005")), status="pending")
    # A refused POST re-displays the results too (with validation's own lookups on top).
    with django_assert_max_num_queries(12):
        response = client.post(URL + f"?q={query}", join_data(q=query))
    assert response.status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(URL, {"q": query}).status_code == 200
