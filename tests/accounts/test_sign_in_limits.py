"""Sign-in: one rate-limited way in (the admin included), limits that cannot lock an official out
from elsewhere, and sign-in that keeps working while Redis is down."""

import logging
import uuid

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, totp_code, with_totp

pytestmark = pytest.mark.django_db

TOO_MANY = "Terlalu banyak percobaan masuk yang gagal"


def sign_in(client, email, password, ip="203.0.113.10"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


# ---- The admin goes through the sign-in ----


def test_admin_login_sends_to_the_sign_in_with_next(client):
    response = client.get("/admin/login/?next=/admin/villages/village/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Fvillages%2Fvillage%2F"
    # The admin index, reached signed out, ends there too.
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login") + "?next=%2Fadmin%2F")


def test_admin_login_ignores_a_foreign_next(client):
    response = client.get("/admin/login/?next=https://evil.test/")
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_posting_passwords_to_the_admin_login_signs_nobody_in(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_admin_reached_after_sign_in_and_wrong_passwords_are_limited(client):
    admin = UserFactory(is_staff=True, is_superuser=True, two_factor=False)
    secret = with_totp(admin)
    for _ in range(5):
        assert TOO_MANY not in sign_in(client, admin.email, "salah").content.decode()
    assert TOO_MANY in sign_in(client, admin.email, "salah").content.decode()
    assert TOO_MANY in sign_in(client, admin.email, PASSWORD).content.decode()
    assert "_auth_user_id" not in client.session
    # From another address the right password leads to the code, and then to the admin.
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": admin.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response["Location"] == reverse("mfa_authenticate") and "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/admin/"


def test_signed_in_non_admin_gets_403_not_a_loop(client):
    user = UserFactory()
    client.login(email=user.email, password=PASSWORD)
    assert client.get("/admin/login/?next=/admin/").status_code == 403


# ---- Failed attempts count per account and address ----


def test_five_failures_from_one_address_do_not_lock_the_account_elsewhere(client):
    official = UserFactory()
    for _ in range(5):
        sign_in(client, official.email, "salah", ip="203.0.113.10")
    assert TOO_MANY in sign_in(client, official.email, PASSWORD, ip="203.0.113.10").content.decode()
    assert "_auth_user_id" not in client.session

    response = sign_in(client, official.email, PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(official.pk)


def test_one_address_is_limited_across_accounts(client):
    users = [UserFactory() for _ in range(3)]
    for attempt in range(10):
        sign_in(client, users[attempt % 3].email, "salah")
    assert TOO_MANY in sign_in(client, users[0].email, PASSWORD).content.decode()


# ---- Redis down ----


@pytest.fixture
def redis_down(settings):
    # Port 1 is closed: every connection is refused at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_sign_in_works_with_redis_down_and_says_so_in_the_log(client, redis_down, caplog):
    official = UserFactory()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        response = sign_in(client, official.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(official.pk)
    assert any("Redis cache unreachable" in r.getMessage() for r in caplog.records)
    assert client.get(reverse("home")).status_code == 200


def test_limits_still_hold_in_the_process_with_redis_down(client, redis_down):
    official = UserFactory()
    for _ in range(5):
        assert TOO_MANY not in sign_in(client, official.email, "salah", ip="192.0.2.44").content.decode()
    assert TOO_MANY in sign_in(client, official.email, PASSWORD, ip="192.0.2.44").content.decode()


def test_healthz_still_reports_redis_down(client, redis_down):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
