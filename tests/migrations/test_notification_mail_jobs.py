"""Mails the old notification tasks still owed become scheduler jobs when the migration runs.

Before it, a notification's email_state was also its claim: "pending" and "sending" (a worker took
it and may have died) waited for the mail, "digest" for the daily digest. The test migrates the
notifications app back, fills rows in every state through the historical models, migrates forward
and lets today's scheduler deliver them: each owed mail goes out once, a digest the beat missed
goes out at the first scan, and a digest not yet due waits for 06:00 WIB.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core import scheduler
from notifications.models import DailyDigest, Notification, NotificationEmail

BEFORE = [("notifications", "0001_initial")]
WIB = ZoneInfo("Asia/Jakarta")


def at(day, hour, minute=0):
    return datetime.datetime(2030, 3, day, hour, minute, tzinfo=WIB)


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    if executor.migration_plan(leaves):
        executor.migrate(leaves)


def fill(apps):
    user = apps.get_model("accounts", "User")
    notification = apps.get_model("notifications", "Notification")
    ani = user.objects.create(email="ani@migrasi.test", full_name="Ani Lestari", password="!")
    budi = user.objects.create(email="budi@migrasi.test", full_name="Budi Santoso", password="!")
    rows = {}
    for name, recipient, state, created_at in [
        ("pending", ani, "pending", at(5, 9, 30)),
        ("sending", budi, "sending", at(5, 9, 40)),
        ("sent", ani, "sent", at(3, 8)),
        ("skipped", budi, "skipped", at(5, 8)),
        # Ani's oldest waited for the digest of 4 March, which the beat missed.
        ("ani-digest-old", ani, "digest", at(4, 5)),
        ("ani-digest-new", ani, "digest", at(4, 9)),
        ("budi-digest", budi, "digest", at(5, 9)),
    ]:
        row = notification.objects.create(
            recipient=recipient,
            kind="discussions",
            key=name,
            title=f"Kabar {name}",
            body=f"Isi kabar {name}.",
            email_state=state,
            emailed_at=at(3, 8) if state == "sent" else None,
        )
        notification.objects.filter(pk=row.pk).update(created_at=created_at)
        rows[name] = row.pk
    return rows


@pytest.mark.django_db(transaction=True)
def test_owed_mails_and_digests_become_jobs_and_go_out_once():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        executor = MigrationExecutor(connection)
        old_apps = executor.loader.project_state(BEFORE).apps
        rows = fill(old_apps)

        executor.migrate(executor.loader.graph.leaf_nodes())
        assert not MigrationExecutor(connection).migration_plan(executor.loader.graph.leaf_nodes())

        emails = {job.notification.key: job for job in NotificationEmail.objects.select_related("notification")}
        assert sorted(emails) == ["pending", "sending"]
        assert emails["pending"].due_at == at(5, 9, 30) and emails["sending"].due_at == at(5, 9, 40)
        assert all(job.done_at is None and job.claimed_at is None for job in emails.values())
        # The interrupted send is owed again, like one never started.
        assert Notification.objects.get(pk=rows["sending"]).email_state == Notification.Email.PENDING
        assert Notification.objects.get(pk=rows["sent"]).emailed_at == at(3, 8)

        digests = {job.recipient.email: job for job in DailyDigest.objects.select_related("recipient")}
        assert digests["ani@migrasi.test"].due_at == at(4, 6)
        assert digests["ani@migrasi.test"].day == datetime.date(2030, 3, 4)
        assert digests["budi@migrasi.test"].due_at == at(6, 6)
        assert len(digests) == 2

        with time_machine.travel(at(5, 10), tick=False):
            assert scheduler.run_due() == {
                "notifications.dailydigest": {"sent": 1},
                "notifications.notificationemail": {"sent": 2},
            }
            assert scheduler.run_due() == {}
        assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
            ("ani@migrasi.test", "[ForumDesa] Kabar pending"),
            ("ani@migrasi.test", "[ForumDesa] Ringkasan harian: 2 kabar baru"),
            ("budi@migrasi.test", "[ForumDesa] Kabar sending"),
        ]
        digest = next(m for m in mail.outbox if "Ringkasan" in m.subject)
        assert "Kabar ani-digest-old" in digest.body and "Kabar ani-digest-new" in digest.body

        with time_machine.travel(at(6, 6), tick=False):
            assert scheduler.run_due() == {"notifications.dailydigest": {"sent": 1}}
        assert mail.outbox[-1].to == ["budi@migrasi.test"] and "Kabar budi-digest" in mail.outbox[-1].body
        assert len(mail.outbox) == 4
        assert set(Notification.objects.values_list("email_state", flat=True)) == {
            Notification.Email.SENT,
            Notification.Email.SKIPPED,
        }
    finally:
        migrate_to_latest()
