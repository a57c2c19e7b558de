"""Cooperation reminders become core scheduled jobs.

sent_at becomes done_at, keeping the outcome the old dispatcher wrote ("sent" where it wrote none).
A row claimed but never handled (its worker died between the claim and the send) is opened again,
so the scheduler's next scan sends it or closes it with the outcome that says why not. The
uniqueness now holds for pending rows only: a reminder that went out stays as it was when the due
date moves, and the new date gets a row of its own.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F


def forwards(apps, schema_editor):
    CooperationReminder = apps.get_model("cooperation", "CooperationReminder")
    handled = CooperationReminder.objects.filter(sent_at__isnull=False)
    handled.filter(outcome="").update(outcome="sent")
    handled.update(done_at=F("sent_at"))
    CooperationReminder.objects.filter(sent_at__isnull=True).update(claimed_at=None)


def backwards(apps, schema_editor):
    CooperationReminder = apps.get_model("cooperation", "CooperationReminder")
    # The old table held one row per milestone or agreement: keep the newest of each.
    newest = {}
    for pk, kind, milestone_id, agreement_id in CooperationReminder.objects.order_by("pk").values_list(
        "pk", "kind", "milestone_id", "agreement_id"
    ):
        newest[(kind, milestone_id if kind == "milestone_due" else agreement_id)] = pk
    CooperationReminder.objects.exclude(pk__in=list(newest.values())).delete()
    # Rows closed because the agreement ended or the milestone was done were deleted before.
    CooperationReminder.objects.filter(outcome__in=["agreement_closed", "milestone_done"]).delete()
    CooperationReminder.objects.filter(done_at__isnull=False).update(sent_at=F("done_at"), claimed_at=F("done_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="cooperationreminder", name="one_reminder_per_milestone"),
        migrations.RemoveConstraint(model_name="cooperationreminder", name="one_expiry_reminder_per_agreement"),
        migrations.RemoveIndex(model_name="cooperationreminder", name="coop_reminder_queue"),
        migrations.AddField(
            model_name="cooperationreminder",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="percobaan"),
        ),
        migrations.AddField(
            model_name="cooperationreminder",
            name="claim_token",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="cooperationreminder",
            name="done_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="selesai"),
        ),
        migrations.AddField(
            model_name="cooperationreminder",
            name="last_error",
            field=models.TextField(blank=True, verbose_name="galat terakhir"),
        ),
        migrations.AlterField(
            model_name="cooperationreminder",
            name="claimed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="cooperationreminder",
            name="due_at",
            field=models.DateTimeField(verbose_name="jatuh tempo"),
        ),
        migrations.AlterField(
            model_name="cooperationreminder",
            name="outcome",
            field=models.CharField(blank=True, max_length=20, verbose_name="hasil"),
        ),
        migrations.AlterField(
            model_name="cooperationreminder",
            name="agreement",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reminders",
                to="cooperation.agreement",
                verbose_name="Kerja sama",
            ),
        ),
        migrations.AlterField(
            model_name="cooperationreminder",
            name="kind",
            field=models.CharField(
                choices=[("milestone_due", "Tenggat tahapan"), ("agreement_expiry", "Kerja sama akan berakhir")],
                max_length=20,
                verbose_name="jenis",
            ),
        ),
        migrations.AlterField(
            model_name="cooperationreminder",
            name="milestone",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reminders",
                to="cooperation.milestone",
                verbose_name="tahapan",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="cooperationreminder", name="sent_at"),
        migrations.AddIndex(
            model_name="cooperationreminder",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True)), fields=["due_at"], name="coop_reminder_pending_due"
            ),
        ),
        migrations.AddConstraint(
            model_name="cooperationreminder",
            constraint=models.UniqueConstraint(
                condition=models.Q(("done_at__isnull", True), ("kind", "milestone_due")),
                fields=("milestone",),
                name="one_pending_reminder_per_milestone",
            ),
        ),
        migrations.AddConstraint(
            model_name="cooperationreminder",
            constraint=models.UniqueConstraint(
                condition=models.Q(("done_at__isnull", True), ("kind", "agreement_expiry")),
                fields=("agreement",),
                name="one_pending_expiry_reminder",
            ),
        ),
    ]
