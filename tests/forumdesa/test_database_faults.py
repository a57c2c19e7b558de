"""A request whose database connection is cut gets a friendly Indonesian "try again" page (503),
any other failure the friendly 500 page; neither page touches the database. Connections are
health-checked before reuse, so one cut connection does not fail the requests after it."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forumdesa.fault_urls")]


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("url", ["/_fault/cut/", "/_fault/closed/"])
def test_database_error_in_a_view_is_a_503_page_in_indonesian(client, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert '<html lang="id">' in page
    assert "Layanan sedang sibuk, coba lagi" in page
    assert "Isian Anda belum tersimpan" in page
    assert "terminating connection" not in page and "Traceback" not in page


def test_the_503_page_follows_the_chosen_language(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/_fault/cut/")
    assert response.status_code == 503
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "The service is busy, please try again" in page


def test_database_error_on_a_form_post_is_a_503_page(client):
    response = client.post("/_fault/cut/", {"judul": "Rapat"})
    assert response.status_code == 503
    assert "Layanan sedang sibuk, coba lagi" in response.content.decode()


def test_other_errors_are_the_friendly_500_page(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/_fault/bug/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Maaf, terjadi kesalahan di server" in page
    assert "Layanan sedang sibuk" not in page
    assert "division by zero" not in page


def test_pages_still_work_after_a_cut_connection(client):
    assert client.get("/_fault/cut/").status_code == 503
    assert client.get("/desa/").status_code == 200


def test_postgresql_connections_are_health_checked_and_kept_for_conn_max_age():
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": "postgres://forumdesa@db.example.invalid:5432/forumdesa",
        "CONN_MAX_AGE": "30",
    }
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'forumdesa.settings'); "
        "from django.conf import settings; db = settings.DATABASES['default']; "
        "print(db['ENGINE'], db['CONN_HEALTH_CHECKS'], db['CONN_MAX_AGE'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "True", "30"]
