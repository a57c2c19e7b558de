import threading
import time
from datetime import datetime
from smtplib import SMTPException
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.urls import reverse

from core import scheduler
from core.models import Delivery
from core.tasks import run_job
from notifications import services
from notifications.models import (
    DailyDigest,
    EmailMode,
    Notification,
    NotificationEmail,
    NotificationKind,
    NotificationSetting,
)
from notifications.services import notify
from tests.factories import UserFactory

TEMPLATE = "notifications/emails/notice"
EMAIL_JOB = "notifications.notificationemail"
DIGEST_JOB = "notifications.dailydigest"
WIB = ZoneInfo("Asia/Jakarta")


def send(users, key="event:1", kind=NotificationKind.DISCUSSIONS, **kwargs):
    context = {"title": "Kabar: Rapat desa", "message": "Rapat desa dipindah ke balai desa."}
    return notify(users, kind=kind, key=key, template=TEMPLATE, context=context, url="/desa/", **kwargs)


def test_notify_records_and_emails_once_after_commit(db, django_capture_on_commit_callbacks):
    user = UserFactory(full_name="Siti Rahayu")
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
    notification = Notification.objects.get()
    assert notification.title == "Kabar: Rapat desa"
    assert notification.email_state == Notification.Email.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[ForumDesa] Kabar: Rapat desa"
    assert "Halo Siti" in mail.outbox[0].body and "/desa/" in mail.outbox[0].body


def test_same_event_notifies_once(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
        send([user])
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_notify_queues_the_scheduler_job_of_its_email(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        (notification,) = send([user])
    job = NotificationEmail.objects.get()
    assert job.notification == notification and job.due_at == notification.created_at and job.done_at is None
    assert len(callbacks) == 1 and mail.outbox == []  # nothing leaves before the commit
    callbacks[0]()
    job.refresh_from_db()
    assert job.outcome == "sent" and len(mail.outbox) == 1
    assert Delivery.objects.filter(job=f"{EMAIL_JOB}:{job.pk}", recipient=user).count() == 1


def test_task_running_twice_sends_one_mail(db):
    user = UserFactory()
    send([user])  # on_commit never fires inside the test transaction: run the job by hand, twice
    pk = NotificationEmail.objects.get().pk
    assert run_job(EMAIL_JOB, pk) == "sent"
    assert run_job(EMAIL_JOB, pk) is None
    assert scheduler.run_due() == {}
    assert len(mail.outbox) == 1
    notification = Notification.objects.get()
    assert notification.email_state == Notification.Email.SENT and notification.emailed_at is not None


def test_a_failed_send_is_retried_by_the_scan(db, monkeypatch):
    user = UserFactory()
    send([user])
    pk = NotificationEmail.objects.get().pk
    real_send_mail = services.send_mail

    def busy(*args, **kwargs):
        raise SMTPException("server busy")

    monkeypatch.setattr(services, "send_mail", busy)
    assert run_job(EMAIL_JOB, pk) == "retry"
    notification = Notification.objects.get()
    assert notification.email_state == Notification.Email.PENDING and notification.emailed_at is None
    assert not Delivery.objects.exists() and mail.outbox == []
    monkeypatch.setattr(services, "send_mail", real_send_mail)
    assert scheduler.run_due() == {EMAIL_JOB: {"sent": 1}}
    assert len(mail.outbox) == 1
    assert NotificationEmail.objects.get().attempts == 2


def test_email_is_in_the_recipients_language(db, django_capture_on_commit_callbacks):
    user = UserFactory(full_name="Made Suarta", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
    assert "Hello Made" in mail.outbox[0].body


def test_preferences_digest_and_off(db, django_capture_on_commit_callbacks):
    digest, off, immediate = UserFactory(), UserFactory(), UserFactory()
    NotificationSetting.objects.create(user=digest, kind=NotificationKind.DISCUSSIONS, email=EmailMode.DIGEST)
    NotificationSetting.objects.create(user=off, kind=NotificationKind.DISCUSSIONS, email=EmailMode.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        send([digest, off, immediate])
    assert [m.to for m in mail.outbox] == [[immediate.email]]
    assert Notification.objects.filter(recipient=off).get().email_state == Notification.Email.SKIPPED
    assert NotificationEmail.objects.get().notification.recipient == immediate

    job = DailyDigest.objects.get()
    assert job.recipient == digest
    with time_machine.travel(job.due_at, tick=False):
        assert scheduler.run_due() == {DIGEST_JOB: {"sent": 1}}
        assert scheduler.run_due() == {}  # nothing twice
    assert mail.outbox[-1].to == [digest.email]
    assert "Ringkasan harian: 1 kabar baru" in mail.outbox[-1].subject
    assert len(mail.outbox) == 2


def test_transactional_messages_ignore_preferences(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    NotificationSetting.objects.create(user=user, kind=NotificationKind.APPROVALS, email=EmailMode.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        send([user], kind=NotificationKind.APPROVALS, transactional=True)
    assert len(mail.outbox) == 1


def test_lost_tasks_are_caught_by_the_periodic_scan(db):
    user = UserFactory()
    send([user])  # the on_commit task never ran, as when the broker was down
    assert scheduler.run_due() == {EMAIL_JOB: {"sent": 1}}
    assert len(mail.outbox) == 1
    # The task, delivered late after all, finds the job done.
    assert run_job(EMAIL_JOB, NotificationEmail.objects.get().pk) is None
    assert len(mail.outbox) == 1


def test_broker_down_at_commit_loses_no_mail(db, monkeypatch, caplog, django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(run_job, "delay", broker_down)
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send([user])  # the caller's work stands: no error reaches it
    assert "broker unreachable" in caplog.text
    assert mail.outbox == [] and NotificationEmail.objects.pending().count() == 1
    assert scheduler.run_due() == {EMAIL_JOB: {"sent": 1}}
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_no_beat_entry_of_its_own():
    tasks = [entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()]
    assert "core.tasks.run_due_jobs" in tasks
    assert not [task for task in tasks if task.startswith("notifications.")]


def test_email_false_records_the_notice_without_any_email(db, django_capture_on_commit_callbacks):
    immediate, digest = UserFactory(), UserFactory()
    NotificationSetting.objects.create(user=digest, kind=NotificationKind.DISCUSSIONS, email=EmailMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = send([immediate, digest], email=False)
        send([immediate], key="event:2", transactional=True, email=False)
    assert callbacks == []
    assert len(created) == 2
    assert set(Notification.objects.values_list("email_state", flat=True)) == {Notification.Email.SKIPPED}
    assert not NotificationEmail.objects.exists() and not DailyDigest.objects.exists()
    assert scheduler.run_due() == {} and mail.outbox == []


# ---- The daily digest ----


def digest_user():
    user = UserFactory(full_name="Siti Rahayu")
    NotificationSetting.objects.create(user=user, kind=NotificationKind.DISCUSSIONS, email=EmailMode.DIGEST)
    return user


def at(day, hour, minute=0, second=0):
    return datetime(2030, 3, day, hour, minute, second, tzinfo=WIB)


@pytest.mark.parametrize(
    ("made", "due"),
    [
        (at(4, 5, 59, 59), at(4, 6)),
        (at(4, 6), at(5, 6)),
        (at(4, 23, 30), at(5, 6)),
        # 06:00 WIB is 23:00 UTC the day before.
        (datetime(2030, 3, 4, 22, 59, tzinfo=ZoneInfo("UTC")), at(5, 6)),
    ],
)
def test_digest_is_due_at_the_next_six_oclock_wib(db, made, due):
    user = digest_user()
    with time_machine.travel(made, tick=False):
        send([user])
    job = DailyDigest.objects.get()
    assert job.due_at == due and job.day == due.date() and job.recipient == user


def test_one_digest_job_per_recipient_and_day(db):
    user, other = digest_user(), digest_user()
    with time_machine.travel(at(4, 8), tick=False):
        send([user, other], key="a")
        send([user], key="b")
    with time_machine.travel(at(4, 20), tick=False):
        send([user], key="c")
    assert sorted(DailyDigest.objects.values_list("recipient__email", "day")) == sorted(
        [(user.email, at(5, 0).date()), (other.email, at(5, 0).date())]
    )
    with time_machine.travel(at(5, 6), tick=False):
        assert scheduler.run_due() == {DIGEST_JOB: {"sent": 2}}
    with time_machine.travel(at(5, 7), tick=False):
        send([user], key="d")
    assert DailyDigest.objects.pending().get().day == at(6, 0).date()
    mine = next(m for m in mail.outbox if m.to == [user.email])
    assert "Ringkasan harian: 3 kabar baru" in mine.subject
    assert mine.body.count("Kabar: Rapat desa") == 3 and "Halo Siti" in mine.body
    waiting = Notification.objects.filter(email_state=Notification.Email.DIGEST)
    assert list(waiting.values_list("key", flat=True)) == ["d"]


def test_digest_running_twice_sends_one_mail(db):
    user = digest_user()
    with time_machine.travel(at(4, 8), tick=False):
        send([user])
    job = DailyDigest.objects.get()
    with time_machine.travel(at(5, 6, 0, 5), tick=False):
        assert run_job(DIGEST_JOB, job.pk) == "sent"
        assert run_job(DIGEST_JOB, job.pk) is None
        assert scheduler.run_due() == {}
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(job=f"{DIGEST_JOB}:{job.pk}").count() == 1
    notification = Notification.objects.get()
    assert notification.email_state == Notification.Email.SENT and notification.emailed_at == at(5, 6, 0, 5)


def test_digest_not_sent_before_it_is_due(db):
    user = digest_user()
    with time_machine.travel(at(4, 8), tick=False):
        send([user])
    with time_machine.travel(at(5, 5, 59), tick=False):
        assert run_job(DIGEST_JOB, DailyDigest.objects.get().pk) is None
        assert scheduler.run_due() == {}
    assert mail.outbox == []


def test_digest_catches_up_after_downtime_with_one_mail(db):
    """The scheduler was down for three days: one mail with everything, the later jobs close empty."""
    user = digest_user()
    for day in (4, 5, 6):
        with time_machine.travel(at(day, 9), tick=False):
            send([user], key=f"day-{day}")
    assert DailyDigest.objects.count() == 3
    with time_machine.travel(at(7, 14), tick=False):
        assert scheduler.run_due() == {DIGEST_JOB: {"sent": 1, "empty": 2}}
        assert scheduler.run_due() == {}
    (digest,) = mail.outbox
    assert "Ringkasan harian: 3 kabar baru" in digest.subject
    assert digest.body.count("Kabar: Rapat desa") == 3
    assert not Notification.objects.filter(email_state=Notification.Email.DIGEST).exists()
    assert not DailyDigest.objects.pending().exists()


def test_failed_digest_leaves_the_notifications_waiting(db, monkeypatch):
    user = digest_user()
    with time_machine.travel(at(4, 8), tick=False):
        send([user])

    def busy(*args, **kwargs):
        raise SMTPException("server busy")

    real_send_mail = services.send_mail
    monkeypatch.setattr(services, "send_mail", busy)
    with time_machine.travel(at(5, 6), tick=False):
        assert scheduler.run_due() == {DIGEST_JOB: {"retry": 1}}
    assert Notification.objects.get().email_state == Notification.Email.DIGEST
    monkeypatch.setattr(services, "send_mail", real_send_mail)
    with time_machine.travel(at(5, 6, 1), tick=False):
        assert scheduler.run_due() == {DIGEST_JOB: {"sent": 1}}
    assert len(mail.outbox) == 1
    assert Notification.objects.get().email_state == Notification.Email.SENT


def test_actor_is_not_notified_of_their_own_action(db):
    actor, other = UserFactory(), UserFactory()
    created = send([actor, other], exclude=actor)
    assert [n.recipient for n in created] == [other]


def test_bell_list_and_mark_read(client, db):
    user = UserFactory()
    send([user], key="a")
    send([user], key="b")
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert 'id="bell-count">2<' in html
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.count("Kabar: Rapat desa") == 2
    first = Notification.objects.filter(recipient=user).first()
    response = client.get(reverse("notifications:open", args=[first.pk]))
    assert response["Location"] == "/desa/"
    assert 'id="bell-count">1<' in client.get(reverse("home")).content.decode()
    client.post(reverse("notifications:read_all"))
    assert "bell-count" not in client.get(reverse("home")).content.decode()


def test_someone_elses_notification_is_404(client, db):
    send([UserFactory()])
    client.force_login(UserFactory())
    assert client.get(reverse("notifications:open", args=[Notification.objects.get().pk])).status_code == 404


def test_settings_page_saves_choices(client, db):
    user = UserFactory()
    client.force_login(user)
    data = dict.fromkeys(NotificationKind.values, EmailMode.IMMEDIATE)
    data[NotificationKind.DISCUSSIONS] = EmailMode.DIGEST
    assert client.post(reverse("notifications:settings"), data).status_code == 302
    assert NotificationSetting.objects.get(user=user, kind="discussions").email == EmailMode.DIGEST


def test_notification_list_costs_fixed_queries(client, db, django_assert_max_num_queries):
    user = UserFactory()
    for i in range(30):
        send([user], key=f"e{i}")
    client.force_login(user)
    with django_assert_max_num_queries(8):
        client.get(reverse("notifications:list"))


@pytest.mark.django_db(transaction=True)
def test_two_days_digests_sent_at_once_send_one_mail(monkeypatch):
    """After downtime two workers run the digests of two days of one user at the same time: the
    first locks the waiting notifications while it mails them, the second then finds none."""
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent deliveries in threads need PostgreSQL; SQLite's single writer serialises them.")
    user = digest_user()
    for day in (4, 5):
        with time_machine.travel(at(day, 9), tick=False):
            send([user], key=f"day-{day}")
    first, second = DailyDigest.objects.order_by("day")
    sending = threading.Event()
    real_send_mail = services.send_mail

    def slow_send_mail(*args, **kwargs):
        sending.set()
        time.sleep(0.5)  # holds the locks while the other digest tries to collect
        return real_send_mail(*args, **kwargs)

    monkeypatch.setattr(services, "send_mail", slow_send_mail)
    outcomes = {}

    def runner(job):
        try:
            outcomes[job.day.day] = scheduler.run_one(DIGEST_JOB, job.pk, now=at(7, 9))
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(first,))]
    threads[0].start()
    assert sending.wait(10)
    threads.append(threading.Thread(target=runner, args=(second,)))
    threads[1].start()
    for thread in threads:
        thread.join()
    assert outcomes == {5: "sent", 6: "empty"}
    (digest,) = mail.outbox
    assert "Ringkasan harian: 2 kabar baru" in digest.subject
