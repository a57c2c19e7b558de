"""Reminders: sent once, caught up after downtime, never late or for a cancelled meeting, moved
with the meeting; cancellation and rescheduling are announced. Core's scheduler delivers them."""

import threading
from datetime import timedelta
from unittest.mock import patch

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core import scheduler
from core.models import Delivery
from core.tasks import run_job
from meetings import services
from meetings.models import ActionItem, Reminder, ReminderPreference
from notifications.models import Notification, NotificationEmail

from .conftest import local, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def start():
    return local(2030, 3, 4, 10)  # Monday 10.00 WIB


@pytest.fixture
def registered(training, sekdes, start):
    training.starts_at, training.ends_at = start, start + timedelta(hours=2)
    training.save()
    with time_machine.travel(start - timedelta(days=5), tick=False):
        services.register(training, sekdes)
    return training


def run(at, callbacks):
    """One scheduler run at `at`; returns how many of the meetings' jobs were sent."""
    # The meetings' jobs alone: report reminders, say, would fall due at these far dates too.
    with time_machine.travel(at, tick=False), callbacks(execute=True):
        return scheduler.sent(scheduler.run_due(labels=services.REMINDER_JOBS), labels=services.REMINDER_JOBS)


def reminder_deliveries():
    return Delivery.objects.filter(job__startswith="meetings.reminder:")


def test_sent_once_at_each_lead_with_ics(registered, sekdes, start, mailoutbox, django_capture_on_commit_callbacks):
    assert run(start - timedelta(days=2), django_capture_on_commit_callbacks) == 0
    assert run(start - timedelta(hours=23, minutes=59), django_capture_on_commit_callbacks) == 1
    assert run(start - timedelta(hours=23, minutes=58), django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [sekdes.email]
    assert "Pelatihan Siskeudes" in mail.subject and "10.00" in mail.subject and "WIB" in mail.subject
    assert "Senin, 4 Maret 2030, 10.00–12.00 WIB" in mail.body
    assert "Balai Desa Serang" in mail.body and "Praktik" in mail.body
    ((name, content, mimetype),) = mail.attachments
    assert name.endswith(".ics") and mimetype == "text/calendar" and "BEGIN:VEVENT" in str(content)
    # In the app too, without a second (plain) mail.
    notice = Notification.objects.get(recipient=sekdes, key__startswith="meeting-reminder:")
    assert notice.email_state == Notification.Email.SKIPPED and notice.transactional
    assert run(start - timedelta(minutes=59), django_capture_on_commit_callbacks) == 1
    assert len(mailoutbox) == 2
    assert reminder_deliveries().count() == 2
    assert set(Reminder.objects.values_list("outcome", flat=True)) == {"sent"}


def test_reminder_queues_no_mail_of_its_notice(
    registered, sekdes, start, mailoutbox, django_capture_on_commit_callbacks
):
    """The reminder's own mail carries the .ics: its in-app notice gets no email job and queues no task."""
    at = start - timedelta(minutes=59)
    with (
        time_machine.travel(at, tick=False),
        django_capture_on_commit_callbacks(execute=True),
        patch.object(run_job, "delay") as queued,
    ):
        assert scheduler.sent(scheduler.run_due()) == 1
    queued.assert_not_called()
    assert not NotificationEmail.objects.exists()
    assert Notification.objects.get(recipient=sekdes, key__startswith="meeting-reminder:").email_state == "skipped"
    assert len(mailoutbox) == 1 and mailoutbox[0].attachments


def test_two_scans_at_once_send_once(registered, start, mailoutbox, django_capture_on_commit_callbacks):
    """Scan A has read the due ids when scan B sends them all: A's compare-and-set claims nothing,
    and the delivery's unique constraint refuses a second record."""
    at = start - timedelta(minutes=30)
    with time_machine.travel(at, tick=False):
        seen_by_a = list(
            Reminder.objects.filter(done_at__isnull=True, due_at__lte=timezone.now()).values_list("pk", flat=True)
        )
    assert len(seen_by_a) == 2
    assert run(at, django_capture_on_commit_callbacks) == 1
    _, won = scheduler._claim(Reminder, at, seen_by_a)
    assert won == []
    assert run(at, django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 1
    delivery = reminder_deliveries().get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(job=delivery.job, recipient=delivery.recipient)


def test_missed_reminder_sent_at_next_scan_before_start(
    registered, start, mailoutbox, django_capture_on_commit_callbacks
):
    # The worker was down from 25 h before until 30 min before: both reminders are due and the meeting
    # has not started; the nearer one is sent, once.
    assert run(start - timedelta(minutes=30), django_capture_on_commit_callbacks) == 1
    assert len(mailoutbox) == 1
    assert Reminder.objects.get(lead=1440).outcome == Reminder.SUPERSEDED
    assert Reminder.objects.get(lead=60).outcome == "sent"
    assert run(start - timedelta(minutes=29), django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 1


def test_farther_reminder_never_follows_a_nearer_one(registered, start, mailoutbox, django_capture_on_commit_callbacks):
    # The hour-before one went out first (another worker took it); the day-before one, still due
    # from the outage, is closed instead of arriving after it.
    with time_machine.travel(start - timedelta(minutes=30), tick=False):
        hour_before = Reminder.objects.get(lead=60)
        assert scheduler.run_one("meetings.reminder", hour_before.pk) == "sent"
    assert run(start - timedelta(minutes=29), django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 1
    assert Reminder.objects.get(lead=1440).outcome == Reminder.SUPERSEDED


def test_nothing_after_start(registered, start, mailoutbox, django_capture_on_commit_callbacks):
    assert run(start + timedelta(minutes=1), django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []
    assert list(Reminder.objects.values_list("outcome", flat=True)) == [Reminder.STARTED] * 2


def test_nothing_for_cancelled_meeting_and_registrants_told(
    registered, sekdes, camat, start, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(start - timedelta(days=3), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert services.cancel_meeting(registered, camat)
    assert [m.to for m in mailoutbox] == [[sekdes.email]]
    assert "Dibatalkan" in mailoutbox[0].subject
    assert list(Reminder.objects.values_list("outcome", flat=True)) == [Reminder.CANCELLED] * 2
    mailoutbox.clear()
    assert run(start - timedelta(minutes=30), django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_reschedule_moves_unsent_and_notifies(
    registered, sekdes, camat, start, mailoutbox, django_capture_on_commit_callbacks
):
    assert run(start - timedelta(hours=23), django_capture_on_commit_callbacks) == 1  # the day-before one
    mailoutbox.clear()
    later = start + timedelta(days=7)
    data = {"starts_at": later, "ends_at": later + timedelta(hours=2)}
    with time_machine.travel(start - timedelta(hours=20), tick=False), django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(registered, data=data, actor=camat)
    assert [m.to for m in mailoutbox] == [[sekdes.email]]
    assert "Jadwal berubah" in mailoutbox[0].subject
    assert "11 Maret 2030" in mailoutbox[0].body
    unsent = Reminder.objects.get(done_at__isnull=True)
    assert unsent.due_at == later - timedelta(hours=1)
    mailoutbox.clear()
    # Nothing at the old hour, the reminder at the new one.
    assert run(start - timedelta(minutes=30), django_capture_on_commit_callbacks) == 0
    assert run(later - timedelta(minutes=30), django_capture_on_commit_callbacks) == 1


def test_preferences_change_lead_times(registered, sekdes, start):
    ReminderPreference.objects.create(user=sekdes, lead_minutes=[180])
    with time_machine.travel(start - timedelta(days=2), tick=False):
        services.reset_reminders_for(sekdes)
    assert list(Reminder.objects.values_list("lead", flat=True)) == [180]


@pytest.mark.parametrize("command", ["send_due", "send_reminders"])
def test_management_command_reports(registered, start, capsys, mailoutbox, command):
    with time_machine.travel(start - timedelta(minutes=30), tick=False):
        call_command(command)
    out = capsys.readouterr().out
    assert "meetings.reminder: 1 sent, 1 superseded" in out and "1 sent." in out
    assert len(mailoutbox) == 1


def test_action_item_due_reminder_once(
    training, caruy_official, caruy_village, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = services.add_action_item(
            training, what="Unggah APBDes", due_date=local(2030, 5, 1).date(), assignee_village=caruy_village
        )
    assert [m.to for m in mailoutbox] == [[caruy_official.email]]
    mailoutbox.clear()
    assert run(local(2030, 4, 30, 12), django_capture_on_commit_callbacks) == 0
    assert run(local(2030, 5, 1, 7), django_capture_on_commit_callbacks) == 1
    assert run(local(2030, 5, 1, 8), django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 1 and "Tenggat" in mailoutbox[0].subject
    assert mailoutbox[0].to == [caruy_official.email]
    item.reminder.refresh_from_db()
    assert item.reminder.outcome == "sent" and item.reminder.due_at == local(2030, 5, 1, 0)
    assert list(services.open_action_items_for(caruy_official)) == [item]
    ActionItem.objects.filter(pk=item.pk).update(status="done")
    assert not services.open_action_items_for(caruy_official).exists()


def test_action_item_reminder_follows_its_due_date_and_skips_done_items(
    training, caruy_village, mailoutbox, django_capture_on_commit_callbacks
):
    item = services.add_action_item(
        training, what="Unggah APBDes", due_date=local(2030, 5, 1).date(), assignee_village=caruy_village
    )
    item.due_date = local(2030, 5, 8).date()
    item.save()  # as the admin does
    item.reminder.refresh_from_db()
    assert item.reminder.due_at == local(2030, 5, 8, 0)
    mailoutbox.clear()
    assert run(local(2030, 5, 1, 7), django_capture_on_commit_callbacks) == 0
    ActionItem.objects.filter(pk=item.pk).update(status="done")
    assert run(local(2030, 5, 8, 7), django_capture_on_commit_callbacks) == 0
    item.reminder.refresh_from_db()
    assert item.reminder.outcome == "completed"
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_once(training, serang_village, start, mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent scans in threads need PostgreSQL; SQLite's single writer serialises them.")
    from tests.factories import OfficialFactory
    from tests.meetings.conftest import ensure_positions

    ensure_positions()

    training.starts_at, training.ends_at = start, start + timedelta(hours=2)
    training.save()
    with time_machine.travel(start - timedelta(days=5), tick=False):
        for _ in range(8):
            services.register(training, OfficialFactory(village=serang_village).user)
    results = []
    barrier = threading.Barrier(3)

    def scan():
        try:
            barrier.wait()
            results.append(
                scheduler.sent(scheduler.run_due(now=start - timedelta(minutes=30), labels=services.REMINDER_JOBS))
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 8  # one (the hour-before) per registrant
    assert reminder_deliveries().count() == 8
    assert len(mailoutbox) == 8


def test_meeting_helper_is_sane(camat, serang_village):
    meeting = make_meeting(camat, host_village=serang_village)
    assert meeting.timezone == "Asia/Jakarta"
