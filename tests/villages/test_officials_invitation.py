from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import OfficialFactory, UserFactory, VillageFactory, region
from villages.models import Official, OfficialInvitation, Position


def position(code):
    return Position.objects.get(code=code)


def accept_url(invitation):
    return reverse("villages:accept_invitation", args=[invitation.token])


@pytest.fixture
def kades(regions):
    village = VillageFactory(region=region("33.01.18.2006"))
    return OfficialFactory(village=village, position=position("KADES"), user__full_name="Bambang Sutrisno")


@pytest.fixture
def invitation(kades):
    return OfficialInvitation.objects.create(
        village=kades.village, position=position("KADUS"), email="kadus@contoh.id", invited_by=kades.user
    )


def test_anonymous_visitor_is_asked_to_sign_up_or_log_in(client, invitation):
    response = client.get(accept_url(invitation))
    assert response.status_code == 200
    html = response.content.decode()
    next_query = "next=" + quote(accept_url(invitation), safe="")
    assert f"{reverse('account_login')}?{next_query}" in html
    assert f"{reverse('account_signup')}?{next_query}" in html
    assert "Kepala Dusun" in html and "Desa Serang" in html and "kadus@contoh.id" in html


def test_anonymous_post_changes_nothing(client, invitation):
    client.post(accept_url(invitation))
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Official.objects.filter(position__code="KADUS").exists()


def test_signed_in_user_confirms_and_becomes_an_active_official(client, invitation):
    user = UserFactory(email="kadus@contoh.id")
    client.force_login(user)
    response = client.get(accept_url(invitation))
    assert response.status_code == 200
    assert "Terima dan menjadi Kadus" in response.content.decode()

    response = client.post(accept_url(invitation))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    official = Official.objects.get(user=user)
    assert official.status == Official.Status.ACTIVE
    assert official.position.code == "KADUS"
    assert official.village == invitation.village
    assert official.decided_by == invitation.invited_by
    assert official.decided_at is not None
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.official == official


def test_another_account_may_accept_but_sees_where_it_was_sent(client, invitation):
    client.force_login(UserFactory(email="pribadi@contoh.id"))
    html = client.get(accept_url(invitation)).content.decode()
    assert "Undangan ini dikirim ke kadus@contoh.id" in html and "pribadi@contoh.id" in html
    client.post(accept_url(invitation))
    assert Official.objects.active().filter(user__email="pribadi@contoh.id").exists()


def test_used_invitation_is_gone(client, invitation):
    client.force_login(UserFactory())
    client.post(accept_url(invitation))
    client.force_login(UserFactory())
    response = client.get(accept_url(invitation))
    assert response.status_code == 410
    assert "sudah diterima" in response.content.decode()
    assert client.post(accept_url(invitation)).status_code == 410
    assert Official.objects.filter(position__code="KADUS").count() == 1


def test_expired_invitation_gets_a_clear_page(client, invitation):
    OfficialInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    user = UserFactory()
    for who in (None, user):
        if who:
            client.force_login(who)
        response = client.get(accept_url(invitation))
        assert response.status_code == 410
        assert "Masa berlaku undangan ini sudah habis." in response.content.decode()
    assert client.post(accept_url(invitation)).status_code == 410
    assert not Official.objects.filter(user=user).exists()


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("villages:accept_invitation", args=["tidak-ada"])).status_code == 404


def test_active_official_elsewhere_cannot_accept(client, invitation):
    elsewhere = OfficialFactory(village=VillageFactory(region=region("33.01.18.2005")), position=position("STAF"))
    client.force_login(elsewhere.user)
    html = client.get(accept_url(invitation)).content.decode()
    assert "Anda masih tercatat sebagai Staf Pemerintah Desa yang aktif di Desa Cipari" in html
    client.post(accept_url(invitation))
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert Official.objects.filter(user=elsewhere.user).count() == 1


def test_accepting_replaces_a_waiting_request(client, invitation):
    pending = OfficialFactory(village=VillageFactory(region=region("33.01.18.2005")), status="pending")
    client.force_login(pending.user)
    assert "akan dibatalkan" in client.get(accept_url(invitation)).content.decode()
    client.post(accept_url(invitation))
    pending.refresh_from_db()
    assert pending.status == Official.Status.REJECTED
    assert pending.decision_note == "Dibatalkan oleh pemohon."
    assert Official.objects.active().get(user=pending.user).village == invitation.village


def test_invitation_to_a_taken_kepala_desa_seat_cannot_be_accepted(client, kades):
    invitation = OfficialInvitation.objects.create(
        village=kades.village, position=position("KADES"), email="kades2@contoh.id", invited_by=kades.user
    )
    user = UserFactory()
    client.force_login(user)
    assert "sudah memiliki Kepala Desa yang aktif" in client.get(accept_url(invitation)).content.decode()
    client.post(accept_url(invitation))
    assert not Official.objects.filter(user=user).exists()


# ---- withdraw_request ---------------------------------------------------------------------------


def withdraw_url(official):
    return reverse("villages:withdraw_request", args=[official.pk])


@pytest.fixture
def pending(kades):
    return OfficialFactory(village=kades.village, status="pending", user__full_name="Rudi Hartono")


def test_applicant_withdraws_their_request(client, pending):
    client.force_login(pending.user)
    response = client.post(withdraw_url(pending))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    pending.refresh_from_db()
    assert pending.status == Official.Status.REJECTED
    assert pending.decision_note == "Dibatalkan oleh pemohon."
    assert pending.decided_by == pending.user
    # The request is history now; the applicant may ask again.
    assert client.get(reverse("villages:join_village"), {"q": "serang"}).context["show_form"]


def test_others_cannot_withdraw_a_request(client, pending, kades):
    for other in [UserFactory(), kades.user, UserFactory(is_superuser=True, is_staff=True)]:
        client.force_login(other)
        assert client.post(withdraw_url(pending)).status_code == 404
    pending.refresh_from_db()
    assert pending.status == Official.Status.PENDING


def test_withdraw_is_post_only(client, pending):
    client.force_login(pending.user)
    assert client.get(withdraw_url(pending)).status_code == 405


def test_a_decided_request_cannot_be_withdrawn(client, pending):
    Official.objects.filter(pk=pending.pk).update(status=Official.Status.ACTIVE)
    client.force_login(pending.user)
    response = client.post(withdraw_url(pending), follow=True)
    assert "tidak dapat dibatalkan lagi" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Official.Status.ACTIVE
