"""core.scheduler, the one runner, driven through the meetings' reminders: claims expire, a live
worker's claim is respected, errors give rows back until the attempts run out, a failed delivery
records nothing, concurrent runners send once, and one run drains more than one batch."""

import ast
import threading
from datetime import timedelta
from pathlib import Path
from smtplib import SMTPException

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection

from core import scheduler
from core.models import Delivery
from core.tasks import run_due_jobs
from meetings import services
from meetings.models import Reminder, ReminderPreference
from notifications.models import Notification
from tests.factories import OfficialFactory
from tests.meetings.conftest import ensure_positions, local

pytestmark = pytest.mark.django_db

START = local(2030, 3, 4, 10)  # Monday 10.00 WIB
AT = START - timedelta(minutes=30)  # the hour-before reminders are due


@pytest.fixture
def meeting(training):
    training.starts_at, training.ends_at = START, START + timedelta(hours=2)
    training.save()
    return training


def register(meeting, count, village):
    """`count` officials registered days ahead, each with only the hour-before reminder."""
    ensure_positions()
    with time_machine.travel(START - timedelta(days=5), tick=False):
        for _ in range(count):
            user = OfficialFactory(village=village).user
            ReminderPreference.objects.create(user=user, lead_minutes=[60])
            services.register(meeting, user)
    return list(Reminder.objects.order_by("pk"))


@pytest.fixture
def reminder(meeting, serang_village):
    (only,) = register(meeting, 1, serang_village)
    return only


def run(at, callbacks, **kwargs):
    with time_machine.travel(at, tick=False), callbacks(execute=True):
        return scheduler.run_due(**kwargs)


def fail_mail(monkeypatch, times=None):
    calls = []
    real_send = services.EmailMessage.send

    def send(message, *args, **kwargs):
        calls.append(message)
        if times is None or len(calls) <= times:
            raise SMTPException("server busy")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(services.EmailMessage, "send", send)
    return calls


def test_job_models_are_found_through_the_app_registry():
    labels = [m._meta.label_lower for m in scheduler.job_models()]
    assert "meetings.reminder" in labels and "meetings.actionitemreminder" in labels
    with pytest.raises(ValueError):
        scheduler.job_model("meetings.meeting")


def test_core_imports_no_project_app():
    project_apps = {
        app for app in django_settings.INSTALLED_APPS if (Path(django_settings.BASE_DIR) / app).is_dir()
    } - {"core"}
    imported = set()
    for path in (Path(django_settings.BASE_DIR) / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
    assert project_apps and not imported & project_apps


def test_one_beat_entry_runs_the_scheduler(reminder, mailoutbox, django_capture_on_commit_callbacks):
    entry = django_settings.CELERY_BEAT_SCHEDULE["scheduler"]
    assert entry["task"] == "core.tasks.run_due_jobs"
    assert not [e for e in django_settings.CELERY_BEAT_SCHEDULE.values() if e["task"].startswith("meetings.")]
    with time_machine.travel(AT, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert run_due_jobs.delay().get() == {"meetings.reminder": {"sent": 1}}
        assert run_due_jobs.delay().get() == {}
    assert len(mailoutbox) == 1


def test_expired_claim_is_claimed_again_and_delivered_once(
    reminder, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SCHEDULER_CLAIM_TIMEOUT = 60
    # Worker A claims the row and is killed before it delivers.
    token, won = scheduler._claim(Reminder, AT, [reminder.pk])
    assert won == [reminder.pk]
    assert run(AT + timedelta(seconds=59), django_capture_on_commit_callbacks) == {}
    assert run(AT + timedelta(seconds=61), django_capture_on_commit_callbacks) == {"meetings.reminder": {"sent": 1}}
    reminder.refresh_from_db()
    assert reminder.outcome == "sent" and reminder.attempts == 2
    # A, were it only paused, finds the row no longer its own.
    assert scheduler._deliver(Reminder, reminder.pk, token, AT + timedelta(seconds=62)) is None
    assert run(AT + timedelta(minutes=5), django_capture_on_commit_callbacks) == {}
    assert len(mailoutbox) == 1
    assert Delivery.objects.filter(job=f"meetings.reminder:{reminder.pk}").count() == 1


def test_fresh_claim_of_another_worker_is_not_touched(reminder, mailoutbox, django_capture_on_commit_callbacks):
    token, _ = scheduler._claim(Reminder, AT, [reminder.pk])
    assert run(AT + timedelta(minutes=1), django_capture_on_commit_callbacks) == {}
    assert scheduler.run_one("meetings.reminder", reminder.pk, now=AT + timedelta(minutes=1)) is None
    reminder.refresh_from_db()
    assert (reminder.claim_token, reminder.claimed_at, reminder.attempts) == (token, AT, 1)
    assert reminder.done_at is None and mailoutbox == []


def test_error_gives_the_row_back_and_a_later_run_sends_it(
    reminder, monkeypatch, caplog, mailoutbox, django_capture_on_commit_callbacks
):
    calls = fail_mail(monkeypatch, times=1)
    # Given back once, and not tried again within the same run.
    assert run(AT, django_capture_on_commit_callbacks) == {"meetings.reminder": {"retry": 1}}
    assert len(calls) == 1
    assert f"scheduled job meetings.reminder:{reminder.pk} failed" in caplog.text
    reminder.refresh_from_db()
    assert reminder.claimed_at is None and reminder.claim_token is None and reminder.done_at is None
    assert "server busy" in reminder.last_error and reminder.attempts == 1
    # What the failed attempt wrote is gone with its transaction.
    assert not Delivery.objects.exists()
    assert not Notification.objects.filter(key=f"meeting-reminder:{reminder.pk}").exists()
    assert run(AT + timedelta(minutes=1), django_capture_on_commit_callbacks) == {"meetings.reminder": {"sent": 1}}
    reminder.refresh_from_db()
    assert reminder.outcome == "sent" and reminder.attempts == 2
    assert len(mailoutbox) == 1 and Delivery.objects.count() == 1


def test_closed_as_failed_after_the_last_attempt(
    reminder, settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SCHEDULER_MAX_ATTEMPTS = 3
    fail_mail(monkeypatch)
    results = [run(AT + timedelta(minutes=n), django_capture_on_commit_callbacks) for n in range(4)]
    assert results == [
        {"meetings.reminder": {"retry": 1}},
        {"meetings.reminder": {"retry": 1}},
        {"meetings.reminder": {"failed": 1}},
        {},
    ]
    reminder.refresh_from_db()
    assert reminder.outcome == "failed" and reminder.done_at is not None and reminder.attempts == 3
    assert "server busy" in reminder.last_error
    assert mailoutbox == [] and not Delivery.objects.exists()


def test_deliver_raising_midway_leaves_no_delivery_rows(
    meeting, caruy_village, caruy_official, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    second = OfficialFactory(village=caruy_village).user
    with django_capture_on_commit_callbacks(execute=True):
        item = services.add_action_item(
            meeting, what="Unggah APBDes", due_date=local(2030, 5, 1).date(), assignee_village=caruy_village
        )
    mailoutbox.clear()
    job = item.reminder
    real = services.deliver_action_reminder
    delivered = []

    def second_one_fails(job, user):
        if delivered:
            raise RuntimeError("lost the connection")
        real(job, user)
        delivered.append(user)

    monkeypatch.setattr(services, "deliver_action_reminder", second_one_fails)
    due = local(2030, 5, 1, 7)
    # The training ended in March: its evaluation request closes too, with nobody registered to ask.
    assert run(due, django_capture_on_commit_callbacks) == {
        "meetings.actionitemreminder": {"retry": 1},
        "meetings.evaluationrequest": {"no_recipients": 1},
    }
    assert len(delivered) == 1
    assert not Delivery.objects.filter(job__startswith="meetings.").exists()
    assert not Notification.objects.filter(key=f"action-due:{item.pk}").exists()
    assert mailoutbox == []
    monkeypatch.setattr(services, "deliver_action_reminder", real)
    result = run(due + timedelta(minutes=1), django_capture_on_commit_callbacks)
    # The notices' own emails are jobs too, due at once and sent in the same run.
    assert result == {"meetings.actionitemreminder": {"sent": 1}, "notifications.notificationemail": {"sent": 2}}
    job.refresh_from_db()
    assert job.outcome == "sent"
    assert set(Delivery.objects.filter(job__startswith="meetings.").values_list("job", "recipient")) == {
        (f"meetings.actionitemreminder:{job.pk}", caruy_official.pk),
        (f"meetings.actionitemreminder:{job.pk}", second.pk),
    }
    assert sorted(m.to[0] for m in mailoutbox) == sorted([caruy_official.email, second.email])


def test_one_run_drains_more_than_one_batch(
    meeting, serang_village, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SCHEDULER_BATCH_SIZE = 2
    register(meeting, 5, serang_village)
    assert run(AT, django_capture_on_commit_callbacks) == {"meetings.reminder": {"sent": 5}}
    assert len(mailoutbox) == 5
    assert not Reminder.objects.pending().exists()


def test_spent_time_budget_leaves_the_rows_unclaimed_for_the_next_run(
    reminder, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SCHEDULER_TIME_BUDGET = 0
    assert run(AT, django_capture_on_commit_callbacks) == {}
    reminder.refresh_from_db()
    assert reminder.claimed_at is None and reminder.attempts == 0
    settings.SCHEDULER_TIME_BUDGET = 45
    assert run(AT, django_capture_on_commit_callbacks) == {"meetings.reminder": {"sent": 1}}


def test_row_moved_later_after_its_claim_is_released(reminder, mailoutbox):
    token, _ = scheduler._claim(Reminder, AT, [reminder.pk])
    Reminder.objects.filter(pk=reminder.pk).update(due_at=AT + timedelta(minutes=10))
    assert scheduler._deliver(Reminder, reminder.pk, token, AT) is None
    reminder.refresh_from_db()
    assert reminder.claim_token is None and reminder.done_at is None and reminder.attempts == 0
    assert mailoutbox == []


def test_rescheduling_clears_a_claim_so_the_new_time_is_kept(
    reminder, camat, mailoutbox, django_capture_on_commit_callbacks
):
    token, _ = scheduler._claim(Reminder, AT, [reminder.pk])
    later = START + timedelta(days=1)
    with time_machine.travel(AT, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            reminder.meeting, data={"starts_at": later, "ends_at": later + timedelta(hours=2)}, actor=camat
        )
    assert scheduler._deliver(Reminder, reminder.pk, token, AT) is None
    mailoutbox.clear()  # the notice of the move
    assert run(later - timedelta(minutes=59), django_capture_on_commit_callbacks) == {"meetings.reminder": {"sent": 1}}
    assert len(mailoutbox) == 1


def test_run_one_sends_a_due_job_once(reminder, mailoutbox):
    with time_machine.travel(START - timedelta(hours=2), tick=False):
        assert scheduler.run_one("meetings.reminder", reminder.pk) is None  # not due yet
    with time_machine.travel(AT, tick=False):
        assert scheduler.run_one("meetings.reminder", reminder.pk) == "sent"
        assert scheduler.run_one("meetings.reminder", reminder.pk) is None
    assert len(mailoutbox) == 1


def test_labels_limit_a_run(reminder, mailoutbox, django_capture_on_commit_callbacks):
    assert run(AT, django_capture_on_commit_callbacks, labels=["meetings.actionitemreminder"]) == {}
    assert run(AT, django_capture_on_commit_callbacks, labels=["meetings.reminder"]) == {
        "meetings.reminder": {"sent": 1}
    }


@pytest.mark.django_db(transaction=True)
def test_runners_at_once_deliver_each_job_once(meeting, serang_village, settings, mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent runners in threads need PostgreSQL; SQLite's single writer serialises them.")
    settings.SCHEDULER_BATCH_SIZE = 2
    reminders = register(meeting, 9, serang_village)
    results = []
    barrier = threading.Barrier(3)

    def runner():
        try:
            barrier.wait()
            results.append(scheduler.run_due(now=AT))
        finally:
            connection.close()

    threads = [threading.Thread(target=runner) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(scheduler.sent(r) for r in results) == 9
    assert Delivery.objects.count() == 9
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.user.email for r in reminders)
    assert set(Reminder.objects.values_list("outcome", flat=True)) == {"sent"}


def test_a_backlog_fans_out_to_helper_scans(meeting, serang_village, settings):
    settings.SCHEDULER_BATCH_SIZE = 2
    settings.SCHEDULER_FAN_OUT = 3
    register(meeting, 5, serang_village)
    # Not due yet: nothing to share.
    assert scheduler.helpers_wanted(AT - timedelta(hours=1)) == 0
    # Five due, batches of two: this scan and two helpers.
    assert scheduler.helpers_wanted(AT) == 2
    settings.SCHEDULER_FAN_OUT = 1
    assert scheduler.helpers_wanted(AT) == 1
    settings.SCHEDULER_FAN_OUT = 0
    assert scheduler.helpers_wanted(AT) == 0


def test_helper_scans_share_the_backlog_and_send_each_reminder_once(
    meeting, serang_village, settings, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    settings.SCHEDULER_BATCH_SIZE = 2
    settings.SCHEDULER_FAN_OUT = 2
    register(meeting, 5, serang_village)
    queued = []
    monkeypatch.setattr(run_due_jobs, "delay", lambda **kwargs: queued.append(kwargs))
    with time_machine.travel(AT, tick=False), django_capture_on_commit_callbacks(execute=True):
        # The helpers start first on other workers and claim batches; this scan finds the rest.
        assert queued == [] and run_due_jobs.apply().get() == {"meetings.reminder": {"sent": 5}}
        assert queued == [{"fan_out": False}, {"fan_out": False}]
        assert run_due_jobs.apply(kwargs=queued[0]).get() == {}
    assert sorted(m.to[0] for m in mailoutbox) == sorted({m.to[0] for m in mailoutbox})
    assert len(mailoutbox) == 5 and not Reminder.objects.pending().exists()


def _run_counting_queries(at, callbacks):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = run(at, callbacks)
    return result, len(queries)


def test_a_batch_costs_a_fixed_number_of_queries_per_reminder(
    meeting, serang_village, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """The batch is loaded, checked for superseding reminders and for earlier deliveries once; each
    row then costs the same few statements (lock, delivery proof, notice, close), however many."""
    settings.SCHEDULER_BATCH_SIZE = 100
    run(AT, django_capture_on_commit_callbacks)  # the other models' once-a-period housekeeping
    register(meeting, 2, serang_village)
    small, small_queries = _run_counting_queries(AT, django_capture_on_commit_callbacks)
    Reminder.objects.all().delete()
    register(meeting, 7, serang_village)
    large, large_queries = _run_counting_queries(AT, django_capture_on_commit_callbacks)
    assert small == {"meetings.reminder": {"sent": 2}} and large == {"meetings.reminder": {"sent": 7}}
    per_reminder = (large_queries - small_queries) / 5
    # In a transaction: lock, delivery proof, notice (looked up, then inserted), close.
    assert per_reminder == 7, (small_queries, large_queries)
    assert len(mailoutbox) == 9


def test_one_mail_connection_serves_a_batch(
    meeting, serang_village, settings, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail.backends.locmem import EmailBackend

    opened = []

    class Counting(EmailBackend):
        def open(self):
            opened.append(self)
            return True

    monkeypatch.setattr(services, "get_connection", lambda: Counting())
    register(meeting, 4, serang_village)
    assert run(AT, django_capture_on_commit_callbacks) == {"meetings.reminder": {"sent": 4}}
    assert len(opened) == 1
    assert len(mailoutbox) == 4 and all(m.attachments for m in mailoutbox)


def test_a_broken_mail_connection_is_opened_again_for_the_next_mail(
    meeting, serang_village, settings, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail.backends.locmem import EmailBackend

    opened = []

    class Flaky(EmailBackend):
        def open(self):
            opened.append(self)
            return True

        def send_messages(self, messages):
            if len(opened) == 1:
                raise SMTPException("connection lost")
            return super().send_messages(messages)

    monkeypatch.setattr(services, "get_connection", lambda: Flaky())
    register(meeting, 3, serang_village)
    # The first mail fails and its row is given back; the next one opens a new connection.
    assert run(AT, django_capture_on_commit_callbacks) == {"meetings.reminder": {"retry": 1, "sent": 2}}
    assert len(opened) == 2 and len(mailoutbox) == 2
    assert run(AT + timedelta(seconds=1), django_capture_on_commit_callbacks) == {"meetings.reminder": {"sent": 1}}
    assert len(mailoutbox) == 3 and len({m.to[0] for m in mailoutbox}) == 3


def test_next_due_finds_the_earliest_job_within_the_window(meeting, serang_village):
    register(meeting, 2, serang_village)
    due = START - timedelta(hours=1)
    assert scheduler.next_due(due - timedelta(seconds=30), 60) == due
    assert scheduler.next_due(due - timedelta(seconds=90), 60) is None
    # Due and untried (a run that spent its time budget left them): at once.
    assert scheduler.next_due(due, 60) == due
    # Given back after an error: left to the next scan.
    Reminder.objects.update(attempts=1)
    assert scheduler.next_due(due, 60) is None


def test_a_tick_wakes_up_when_the_next_job_falls_due(meeting, serang_village, monkeypatch, settings):
    settings.SCAN_INTERVAL_SECONDS = 60
    register(meeting, 1, serang_village)
    woken = []
    monkeypatch.setitem(run_due_jobs.app.conf, "task_always_eager", False)
    monkeypatch.setattr(run_due_jobs, "apply_async", lambda **kwargs: woken.append(kwargs))
    due = START - timedelta(hours=1)
    with time_machine.travel(due - timedelta(seconds=20), tick=False):
        assert run_due_jobs.run() == {}
    assert woken == [{"countdown": 20.0}]
    with time_machine.travel(due - timedelta(seconds=2), tick=False):
        run_due_jobs.run()
    assert woken[-1] == {"countdown": 5.0}  # never sooner than a few seconds
    woken.clear()
    with time_machine.travel(due - timedelta(minutes=5), tick=False):
        run_due_jobs.run()
    assert woken == []  # the next scan comes first


def test_a_tick_that_spent_its_budget_goes_on_at_once(meeting, serang_village, monkeypatch, settings):
    settings.SCHEDULER_TIME_BUDGET = 0
    register(meeting, 2, serang_village)
    woken = []
    monkeypatch.setitem(run_due_jobs.app.conf, "task_always_eager", False)
    monkeypatch.setattr(run_due_jobs, "apply_async", lambda **kwargs: woken.append(kwargs))
    with time_machine.travel(AT, tick=False):
        assert run_due_jobs.run() == {}
    assert woken == [{"countdown": 5.0}] and Reminder.objects.pending().count() == 2


def test_superseded_is_looked_up_for_the_whole_batch(meeting, serang_village):
    ensure_positions()
    with time_machine.travel(START - timedelta(days=5), tick=False):
        user = OfficialFactory(village=serang_village).user
        ReminderPreference.objects.create(user=user, lead_minutes=[1440, 60])
        services.register(meeting, user)
    day_before, hour_before = Reminder.objects.order_by("-lead")
    # Both due after an outage: only the nearer one goes out.
    assert Reminder.superseded([day_before, hour_before], AT) == {day_before.pk}
    # Before the hour-before one is due, the day-before one stands.
    assert Reminder.superseded([day_before], START - timedelta(hours=2)) == set()
