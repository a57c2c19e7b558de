from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory


def test_signup_asks_for_name_and_sends_a_verification_mail(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Siti Rahayu",
            "email": "Siti@Contoh.id",
            "phone": "0812 3456 7890",
            "password1": "Sawah-Hijau-2026",
            "password2": "Sawah-Hijau-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.full_name == "Siti Rahayu"
    assert user.email == "siti@contoh.id"
    assert user.phone == "0812 3456 7890"
    assert user.language == "id"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "/akun/confirm-email/" in mail.outbox[0].body


def test_signup_with_bad_input_keeps_what_was_typed(client, db):
    response = client.post(
        reverse("account_signup"),
        {"full_name": "Siti Rahayu", "email": "siti@contoh.id", "phone": "abc", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Siti Rahayu"' in html and 'value="siti@contoh.id"' in html
    assert "Masukkan nomor telepon yang benar" in html
    assert not User.objects.exists()


def test_unverified_user_cannot_log_in(client, db):
    UserFactory(email="baru@contoh.id", verified=False)
    response = client.post(reverse("account_login"), {"login": "baru@contoh.id", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verified_user_logs_in_and_sees_their_name(client, db):
    UserFactory(email="lama@contoh.id", full_name="Bambang Sutrisno")
    response = client.post(reverse("account_login"), {"login": "lama@contoh.id", "password": PASSWORD}, follow=True)
    assert "Selamat datang, Bambang" in response.content.decode()


def test_profile_requires_login(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_edits_own_details(client, db):
    user = UserFactory(full_name="Dewi")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Dewi Lestari", "phone": "+62 812 1111 2222", "language": "en"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.phone, user.language) == ("Dewi Lestari", "+62 812 1111 2222", "en")


def test_profile_rejects_bad_phone_and_keeps_input(client, db):
    user = UserFactory(full_name="Dewi")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "Dewi L", "phone": "12", "language": "id"})
    assert response.status_code == 200
    assert 'value="Dewi L"' in response.content.decode()
    user.refresh_from_db()
    assert user.full_name == "Dewi"


def test_password_reset_and_change_pages_are_in_indonesian(client, db):
    html = client.get(reverse("account_reset_password")).content.decode()
    assert 'lang="id"' in html
    client.force_login(UserFactory())
    assert client.get(reverse("account_change_password")).status_code == 200
    assert client.get(reverse("account_email")).status_code == 200
