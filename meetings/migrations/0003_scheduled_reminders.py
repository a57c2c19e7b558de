"""Reminders become core scheduled jobs.

Reminder: sent_at becomes done_at (with outcome "sent" when a delivery was recorded), cancelled
rows are closed with outcome "cancelled", and a row claimed by the old dispatcher but never
delivered (its worker died between the claim and the send) is opened again, so the scheduler
sends it if its meeting has not started. ReminderDelivery rows move to core.Delivery.
ActionItem.reminded_at moves to one ActionItemReminder per item, due when the due date begins in
the meeting's zone.
"""

import datetime
import zoneinfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Coalesce
from django.utils import timezone

JOB = "meetings.reminder:"
BATCH = 2000


def reminders_forwards(apps, schema_editor):
    Reminder = apps.get_model("meetings", "Reminder")
    ReminderDelivery = apps.get_model("meetings", "ReminderDelivery")
    Delivery = apps.get_model("core", "Delivery")
    now = timezone.now()
    delivered = ReminderDelivery.objects.values("reminder_id")
    Reminder.objects.filter(pk__in=delivered).update(done_at=Coalesce("done_at", models.Value(now)), outcome="sent")
    Reminder.objects.filter(cancelled=True, outcome="").update(
        done_at=Coalesce("done_at", models.Value(now)), outcome="cancelled"
    )
    Reminder.objects.filter(done_at__isnull=False, outcome="").update(done_at=None)
    batch = []
    for d in ReminderDelivery.objects.order_by("pk").iterator(chunk_size=BATCH):
        batch.append(Delivery(job=f"{JOB}{d.reminder_id}", recipient_id=d.user_id, delivered_at=d.sent_at))
        if len(batch) == BATCH:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Delivery.objects.bulk_create(batch, ignore_conflicts=True)


def reminders_backwards(apps, schema_editor):
    Reminder = apps.get_model("meetings", "Reminder")
    ReminderDelivery = apps.get_model("meetings", "ReminderDelivery")
    Delivery = apps.get_model("core", "Delivery")
    Reminder.objects.filter(done_at__isnull=False).exclude(outcome="sent").update(done_at=None, cancelled=True)
    existing = set(Reminder.objects.values_list("pk", flat=True))
    rows = []
    for d in Delivery.objects.filter(job__startswith=JOB).iterator(chunk_size=BATCH):
        pk = int(d.job.removeprefix(JOB))
        if pk in existing:
            rows.append(ReminderDelivery(reminder_id=pk, user_id=d.recipient_id, sent_at=d.delivered_at))
    ReminderDelivery.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    Delivery.objects.filter(job__startswith=JOB).delete()


def action_items_forwards(apps, schema_editor):
    ActionItem = apps.get_model("meetings", "ActionItem")
    ActionItemReminder = apps.get_model("meetings", "ActionItemReminder")
    items = ActionItem.objects.select_related("meeting__host_village__region", "meeting__host_region")
    batch = []
    for item in items.iterator(chunk_size=BATCH):
        meeting = item.meeting
        place = meeting.host_village.region if meeting.host_village_id else meeting.host_region
        due_at = datetime.datetime.combine(item.due_date, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(place.timezone))
        sent = item.reminded_at is not None
        batch.append(
            ActionItemReminder(item=item, due_at=due_at, done_at=item.reminded_at, outcome="sent" if sent else "")
        )
        if len(batch) == BATCH:
            ActionItemReminder.objects.bulk_create(batch)
            batch = []
    ActionItemReminder.objects.bulk_create(batch)


def action_items_backwards(apps, schema_editor):
    ActionItem = apps.get_model("meetings", "ActionItem")
    ActionItemReminder = apps.get_model("meetings", "ActionItemReminder")
    for job in ActionItemReminder.objects.filter(outcome="sent").iterator(chunk_size=BATCH):
        ActionItem.objects.filter(pk=job.item_id).update(reminded_at=job.done_at)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_point_at_moved_models"),
        ("core", "0001_scheduler"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Reminder
        migrations.RemoveIndex(model_name="reminder", name="reminder_unsent_due"),
        migrations.RenameField(model_name="reminder", old_name="sent_at", new_name="done_at"),
        migrations.AlterField(
            model_name="reminder",
            name="done_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="selesai"),
        ),
        migrations.AlterField(
            model_name="reminder",
            name="due_at",
            field=models.DateTimeField(verbose_name="jatuh tempo"),
        ),
        migrations.AddField(
            model_name="reminder",
            name="claimed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="reminder",
            name="claim_token",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="reminder",
            name="outcome",
            field=models.CharField(blank=True, max_length=20, verbose_name="hasil"),
        ),
        migrations.AddField(
            model_name="reminder",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="percobaan"),
        ),
        migrations.AddField(
            model_name="reminder",
            name="last_error",
            field=models.TextField(blank=True, verbose_name="galat terakhir"),
        ),
        migrations.RunPython(reminders_forwards, reminders_backwards),
        migrations.RemoveField(model_name="reminder", name="cancelled"),
        migrations.AddField(
            model_name="reminder",
            name="cancelled",
            field=models.GeneratedField(
                db_persist=True, expression=models.Q(("outcome", "cancelled")), output_field=models.BooleanField()
            ),
        ),
        migrations.AddIndex(
            model_name="reminder",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True)), fields=["due_at"], name="reminder_pending_due"
            ),
        ),
        migrations.DeleteModel(name="ReminderDelivery"),
        # ActionItem
        migrations.CreateModel(
            name="ActionItemReminder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("due_at", models.DateTimeField(verbose_name="jatuh tempo")),
                ("claimed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("claim_token", models.UUIDField(blank=True, editable=False, null=True)),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="selesai")),
                ("outcome", models.CharField(blank=True, max_length=20, verbose_name="hasil")),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="percobaan")),
                ("last_error", models.TextField(blank=True, verbose_name="galat terakhir")),
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="reminder", to="meetings.actionitem"
                    ),
                ),
            ],
            options={
                "verbose_name": "pengingat tindak lanjut",
                "verbose_name_plural": "pengingat tindak lanjut",
                "indexes": [
                    models.Index(
                        condition=models.Q(("done_at__isnull", True)),
                        fields=["due_at"],
                        name="action_reminder_pending_due",
                    )
                ],
            },
        ),
        migrations.RunPython(action_items_forwards, action_items_backwards),
        migrations.RemoveField(model_name="actionitem", name="reminded_at"),
    ]
