"""Someone who registers, or is promoted from the waitlist, after a lead time has passed still gets
one reminder (the nearest passed one) at the next scan, and never one after the start."""

from datetime import timedelta

import pytest
import time_machine

from core import scheduler
from meetings import services
from meetings.models import Registration, Reminder, ReminderPreference

from .conftest import local

pytestmark = pytest.mark.django_db

START = local(2030, 3, 4, 10)  # Monday 10.00 WIB


@pytest.fixture
def training_at_start(training):
    training.starts_at, training.ends_at = START, START + timedelta(hours=2)
    training.save()
    return training


def scan(at, callbacks):
    # The meetings' jobs alone: report reminders, say, would fall due at these far dates too.
    with time_machine.travel(at, tick=False), callbacks(execute=True):
        return scheduler.sent(scheduler.run_due(labels=services.REMINDER_JOBS))


def reminder_mails(mailoutbox):
    return [m for m in mailoutbox if m.attachments]


def test_register_half_an_hour_before_gets_the_hour_before_reminder(
    training_at_start, sekdes, mailoutbox, django_capture_on_commit_callbacks
):
    at = START - timedelta(minutes=30)
    with time_machine.travel(at, tick=False):
        registration = services.register(training_at_start, sekdes)
    assert registration.status == Registration.Status.REGISTERED
    ((lead, due_at),) = registration.reminders.values_list("lead", "due_at")
    assert (lead, due_at) == (60, at)
    assert scan(at + timedelta(minutes=1), django_capture_on_commit_callbacks) == 1
    assert scan(at + timedelta(minutes=2), django_capture_on_commit_callbacks) == 0
    assert scan(START - timedelta(minutes=1), django_capture_on_commit_callbacks) == 0
    (mail,) = reminder_mails(mailoutbox)
    assert mail.to == [sekdes.email] and "Pelatihan Siskeudes" in mail.subject


def test_promoted_half_an_hour_before_gets_the_hour_before_reminder(
    training_at_start, sekdes, kades, mailoutbox, django_capture_on_commit_callbacks
):
    training_at_start.capacity = 1
    training_at_start.save()
    with time_machine.travel(START - timedelta(days=3), tick=False):
        services.register(training_at_start, sekdes)
        waiting = services.register(training_at_start, kades)
    assert waiting.status == Registration.Status.WAITLISTED
    at = START - timedelta(minutes=30)
    with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert services.cancel_registration(training_at_start, sekdes) == waiting
    mailoutbox.clear()  # the promotion notice
    assert list(waiting.reminders.values_list("lead", "due_at")) == [(60, at)]
    assert scan(at + timedelta(minutes=1), django_capture_on_commit_callbacks) == 1
    assert scan(START - timedelta(minutes=1), django_capture_on_commit_callbacks) == 0
    (mail,) = reminder_mails(mailoutbox)
    assert mail.to == [kades.email]
    # The seat's former holder hears nothing more.
    assert not Reminder.objects.filter(user=sekdes).pending().exists()


def test_register_between_leads_keeps_the_future_one(
    training_at_start, sekdes, mailoutbox, django_capture_on_commit_callbacks
):
    ReminderPreference.objects.create(user=sekdes, lead_minutes=[2 * 24 * 60, 24 * 60, 60])
    at = START - timedelta(hours=5)
    with time_machine.travel(at, tick=False):
        registration = services.register(training_at_start, sekdes)
    # Of the passed ones only the nearest (a day before), due now; the hour-before one as usual.
    assert sorted(registration.reminders.values_list("lead", "due_at")) == [
        (60, START - timedelta(hours=1)),
        (1440, at),
    ]
    assert scan(at, django_capture_on_commit_callbacks) == 1
    assert scan(START - timedelta(minutes=59), django_capture_on_commit_callbacks) == 1
    assert len(reminder_mails(mailoutbox)) == 2


def test_no_registration_and_no_reminder_after_the_start(training_at_start, sekdes, mailoutbox):
    with time_machine.travel(START + timedelta(minutes=1), tick=False), pytest.raises(services.RegistrationClosed):
        services.register(training_at_start, sekdes)
    # Even a registration made otherwise (a walk-in check-in) gets none.
    registration = Registration.objects.create(
        meeting=training_at_start,
        user=sekdes,
        village=sekdes.positions.get().village,
        position_name="Sekretaris Desa",
        status=Registration.Status.REGISTERED,
    )
    services.create_reminders(registration, now=START + timedelta(minutes=1))
    services.create_reminders(registration, now=START)
    assert not Reminder.objects.exists()


def test_lead_times_changed_late_get_the_nearest_passed_one_unless_a_newer_one_went_out(
    training_at_start, sekdes, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(START - timedelta(days=3), tick=False):
        services.register(training_at_start, sekdes)
    assert scan(START - timedelta(hours=23), django_capture_on_commit_callbacks) == 1  # the day before
    ReminderPreference.objects.create(user=sekdes, lead_minutes=[180, 10])
    at = START - timedelta(hours=2)
    with time_machine.travel(at, tick=False):
        services.reset_reminders_for(sekdes)
    assert sorted(Reminder.objects.pending().values_list("lead", "due_at")) == [
        (10, START - timedelta(minutes=10)),
        (180, at),
    ]
    assert scan(at, django_capture_on_commit_callbacks) == 1
    # Changed again after that reminder: no second one for a time already covered.
    ReminderPreference.objects.filter(user=sekdes).update(lead_minutes=[120, 10])
    with time_machine.travel(at + timedelta(minutes=5), tick=False):
        services.reset_reminders_for(sekdes)
    assert sorted(Reminder.objects.pending().values_list("lead", flat=True)) == [10]
    assert scan(START - timedelta(minutes=10), django_capture_on_commit_callbacks) == 1
    assert len(reminder_mails(mailoutbox)) == 3


def test_reminder_reaches_the_phone(training_at_start, sekdes, vapid, push_service, django_capture_on_commit_callbacks):
    services.register(training_at_start, sekdes)
    phone = push_service.subscribe(sekdes, "sekdes")
    scan(START - timedelta(minutes=59), django_capture_on_commit_callbacks)
    (message,) = push_service.messages_for(phone)
    assert training_at_start.title in message["title"] or training_at_start.title in message["body"]
    assert message["url"].startswith("http")
