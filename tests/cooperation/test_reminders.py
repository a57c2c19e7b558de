"""Reminders are rows with a due time that core's scheduler claims with an expiring compare-and-set
and sends once, with each event's own mail."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from cooperation import services as services
from cooperation.models import CooperationReminder, Milestone
from core.models import Delivery
from core.scheduler import claim_timeout
from notifications.models import Notification
from tests.cooperation.test_lifecycle import coop, make_agreement  # noqa: F401 - fixture

# Serang is in WIB (UTC+7): 08.00 WIB three days before 10 June 2026 is 01.00 UTC on 7 June.
DUE_ON = date(2026, 6, 10)
REMIND_AT = datetime(2026, 6, 7, 1, 0, tzinfo=UTC)


@pytest.fixture
def running(coop):  # noqa: F811
    agreement = make_agreement(coop)
    milestone = Milestone.objects.create(agreement=agreement, title="Pelatihan pengemasan", due_on=DUE_ON)
    services.propose(agreement, coop["serang_mgr"])
    services.confirm(agreement.parties.get(village=coop["cirahab"]), coop["cirahab_mgr"])
    agreement.refresh_from_db()
    assert agreement.status == "active"
    return agreement, milestone


def milestone_reminder(milestone):
    return CooperationReminder.objects.get(kind="milestone_due", milestone=milestone)


def scan(at):
    """A scheduler run at `at` (the runner reads the clock) for the cooperation reminders alone."""
    with time_machine.travel(at, tick=False):
        return services.send_due_reminders()


def reminder_notes():
    return Notification.objects.filter(key__startswith="coop-reminder:milestone:")


def test_activation_schedules_reminders_in_the_villages_morning(running):
    agreement, milestone = running
    assert milestone_reminder(milestone).due_at == REMIND_AT
    expiry = CooperationReminder.objects.get(kind="agreement_expiry", agreement=agreement)
    # 30 days before 31 December 2027, 08.00 WIB.
    assert expiry.due_at == datetime(2027, 12, 1, 1, 0, tzinfo=UTC)


def test_nothing_is_scheduled_before_the_agreement_runs(coop):  # noqa: F811
    agreement = make_agreement(coop)
    Milestone.objects.create(agreement=agreement, title="Survei", due_on=DUE_ON)
    services.save_milestone(Milestone(agreement=agreement, title="Rapat", due_on=DUE_ON))
    assert not CooperationReminder.objects.exists()


def test_sent_once_when_due_to_every_party_manager(running, coop, django_capture_on_commit_callbacks, mailoutbox):  # noqa: F811
    _agreement, milestone = running
    assert scan(REMIND_AT - timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert scan(REMIND_AT) == 1
        assert scan(REMIND_AT + timedelta(minutes=1)) == 0
    assert {n.recipient for n in reminder_notes()} == {coop["serang_mgr"], coop["cirahab_mgr"]}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([coop["serang_mgr"].email, coop["cirahab_mgr"].email])
    assert "Pelatihan pengemasan" in mailoutbox[0].subject
    reminder = milestone_reminder(milestone)
    assert reminder.done_at == REMIND_AT and reminder.outcome == "sent"


def test_a_claimed_row_is_left_to_its_claimant(running):
    _agreement, milestone = running
    # Another worker claimed it a moment ago: this scan must not send it as well.
    CooperationReminder.objects.filter(milestone=milestone).update(claimed_at=REMIND_AT, claim_token=uuid.uuid4())
    assert scan(REMIND_AT + timedelta(minutes=1)) == 0
    assert not reminder_notes().exists()
    # That worker died: after the claim expires the next scan takes the row over.
    assert scan(REMIND_AT + claim_timeout() + timedelta(minutes=1)) == 1


def test_a_scan_missed_while_beat_was_down_catches_up(running):
    assert scan(REMIND_AT + timedelta(days=2)) == 1


def test_no_reminder_once_the_due_date_passed_the_milestone_is_done_or_the_agreement_ended(running, coop):  # noqa: F811
    agreement, milestone = running
    assert scan(datetime(2026, 6, 11, 1, 0, tzinfo=UTC)) == 0
    assert milestone_reminder(milestone).outcome == "past_due"

    other = services.save_milestone(Milestone(agreement=agreement, title="Pameran", due_on=date(2026, 8, 1)))
    other.status = Milestone.Status.DONE
    services.save_milestone(other)
    assert not CooperationReminder.objects.pending().filter(milestone=other).exists()
    assert CooperationReminder.objects.get(milestone=other).outcome == "milestone_done"

    third = services.save_milestone(Milestone(agreement=agreement, title="Evaluasi", due_on=date(2026, 9, 1)))
    services.terminate(agreement, coop["serang_mgr"], "Tidak ada dana")
    assert not CooperationReminder.objects.pending().filter(milestone=third).exists()
    assert CooperationReminder.objects.get(milestone=third).outcome == "agreement_closed"
    assert scan(datetime(2026, 8, 30, tzinfo=UTC)) == 0
    assert not reminder_notes().exists()


def test_moving_the_due_date_moves_the_unsent_reminder(client, running, coop):  # noqa: F811
    _agreement, milestone = running
    client.force_login(coop["cirahab_mgr"])
    with time_machine.travel(datetime(2026, 5, 1, tzinfo=UTC)):
        response = client.post(
            reverse("cooperation:milestone_edit", args=[milestone.pk]),
            {"title": milestone.title, "due_on": "2026-07-20", "status": "in_progress", "progress": "30"},
        )
    assert response.status_code == 302
    reminder = milestone_reminder(milestone)
    assert reminder.due_at == datetime(2026, 7, 17, 1, 0, tzinfo=UTC) and reminder.done_at is None
    assert scan(REMIND_AT) == 0
    assert CooperationReminder.objects.filter(milestone=milestone).count() == 1


def test_a_sent_reminder_is_armed_again_when_the_date_moves(running):
    _agreement, milestone = running
    scan(REMIND_AT)
    milestone.due_on = date(2026, 6, 30)
    services.save_milestone(milestone)
    assert scan(datetime(2026, 6, 27, 1, 0, tzinfo=UTC)) == 1
    # One notification per recipient per date: two dates, two each. The first row stays as it went out.
    assert reminder_notes().count() == 4
    assert list(CooperationReminder.objects.filter(milestone=milestone).values_list("due_at", "outcome")) == [
        (REMIND_AT, "sent"),
        (datetime(2026, 6, 27, 1, 0, tzinfo=UTC), "sent"),
    ]


def test_reminder_times_follow_the_lead_villages_zone(regions):
    from cooperation.models import Agreement, AgreementParty
    from regions.models import Region
    from tests.factories import OfficialFactory, VillageFactory
    from villages.models import Position

    sentani = VillageFactory(region=Region.objects.filter(code__startswith="91.03.01.").first())
    ubud = VillageFactory(region=Region.objects.filter(code__startswith="51.04.05.").first())
    kades = Position.objects.get(code="KADES")
    manager = OfficialFactory(village=sentani, position=kades).user
    other = OfficialFactory(village=ubud, position=kades).user
    agreement = services.start_agreement(
        Agreement(
            title="Ekowisata", field="lingkungan", scope="-", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
        ),
        manager,
        sentani,
    )
    AgreementParty.objects.create(agreement=agreement, village=ubud)
    Milestone.objects.create(agreement=agreement, title="Jalur", due_on=DUE_ON)
    services.propose(agreement, manager)
    services.confirm(agreement.parties.get(village=ubud), other)
    # 08.00 WIT (UTC+9) on 7 June.
    assert CooperationReminder.objects.get(kind="milestone_due").due_at == datetime(2026, 6, 6, 23, 0, tzinfo=UTC)


def test_reachable_by_beat_and_as_a_command(running, capsys):
    # Beat has one entry for all scheduled work; the old command and task stay for operators.
    assert "cooperation-reminders" not in settings.CELERY_BEAT_SCHEDULE
    entry = settings.CELERY_BEAT_SCHEDULE["scheduler"]
    assert entry["task"] == "core.tasks.run_due_jobs" and entry["schedule"] == 60.0
    with time_machine.travel(REMIND_AT + timedelta(minutes=1)):
        call_command("send_cooperation_reminders")
    assert "1 pengingat terkirim" in capsys.readouterr().out
    from cooperation.tasks import send_cooperation_reminders

    with time_machine.travel(REMIND_AT + timedelta(minutes=2)):
        assert send_cooperation_reminders.delay().get() == 0


def test_send_due_sends_them_with_the_events_own_mail(running, coop, mailoutbox, django_capture_on_commit_callbacks):  # noqa: F811
    agreement, _milestone = running
    with time_machine.travel(datetime(2027, 12, 1, 1, 5, tzinfo=UTC)), django_capture_on_commit_callbacks(execute=True):
        call_command("send_due")
    # The milestone's date has passed by then; the agreement's end is near.
    # (send_due also mails the notices of the agreement's earlier steps, which wait as jobs too.)
    reminders = [m for m in mailoutbox if "akan berakhir" in m.subject or "tenggat" in m.subject.lower()]
    assert len(reminders) == 2
    assert all("Kerja sama akan berakhir: " + agreement.title in m.subject for m in reminders)
    expiry = CooperationReminder.objects.get(kind="agreement_expiry")
    assert expiry.outcome == "sent" and expiry.attempts == 1
    assert Delivery.objects.filter(job=f"cooperation.cooperationreminder:{expiry.pk}").count() == 2
    assert milestone_reminder(_milestone).outcome == "past_due"


def test_admin_lists_what_the_scheduler_did_in_a_fixed_number_of_queries(client, running, django_assert_num_queries):
    from tests.factories import UserFactory

    agreement, milestone = running
    scan(REMIND_AT)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:cooperation_cooperationreminder_changelist")
    client.get(url)
    with django_assert_num_queries(7) as few:  # 2FA check of the admin included
        html = client.get(url).content.decode()
    for header in ("Selesai", "Hasil", "Percobaan"):
        assert header in html
    assert "sent" in html and milestone.title in html
    for i in range(10):
        services.save_milestone(Milestone(agreement=agreement, title=f"Tahap {i}", due_on=date(2026, 9, 1)))
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
