"""Report and cooperation reminders written by the old dispatchers keep their meaning on core's
scheduler: a sent one is done with outcome "sent" at the time it went out, and one that was
claimed but never sent (its worker died between the claim and the send) is pending again, so
the next scan delivers it. Migrating back restores sent_at.
"""

import datetime

import pytest

from cooperation.models import Agreement, CooperationReminder, Milestone
from core import scheduler
from reports.models import ActivityReport, ReportReminder
from tests.factories import UserFactory, VillageFactory
from tests.migrations.steps import latest, migrate

BEFORE = [("reports", "0002_point_at_moved_models"), ("cooperation", "0001_initial")]
AT = datetime.datetime(2026, 5, 7, 1, 0, tzinfo=datetime.UTC)


@pytest.fixture
def rows(serang):
    """A report and an agreement with a milestone, made at the latest schema (their tables do not
    change in these migrations)."""
    village = VillageFactory(region=serang)
    report = ActivityReport.objects.create(
        village=village,
        frequency="monthly",
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 4, 30),
        due_on=datetime.date(2026, 5, 10),
    )
    agreement = Agreement.objects.create(
        title="Air bersih",
        field="pelayanan",
        scope="Air bersih untuk dua desa",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        status="active",
        lead_village=village,
        created_by=UserFactory(),
    )
    milestone = Milestone.objects.create(agreement=agreement, title="Pipa", due_on=datetime.date(2026, 6, 10))
    return report, agreement, milestone


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_sent_reminders_are_done_and_claimed_unsent_ones_pending_again(rows):
    report, agreement, milestone = rows
    try:
        old = migrate(BEFORE)
        old_report_reminder = old.get_model("reports", "ReportReminder")
        sent = old_report_reminder.objects.create(
            report_id=report.pk, kind="before_due", due_at=AT, claimed_at=AT, sent_at=AT
        )
        lost = old_report_reminder.objects.create(
            report_id=report.pk, kind="overdue", due_at=AT, claimed_at=AT + datetime.timedelta(days=4)
        )
        old_coop_reminder = old.get_model("cooperation", "CooperationReminder")
        coop_sent = old_coop_reminder.objects.create(
            agreement_id=agreement.pk, kind="agreement_expiry", due_at=AT, claimed_at=AT, sent_at=AT, outcome="sent"
        )
        coop_lost = old_coop_reminder.objects.create(
            agreement_id=agreement.pk, milestone_id=milestone.pk, kind="milestone_due", due_at=AT, claimed_at=AT
        )

        migrate(latest())

        sent, lost = ReportReminder.objects.get(pk=sent.pk), ReportReminder.objects.get(pk=lost.pk)
        assert (sent.done_at, sent.outcome, sent.attempts) == (AT, "sent", 0)
        assert (lost.done_at, lost.outcome, lost.claimed_at) == (None, "", None)
        coop_sent = CooperationReminder.objects.get(pk=coop_sent.pk)
        coop_lost = CooperationReminder.objects.get(pk=coop_lost.pk)
        assert (coop_sent.done_at, coop_sent.outcome) == (AT, "sent")
        assert (coop_lost.done_at, coop_lost.outcome, coop_lost.claimed_at) == (None, "", None)
        # The scheduler can claim the reopened rows at once, and only those.
        assert list(ReportReminder.objects.filter(scheduler._claimable(AT)).values_list("pk", flat=True)) == [lost.pk]
        assert list(CooperationReminder.objects.filter(scheduler._claimable(AT)).values_list("pk", flat=True)) == [
            coop_lost.pk
        ]

        old = migrate(BEFORE)
        back = old.get_model("reports", "ReportReminder").objects
        assert back.get(pk=sent.pk).sent_at == AT and back.get(pk=lost.pk).sent_at is None
        coop_back = old.get_model("cooperation", "CooperationReminder").objects
        assert coop_back.get(pk=coop_sent.pk).sent_at == AT and coop_back.get(pk=coop_lost.pk).sent_at is None
    finally:
        migrate(latest())
