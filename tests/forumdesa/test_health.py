from unittest import mock

from django.db import OperationalError
from django.urls import reverse


def test_healthz_reports_each_component(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_is_503_when_the_database_is_down(client, db):
    with mock.patch("forumdesa.health.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"]["ok"] is False
    assert "connection refused" in body["checks"]["database"]["error"]
    assert body["checks"]["cache"]["ok"] is True


def test_healthz_is_503_when_the_broker_is_unreachable(client, db, settings):
    from forumdesa.celery import app

    with mock.patch.object(app, "connection_for_write", side_effect=ConnectionRefusedError("no broker")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_healthz_is_503_when_the_cache_fails(client, db):
    with mock.patch("forumdesa.health.cache.set", side_effect=ConnectionError("redis down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
