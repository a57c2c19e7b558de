import re

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User
from tests.e2e.helpers import PASSWORD_LABEL, log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

PASSWORD_AGAIN_LABEL = "Kata sandi (lagi)"
VERIFY_HEADING = "Verifikasi Alamat E-mail Anda"


def test_sign_up_verify_email_and_log_in(page, expect, mailoutbox):
    email = "siti.rahmawati@contoh.id"
    password = "Padi-Menguning-2025"

    page.goto("/")
    page.get_by_role("link", name="Daftar").click()
    expect(page.get_by_role("heading", name="Daftar")).to_be_visible()
    page.get_by_label("Nama lengkap").fill("Siti Rahmawati")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Nomor telepon/WhatsApp").fill("0812 3456 7890")
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_label(PASSWORD_AGAIN_LABEL).fill(password)
    page.get_by_role("button", name="Daftar").click()

    expect(page.get_by_role("heading", name=VERIFY_HEADING)).to_be_visible()
    assert [m.to for m in mailoutbox] == [[email]]
    link = re.search(r"http://\S+/akun/confirm-email/\S+/", mailoutbox[0].body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", name="Konfirmasi Alamat E-mail")).to_be_visible()
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Anda telah mengkonfirmasi {email}.")

    log_in(page, email, password)
    expect(page.get_by_role("heading", name="Selamat datang, Siti")).to_be_visible()

    user = User.objects.get(email=email)
    assert (user.full_name, user.phone) == ("Siti Rahmawati", "0812 3456 7890")
    assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True).exists()


def test_unverified_email_cannot_log_in(page, expect, mailoutbox):
    user = UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    log_in(page, user.email, PASSWORD)

    expect(page.get_by_role("heading", name=VERIFY_HEADING)).to_be_visible()
    assert [m.to for m in mailoutbox] == [[user.email]]
    page.goto("/")
    expect(page.get_by_role("heading", name="Ruang kerja bersama perangkat desa")).to_be_visible()
    expect(page.get_by_text("Selamat datang")).to_have_count(0)


def test_wrong_password_shows_error_and_keeps_email(page, expect):
    user = UserFactory()

    log_in(page, user.email, "bukan-kata-sandinya")

    expect(page.get_by_text("Alamat e-mail dan/atau kata sandi yang anda masukkan tidak benar.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value(user.email)
    expect(page.get_by_label(PASSWORD_LABEL)).to_have_value("")
    page.goto("/")
    expect(page.get_by_text("Selamat datang")).to_have_count(0)
