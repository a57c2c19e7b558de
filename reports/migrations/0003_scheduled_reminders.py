"""Report reminders become core scheduled jobs.

sent_at becomes done_at with outcome "sent". A row the old dispatcher claimed but never sent
(a worker that died between the claim and the send, or a reminder it closed because the report
was submitted or the overdue one said everything) is opened again: the scheduler's next scan
sends it, or closes it with the outcome that says why not.
"""

from django.db import migrations, models
from django.db.models import F


def forwards(apps, schema_editor):
    ReportReminder = apps.get_model("reports", "ReportReminder")
    ReportReminder.objects.filter(sent_at__isnull=False).update(done_at=F("sent_at"), outcome="sent")
    ReportReminder.objects.filter(sent_at__isnull=True).update(claimed_at=None)


def backwards(apps, schema_editor):
    ReportReminder = apps.get_model("reports", "ReportReminder")
    # The old dispatcher took a claimed row for handled, sent or not.
    ReportReminder.objects.filter(outcome="sent").update(sent_at=F("done_at"), claimed_at=F("done_at"))
    ReportReminder.objects.filter(done_at__isnull=False).exclude(outcome="sent").update(claimed_at=F("done_at"))
    ReportReminder.objects.filter(done_at__isnull=True).update(claimed_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_point_at_moved_models"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="reportreminder", name="report_reminder_due"),
        migrations.AddField(
            model_name="reportreminder",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="percobaan"),
        ),
        migrations.AddField(
            model_name="reportreminder",
            name="claim_token",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="reportreminder",
            name="done_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="selesai"),
        ),
        migrations.AddField(
            model_name="reportreminder",
            name="last_error",
            field=models.TextField(blank=True, verbose_name="galat terakhir"),
        ),
        migrations.AddField(
            model_name="reportreminder",
            name="outcome",
            field=models.CharField(blank=True, max_length=20, verbose_name="hasil"),
        ),
        migrations.AlterField(
            model_name="reportreminder",
            name="claimed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="reportreminder",
            name="due_at",
            field=models.DateTimeField(verbose_name="jatuh tempo"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="reportreminder", name="sent_at"),
        migrations.AddIndex(
            model_name="reportreminder",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True)), fields=["due_at"], name="report_reminder_pending_due"
            ),
        ),
    ]
