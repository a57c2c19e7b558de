"""The stored monthly activity rows equal the live counts after any mix of changes."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetings import services as meeting_services
from meetings.models import Meeting, Registration
from regions.models import Region
from reports import activity, dashboards
from reports.models import ActivityReport, VillageActivityMonth
from tests.factories import OfficialFactory, VillageFactory, region

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
FIRST, LAST = date(2025, 1, 1), date(2025, 12, 31)
TODAY = date(2026, 1, 20)
LATER = datetime(2030, 1, 1, tzinfo=WIB)


def live(code):
    """The dashboard's live counts per village over the whole year."""
    sources = dashboards._live_figures(code, FIRST, LAST, TODAY, LATER)
    villages = {pk for source in sources for pk in source}
    return {
        pk: {name: sum(s.get(pk, {}).get(name, 0) for s in sources) for name in dashboards.VILLAGE_FIGURES}
        for pk in villages
    }


def stored(code):
    return {
        pk: {name: figures[name] for name in dashboards.VILLAGE_FIGURES}
        for pk, figures in activity.stored_figures(code, FIRST, LAST, TODAY).items()
    }


def nonzero(figures):
    return {pk: f for pk, f in figures.items() if any(f.values())}


def random_data(rng, villages, officials):
    meetings = []
    for _ in range(25):
        # Around month ends too, where WIB and UTC disagree about the month.
        day = FIRST + timedelta(days=rng.randrange(365))
        starts = datetime(day.year, day.month, day.day, rng.choice([0, 6, 23]), tzinfo=WIB)
        meetings.append(
            Meeting.objects.create(
                title="Rapat",
                host_village=rng.choice(villages),
                audience_kind="region",
                status=rng.choice(["scheduled", "scheduled", "cancelled"]),
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
            )
        )
    for m in meetings:
        for official in rng.sample(officials, rng.randrange(len(officials))):
            Registration.objects.create(
                meeting=m,
                user=official.user,
                village=official.village,
                position_name="x",
                status=rng.choice(["registered", "registered", "cancelled"]),
                attended=rng.random() < 0.5,
            )
    for village in villages:
        for month in rng.sample(range(1, 13), 4):
            status = rng.choice(["draft", "submitted", "approved", "returned"])
            ActivityReport.objects.create(
                village=village,
                frequency="monthly",
                period_start=date(2025, month, 1),
                period_end=date(2025, month, 28),
                due_on=date(2025, month, 28) + timedelta(days=rng.choice([10, 400])),
                status=status,
                submitted_at=None if status == "draft" else LATER,
            )
    return meetings


def mutate(rng, meetings, villages):
    """What the services and the admin do: cancel, move, re-host, take attendance, review, delete."""
    for m in rng.sample(meetings, 4):
        if m.status == "scheduled":
            meeting_services.cancel_meeting(m, actor=None)
    for m in rng.sample(meetings, 4):
        m = Meeting.objects.get(pk=m.pk)
        m.starts_at += timedelta(days=rng.choice([-40, 20, 75]))
        m.ends_at = m.starts_at + timedelta(hours=1)
        m.save()
    for m in rng.sample(meetings, 3):
        m = Meeting.objects.get(pk=m.pk)
        m.host_village = rng.choice(villages)
        m.save()
    for m in rng.sample(meetings, 4):
        ids = list(m.registrations.values_list("pk", flat=True))
        meeting_services.mark_attendance(m, rng.sample(ids, len(ids) // 2))
    for registration in Registration.objects.order_by("?")[:5]:
        registration.attended = not registration.attended
        registration.save()
    for registration in Registration.objects.order_by("?")[:3]:
        registration.delete()
    for report in ActivityReport.objects.exclude(status="approved").order_by("?")[:6]:
        report.status = rng.choice(["draft", "approved", "returned"])
        report.save()
    ActivityReport.objects.exclude(status="approved").order_by("?").first().delete()
    Meeting.objects.filter(pk=rng.choice(meetings).pk).first().delete()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stored_rows_equal_the_live_counts_after_changes(regions, seed, monkeypatch):
    monkeypatch.setattr(meeting_services, "notify", lambda *a, **k: None)
    rng = random.Random(seed)
    kecamatan = "33.01.18"
    places = list(Region.objects.filter(parent__code=kecamatan).order_by("code")[:5])
    villages = [VillageFactory(region=p) for p in places]
    officials = [OfficialFactory(village=rng.choice(villages)) for _ in range(8)]
    meetings = random_data(rng, villages, officials)
    assert nonzero(stored(kecamatan)) == nonzero(live(kecamatan))
    assert VillageActivityMonth.objects.exists()
    mutate(rng, meetings, villages)
    assert VillageActivityMonth.objects.filter(stale=True).exists()
    assert nonzero(stored(kecamatan)) == nonzero(live(kecamatan))
    assert not VillageActivityMonth.objects.filter(stale=True).exists()
    # A full rebuild (after a bulk import) finds the same, and the kabupaten sums its kecamatan.
    activity.rebuild(FIRST, LAST)
    assert nonzero(stored(kecamatan)) == nonzero(live(kecamatan))
    assert nonzero(stored("33.01")) == nonzero(live("33.01"))


def test_dashboard_reads_the_stored_months_and_counts_the_current_one_live(serang_village):
    OfficialFactory(village=serang_village)
    now = datetime(2026, 6, 15, 12, tzinfo=WIB)
    for day in (date(2026, 3, 5), date(2026, 6, 2), date(2026, 6, 20)):  # the last is still to come
        starts = datetime(day.year, day.month, day.day, 9, tzinfo=WIB)
        Meeting.objects.create(
            title="Rapat",
            host_village=serang_village,
            audience_kind="region",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
        )
    board = dashboards.region_dashboard(
        region("33.01.18"), date(2026, 1, 1), date(2026, 6, 30), today=now.date(), now=now
    )
    row = next(r for r in board.rows if r["key"] == serang_village.pk)
    assert row["meetings"] == 2
    march = VillageActivityMonth.objects.get(village=serang_village, month=date(2026, 3, 1))
    assert (march.meetings, march.stale) == (1, False)
