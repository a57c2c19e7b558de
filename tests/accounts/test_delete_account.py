"""A user deletes their own account (UU 27/2022): confirmed like a sign-in, anonymised at once; what
others rely on stays and shows "mantan pengguna"; the address can sign up again."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.models import AuditEntry
from forums.discussions import add_reply, start_thread
from forums.models import Network, ThreadReader
from meetings.models import Meeting, Registration
from notifications.models import Notification, NotificationSetting
from tests.factories import (
    PASSWORD,
    OfficialFactory,
    StaffRoleFactory,
    UserFactory,
    VillageFactory,
    region,
    totp_code,
    with_totp,
)
from villages.models import Official, Position
from villages.services import decide_request

pytestmark = pytest.mark.django_db

URL = reverse("accounts:delete_account")


@pytest.fixture
def place(regions):
    serang = VillageFactory(region=region("33.01.18.2006"))
    caruy = VillageFactory(region=region("33.01.18.2001"))
    network = Network.objects.get(kind=Network.Kind.KECAMATAN, cover_region__code="33.01.18")
    kades = OfficialFactory(village=serang, position=Position.objects.get(code="KADES"), user__full_name="Bambang").user
    neighbour = OfficialFactory(village=caruy, position=Position.objects.get(code="KADES")).user
    return {"serang": serang, "network": network, "kades": kades, "neighbour": neighbour}


@pytest.fixture
def dewi(place):
    """An official with a history: approved by the Kepala Desa, a reply in the forum, a meeting ahead,
    notification settings, a phone number and two-factor sign-in."""
    user = UserFactory(full_name="Dewi Lestari", email="dewi@contoh.id", phone="0812 3456 7890")
    official = OfficialFactory(
        user=user, village=place["serang"], position=Position.objects.get(code="KAUR_KEU"), status="pending"
    )
    decide_request(official, place["kades"], approved=True)
    thread = start_thread(place["network"], place["neighbour"], "Jadwal posyandu", "Kapan posyandu bulan ini?")
    add_reply(thread, user, "Posyandu Serang tiap Kamis pagi.")
    start = timezone.now() + timedelta(days=5)
    meeting = Meeting.objects.create(
        title="Rapat BUMDes",
        host_village=place["serang"],
        audience_kind="villages",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Balai desa",
        created_by=place["kades"],
    )
    Registration.objects.create(
        meeting=meeting, user=user, village=place["serang"], position_name="Kaur Keuangan", status="registered"
    )
    NotificationSetting.objects.create(user=user, kind="forums", email="daily")
    Notification.objects.create(recipient=user, key="x:1", title="Balasan baru", kind="forums")
    secret = with_totp(user)
    return user, official, thread, meeting, secret


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_the_profile_offers_deletion_and_the_page_says_what_happens(client, dewi):
    user, *_ = dewi
    client.force_login(user)
    assert URL in client.get(reverse("accounts:profile")).content.decode()
    html = client.get(URL).content.decode()
    assert "Hapus akun" in html and "tidak dapat dikembalikan" in html
    assert "mantan pengguna" in html and reverse("accounts:my_data") in html
    # Two-factor sign-in is on: the page asks for the code as well.
    assert 'name="code"' in html


def test_deleting_walks_through_the_pages(client, dewi, place):
    user, official, thread, meeting, secret = dewi
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)

    response = client.post(URL, {"password": "salah", "code": totp_code(secret)})
    assert response.status_code == 200 and "Kata sandi salah." in response.content.decode()
    response = client.post(URL, {"password": PASSWORD, "code": "000000"})
    assert response.status_code == 200 and "Kode salah" in response.content.decode()
    assert User.objects.get(pk=user.pk).full_name == "Dewi Lestari"

    response = client.post(URL, {"password": PASSWORD, "code": totp_code(secret)}, follow=True)
    assert response.redirect_chain, response.content.decode()[-6000:]
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Akun Anda sudah dihapus." in response.content.decode()

    # Signed out here and on every other device.
    for device in (client, other_device):
        assert device.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))

    # The row stays, anonymised.
    user.refresh_from_db()
    assert user.full_name == "mantan pengguna" and str(user) == "mantan pengguna"
    assert user.email.endswith("@dihapus.invalid") and "dewi" not in user.email
    assert user.phone == "" and not user.has_usable_password() and not user.is_active
    assert user.deleted_at is not None
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not NotificationSetting.objects.filter(user=user).exists()
    assert not Notification.objects.filter(recipient=user).exists()
    assert not ThreadReader.objects.filter(user=user).exists()
    official.refresh_from_db()
    assert official.status == Official.Status.ENDED and official.term_end == timezone.localdate()
    assert Registration.objects.get(meeting=meeting, user=user).status == "cancelled"

    # What others see: the reply stays, by "mantan pengguna".
    client.force_login(place["neighbour"])
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Posyandu Serang tiap Kamis pagi." in html
    assert "mantan pengguna" in html and "Dewi Lestari" not in html

    # The audit trail records the deletion, and keeps no copy of the name or the address.
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ACCOUNT_DELETED)
    assert entry.actor == user and entry.region_code == "33.01.18.2006" and entry.target_repr == "mantan pengguna"
    assert entry.details == {
        "jabatan_diakhiri": 1,
        "permintaan_dibatalkan": 0,
        "pendaftaran_dibatalkan": 1,
        "koordinator_jaringan": 0,
        "diskusi_diikuti": 1,
        "notifikasi_dihapus": 2,  # the approval's and the one above
    }
    approval = AuditEntry.objects.get(action=AuditEntry.Action.OFFICIAL_APPROVED)
    assert "Dewi" not in approval.target_repr and "mantan pengguna" in approval.target_repr
    for log in LogEntry.objects.all():
        assert "Dewi" not in log.object_repr and "dewi@contoh.id" not in (log.actor_email or "")

    # The old address and password no longer open anything, and the address can sign up anew.
    assert sign_in(Client(), "dewi@contoh.id").status_code == 200
    response = Client().post(
        reverse("account_signup"),
        {
            "full_name": "Dewi Lestari",
            "email": "dewi@contoh.id",
            "password1": "Sawah-Hijau-2026",
            "password2": "Sawah-Hijau-2026",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="dewi@contoh.id").pk != user.pk


def test_without_two_factor_the_password_is_enough(client, regions):
    user = UserFactory(full_name="Joko")
    staff_role = StaffRoleFactory(user=user, region=region("33.01.18"), two_factor=False)
    client.force_login(user)
    assert 'name="code"' not in client.get(URL).content.decode()
    assert client.post(URL, {"password": PASSWORD}).status_code == 302
    staff_role.refresh_from_db()
    assert not staff_role.is_active
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.ACCOUNT_DELETED and entry.region_code == ""


def test_guessing_the_password_is_limited(client, regions):
    user = UserFactory()
    client.force_login(user)
    for _ in range(10):
        client.post(URL, {"password": "salah"})
    response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 200 and "Terlalu banyak percobaan" in response.content.decode()
    assert User.objects.get(pk=user.pk).deleted_at is None


def test_visitors_are_sent_to_sign_in(client, db):
    assert client.get(URL)["Location"].startswith(reverse("account_login"))
    assert client.post(URL, {"password": PASSWORD})["Location"].startswith(reverse("account_login"))
