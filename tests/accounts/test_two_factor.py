"""Two-factor sign-in (allauth.mfa, TOTP + recovery codes): open to everyone, required for admins
and district staff before the admin, report review and official approval pages."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

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
from villages.models import Position

pytestmark = pytest.mark.django_db

APPROVALS = "/persetujuan/"


def test_admin_without_two_factor_is_sent_to_turn_it_on(client):
    admin = UserFactory(is_staff=True, is_superuser=True, two_factor=False)
    client.force_login(admin)
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")
    # Turning it on asks for the password again first (allauth); the reason is shown there.
    response = client.get("/admin/regions/region/", follow=True)
    assert response.redirect_chain[0][0] == reverse("mfa_activate_totp")
    assert "memerlukan verifikasi dua langkah" in response.content.decode()
    with_totp(admin)
    assert client.get("/admin/").status_code == 200


def test_district_staff_need_it_for_approvals_and_reviews(client, regions):
    staff = StaffRoleFactory(region=region("33.01.18"), two_factor=False).user
    client.force_login(staff)
    assert client.get(APPROVALS)["Location"] == reverse("mfa_activate_totp")
    assert client.post(reverse("reports:review", args=[1]))["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("reports:list")).status_code == 200  # other pages stay open
    with_totp(staff)
    assert client.get(APPROVALS).status_code == 200


def test_officials_are_not_forced(client, regions):
    kades = OfficialFactory(
        village=VillageFactory(region=region("33.01.18.2006")), position=Position.objects.get(code="KADES")
    ).user
    client.force_login(kades)
    assert client.get(APPROVALS).status_code == 200
    assert b"two-factor-link" in client.get(reverse("accounts:profile")).content


def test_anyone_turns_it_on_and_then_signs_in_with_the_code(client):
    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    # The QR code is shown as a data: image, which needs a whole SVG document.
    assert response.context["totp_svg"].startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "data:image/svg+xml;base64," in response.content.decode()
    secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert not Authenticator.objects.filter(user=user).exists()
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {"totp", "recovery_codes"}

    client.logout()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate") and "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_a_security_key_counts_as_the_second_factor(client, regions):
    staff = StaffRoleFactory(region=region("33.01.18"), two_factor=False).user
    client.force_login(staff)
    assert client.get(APPROVALS)["Location"] == reverse("mfa_activate_totp")
    # Recovery codes alone are no second factor; a security key or passkey (WebAuthn) is.
    Authenticator.objects.create(user=staff, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert client.get(APPROVALS)["Location"] == reverse("mfa_activate_totp")
    Authenticator.objects.create(user=staff, type=Authenticator.Type.WEBAUTHN, data={"name": "Kunci kantor"})
    assert client.get(APPROVALS).status_code == 200


def test_the_sign_in_page_offers_a_passkey(client):
    response = client.get(reverse("account_login"))
    assert b'id="passkey_login"' in response.content
    assert 'src="/static/mfa/js/webauthn.js"' in response.content.decode()


def test_a_code_typed_late_still_signs_in_once(client):
    """On a slow link a code from the last seconds of its window arrives in the next one: accepted.
    An older code is not, and no code signs in twice."""
    import time_machine

    user = UserFactory()
    secret = with_totp(user)
    start = 1_800_000_000  # the start of a 30-second window

    def sign_in(code):
        client.logout()
        client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        client.post(reverse("mfa_authenticate"), {"code": code})
        return client.session.get("_auth_user_id") == str(user.pk)

    with time_machine.travel(start + 31, tick=False):  # one window after the code was shown
        assert sign_in(totp_code(secret, at=start + 29))
        assert not sign_in(totp_code(secret, at=start + 29))  # the same code again
    with time_machine.travel(start + 61, tick=False):  # two windows after
        assert not sign_in(totp_code(secret, at=start + 1))
        assert sign_in(totp_code(secret, at=start + 61))
