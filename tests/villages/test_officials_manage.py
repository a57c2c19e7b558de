import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory, region
from villages.models import Official, OfficialInvitation, Position


def position(code):
    return Position.objects.get(code=code)


def manage_url(code="33.01.18.2006"):
    return reverse("villages:manage_officials", args=[code])


def invite_url(code="33.01.18.2006"):
    return reverse("villages:invite_official", args=[code])


def end_url(official):
    return reverse("villages:end_term", args=[official.pk])


@pytest.fixture
def serang(regions):
    return VillageFactory(region=region("33.01.18.2006"))


@pytest.fixture
def kades(serang):
    return OfficialFactory(village=serang, position=position("KADES"), user__full_name="Bambang Sutrisno")


@pytest.fixture
def kaur(serang):
    return OfficialFactory(
        village=serang,
        position=position("KAUR_KEU"),
        user__full_name="Dewi Lestari",
        sk_number="141/12/2024",
        term_start=datetime.date(2024, 2, 1),
    )


# ---- manage_officials ---------------------------------------------------------------------------


def test_manager_sees_officials_requests_invitations_and_history(client, kades, kaur):
    serang = kades.village
    pending = OfficialFactory(village=serang, status="pending", user__full_name="Rudi Hartono")
    OfficialFactory(village=serang, status="ended", user__full_name="Sutarno", term_end=datetime.date(2023, 12, 31))
    OfficialFactory(village=serang, status="rejected", user__full_name="Ditolak Saja")
    OfficialInvitation.objects.create(village=serang, position=position("KADUS"), email="kadus@contoh.id")
    OfficialInvitation.objects.create(
        village=serang, position=position("KADUS"), email="lama@contoh.id", expires_at=timezone.now()
    )
    client.force_login(kades.user)
    response = client.get(manage_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dewi Lestari" in html and "141/12/2024" in html and "1 Februari 2024" in html
    assert reverse("villages:end_term", args=[kaur.pk]) in html
    assert "Rudi Hartono" in html and reverse("villages:decide_official", args=[pending.pk]) in html
    assert "kadus@contoh.id" in html and "lama@contoh.id" not in html
    assert "Sutarno" in html  # ended terms are history
    assert "Ditolak Saja" not in html


def test_manage_page_is_404_for_everyone_who_may_not_decide(client, kades, kaur):
    outsiders = [
        UserFactory(),
        kaur.user,  # member but not a manager
        OfficialFactory(village=VillageFactory(region=region("33.01.18.2005")), position=position("SEKDES")).user,
        StaffRoleFactory(region=region("51.04")).user,  # staff of another region
        StaffRoleFactory(region=region("33.01.18")).user,  # staff in scope, but Serang has a manager
    ]
    for outsider in outsiders:
        client.force_login(outsider)
        assert client.get(manage_url()).status_code == 404
        assert client.get(invite_url()).status_code == 404


def test_unknown_or_unjoined_village_is_404(client, regions):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(manage_url("99.99.99.9999")).status_code == 404
    assert client.get(manage_url("33.01.18.2001")).status_code == 404  # a real desa that has not joined


def test_staff_manage_a_village_without_manager(client, serang, regions):
    camat = StaffRoleFactory(region=region("33.01.18")).user
    client.force_login(camat)
    assert client.get(manage_url()).status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_manage_page_costs_a_fixed_number_of_queries(client, kades, size, django_assert_max_num_queries):
    serang = kades.village
    for _n in range(size):
        OfficialFactory(village=serang)
        OfficialFactory(village=serang, status="pending")
        OfficialFactory(village=serang, status="ended", term_end=datetime.date(2024, 1, 1))
        OfficialInvitation.objects.create(village=serang, position=position("STAF"), email=f"x{_n}@contoh.id")
    client.force_login(kades.user)
    with django_assert_max_num_queries(14):
        response = client.get(manage_url())
    assert response.status_code == 200
    if size > 20:
        assert response.context["active"].has_next()
        second = client.get(manage_url(), {"aktif": 2})
        assert second.context["active"].number == 2 and second.context["pending"].number == 1


# ---- end_term -----------------------------------------------------------------------------------


def test_ending_a_term_keeps_the_row_as_history(client, kades, kaur):
    client.force_login(kades.user)
    with time_machine.travel(datetime.datetime(2026, 3, 10, 2, 0, tzinfo=datetime.UTC)):
        response = client.post(end_url(kaur))
    assert response.status_code == 302
    assert response["Location"] == manage_url()
    kaur.refresh_from_db()
    assert kaur.status == Official.Status.ENDED
    assert kaur.term_end == datetime.date(2026, 3, 10)
    assert Official.objects.filter(pk=kaur.pk).exists()
    html = client.get(manage_url()).content.decode()
    assert "Dewi Lestari" in html.split('id="history-heading"')[1]


def test_end_date_can_be_given(client, kades, kaur):
    client.force_login(kades.user)
    client.post(end_url(kaur), {"term_end": "2025-12-31"})
    kaur.refresh_from_db()
    assert (kaur.status, kaur.term_end) == (Official.Status.ENDED, datetime.date(2025, 12, 31))


@pytest.mark.parametrize(
    ("term_end", "message"),
    [
        ("2999-01-01", "Tanggal akhir tidak boleh di masa depan."),
        ("2023-01-01", "Tanggal akhir tidak boleh sebelum mulai menjabat (1 Februari 2024)."),
        ("bukan-tanggal", "Masukkan tanggal yang valid"),
    ],
)
def test_bad_end_dates_are_explained(client, kades, kaur, term_end, message):
    client.force_login(kades.user)
    response = client.post(end_url(kaur), {"term_end": term_end})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'value="{term_end}"' in html
    kaur.refresh_from_db()
    assert kaur.status == Official.Status.ACTIVE


def test_end_term_confirmation_page(client, kades, kaur):
    client.force_login(kades.user)
    response = client.get(end_url(kaur))
    assert response.status_code == 200
    assert "Dewi Lestari" in response.content.decode()


def test_outsiders_cannot_end_terms(client, kades, kaur):
    for outsider in [UserFactory(), kaur.user, StaffRoleFactory(region=region("33.02")).user]:
        client.force_login(outsider)
        assert client.post(end_url(kades)).status_code == 404
    kades.refresh_from_db()
    assert kades.status == Official.Status.ACTIVE


def test_ending_an_ended_term_changes_nothing(client, kades, kaur):
    client.force_login(kades.user)
    client.post(end_url(kaur), {"term_end": "2025-12-31"})
    response = client.post(end_url(kaur), {"term_end": "2026-01-05"}, follow=True)
    assert "sudah tidak aktif" in response.content.decode()
    kaur.refresh_from_db()
    assert kaur.term_end == datetime.date(2025, 12, 31)


def test_manager_who_ends_their_own_term_leaves_the_page(client, kades):
    client.force_login(kades.user)
    response = client.post(end_url(kades))
    assert response["Location"] == reverse("accounts:profile")
    assert client.get(manage_url()).status_code == 404


def test_when_the_last_manager_leaves_district_staff_take_over(client, kades, kaur):
    camat = StaffRoleFactory(region=region("33.01.18")).user
    client.force_login(kades.user)
    client.post(end_url(kades))
    client.force_login(camat)
    assert client.get(manage_url()).status_code == 200


# ---- invite_official ----------------------------------------------------------------------------


def test_invitation_is_stored_and_mailed(client, kades, django_capture_on_commit_callbacks, mailoutbox):
    client.force_login(kades.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite_url(), {"email": " Kadus.Baru@Contoh.id ", "position": position("KADUS").pk})
    assert response.status_code == 302
    assert response["Location"] == manage_url()
    invitation = OfficialInvitation.objects.get()
    assert invitation.email == "kadus.baru@contoh.id"
    assert invitation.invited_by == kades.user
    assert invitation.village == kades.village
    assert [m.to for m in mailoutbox] == [["kadus.baru@contoh.id"]]
    mail = mailoutbox[0]
    assert "Kadus" in mail.subject and "Desa Serang" in mail.subject
    assert reverse("villages:accept_invitation", args=[invitation.token]) in mail.body
    assert "Bambang Sutrisno" in mail.body and "Kec. Cipari, Kab. Cilacap, Jawa Tengah" in mail.body


def test_invite_page_renders(client, kades):
    client.force_login(kades.user)
    response = client.get(invite_url())
    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()


def test_invite_refuses_duplicates_with_clear_messages(client, kades, kaur):
    client.force_login(kades.user)
    OfficialInvitation.objects.create(village=kades.village, position=position("KADUS"), email="ada@contoh.id")
    cases = [
        ({"email": "ADA@contoh.id", "position": position("KADUS").pk}, "Undangan untuk email ini masih berlaku"),
        ({"email": kaur.user.email, "position": position("STAF").pk}, "sudah menjadi Kepala Urusan Keuangan"),
        ({"email": "baru@contoh.id", "position": position("KADES").pk}, "sudah memiliki Kepala Desa yang aktif"),
        ({"email": "bukan-email", "position": position("STAF").pk}, "Masukkan alamat email yang valid"),
    ]
    for data, message in cases:
        response = client.post(invite_url(), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html, message
    assert OfficialInvitation.objects.count() == 1
