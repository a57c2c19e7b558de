"""Official.last_active_at (reports.participation) against the live definition it replaces on the
dashboards: random registrations, check-ins, posts and reports, created, edited and deleted through
the services and the models' signals, over a moving clock."""

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db.models import Count
from django.utils import timezone

from forums import discussions
from forums.models import Network, Post, Thread
from meetings import services as meeting_services
from meetings.models import Meeting, Registration
from regions.models import Region
from reports import dashboards, participation
from reports import services as report_services
from reports.models import ActivityReport
from tests.active_officials import live_active_officials
from tests.factories import OfficialFactory, VillageFactory, region
from villages.models import Official

pytestmark = pytest.mark.django_db

CODES = ["33", "33.01", "33.01.18", "33.01.18.2001", "33.02", "33.02.01"]


def expected_last_active(official):
    """The stored value, worked out in Python from the rows."""
    times = [
        *Registration.objects.filter(user_id=official.user_id).values_list("created_at", flat=True),
        *Registration.objects.filter(user_id=official.user_id, checked_in_at__isnull=False).values_list(
            "checked_in_at", flat=True
        ),
        *Post.objects.filter(author_id=official.user_id).values_list("created_at", flat=True),
        *ActivityReport.objects.filter(created_by_id=official.user_id, village_id=official.village_id).values_list(
            "updated_at", flat=True
        ),
    ]
    return max(times, default=None)


def assert_agrees(now):
    for official in Official.objects.all():
        assert official.last_active_at == expected_last_active(official), official
    for code in CODES:
        for days in (0, 30, 89, 91, 200):
            at = now + timedelta(days=days)
            stored = set(dashboards.active_officials(code, at).values_list("pk", flat=True))
            assert stored == set(live_active_officials(code, at).values_list("pk", flat=True)), (code, days)


@pytest.fixture
def world(serang_village, caruy_village, regions):
    lumbir = VillageFactory(region=regions.filter(code__startswith="33.02.01.", level=4).first())
    villages = [serang_village, caruy_village, lumbir]
    officials = [OfficialFactory(village=v) for v in villages for _ in range(4)]
    # A person who moved: an ended position in Serang, the active one in Caruy. Reports they write
    # for Serang do not make them active in Caruy.
    mover = OfficialFactory(village=serang_village, status=Official.Status.ENDED)
    officials.append(OfficialFactory(village=caruy_village, user=mover.user))
    officials.append(OfficialFactory(village=lumbir, status=Official.Status.PENDING))
    network = Network.objects.create(name="Forum Cilacap", slug="forum-cilacap", cover_region=region("33"))
    return {"villages": villages, "officials": officials, "network": network}


def meeting_for(village, starts_at):
    return Meeting.objects.create(
        title="Rapat koordinasi",
        host_village=village,
        audience_kind="region",
        audience_region=region("33"),
        status="scheduled",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )


ACTIONS = {
    "meeting": 1,
    "register": 6,
    "cancel": 1,
    "attendance": 3,
    "check in": 2,
    "unregister": 1,
    "drop meeting": 0.3,
    "post": 5,
    "edit post": 1,
    "drop post": 1,
    "report": 3,
    "review": 4,
    "drop report": 1.5,
}


def step(rng, world, now, action=None):
    """One random change (or the one named) through a service or a model's save or delete;
    returns its name, or None when there was nothing to change."""
    officials = list(Official.objects.filter(pk__in=[o.pk for o in world["officials"]]).select_related("village"))
    active = [o for o in officials if o.status == Official.Status.ACTIVE]
    person = rng.choice(officials)
    action = action or rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
    meetings = list(Meeting.objects.all())
    registrations = list(Registration.objects.select_related("meeting", "user"))
    posts = list(Post.objects.all())
    reports = list(ActivityReport.objects.all())
    if action == "meeting":
        meeting_for(rng.choice(world["villages"]), now + timedelta(days=rng.randint(1, 60)))
    elif action == "register":
        official = rng.choice(active)
        open_meetings = [m for m in meetings if m.registration_open(now)]
        meeting = rng.choice(open_meetings) if open_meetings else meeting_for(official.village, now + timedelta(days=9))
        meeting_services.register(meeting, official.user)
    elif action == "cancel" and registrations:
        registration = rng.choice(registrations)
        meeting_services.cancel_registration(registration.meeting, registration.user)
    elif action == "attendance" and registrations:
        # The organisers' list: bulk UPDATEs that set and clear check-ins.
        meeting = rng.choice(registrations).meeting
        ids = list(meeting.registrations.active().values_list("pk", flat=True))
        meeting_services.mark_attendance(meeting, rng.sample(ids, rng.randint(0, len(ids))))
    elif action == "check in" and registrations:
        registration = rng.choice(registrations)
        registration.attended = True
        registration.checked_in_at = registration.checked_in_at or timezone.now()
        registration.save(update_fields=["attended", "checked_in_at"])
    elif action == "unregister" and registrations:
        rng.choice(registrations).delete()
    elif action == "drop meeting" and meetings:
        rng.choice(meetings).delete()  # its registrations go with it
    elif action == "post":
        threads = list(Thread.objects.all())
        if threads and rng.random() < 0.7:
            discussions.add_reply(rng.choice(threads), person.user, "Setuju, kami juga.")
        else:
            discussions.start_thread(world["network"], person.user, "Bank sampah", "Bagaimana memulainya?")
    elif action == "edit post" and posts:
        post = rng.choice(posts)
        discussions.edit_post(post, post.body + " (diperbarui)")
    elif action == "drop post" and posts:
        if rng.random() < 0.8:
            rng.choice(posts).delete()
        else:
            rng.choice(list(Thread.objects.all())).delete()  # its posts go with it
    elif action == "report":
        village = rng.choice([person.village, person.village, *world["villages"]])
        period = date(2025 + rng.randint(0, 2), rng.randint(1, 12), 1)
        if not ActivityReport.objects.filter(village=village, period_start=period).exists():
            ActivityReport.objects.create(
                village=village,
                frequency="monthly",
                period_start=period,
                period_end=period + timedelta(days=27),
                due_on=period + timedelta(days=40),
                created_by=person.user if rng.random() < 0.9 else None,
            )
    elif action == "review" and reports:
        # Editing saves the row; the reviewers' transitions are bulk UPDATEs of status and updated_at.
        report = rng.choice(reports)
        if report.is_editable and rng.random() < 0.4:
            report_services.save_report(report, {"narrative": "Kegiatan berjalan."}, user=person.user)
        elif report.status in ActivityReport.OPEN_STATUSES:
            report_services.submit_report(report, actor=person.user)
        elif report.status in ActivityReport.WAITING_STATUSES and not report.is_two_step:
            if rng.random() < 0.5:
                report_services.return_report(report, actor=person.user, comment="Lengkapi.")
            else:
                report_services.approve_report(report, actor=person.user)
    elif action == "drop report" and reports:
        rng.choice(reports).delete()
    else:
        return None
    return action


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stored_value_follows_every_change(world, seed):
    rng = random.Random(seed)
    now = datetime(2026, 1, 5, 3, tzinfo=UTC)
    done = Counter()
    # Random changes, then each kind once more so every one is exercised whatever the seed.
    for action in [None] * 100 + list(ACTIONS):
        now += timedelta(days=rng.choice([0, 0, 1, 2, 5, 10, 30, 95]), minutes=rng.randint(1, 600))
        with time_machine.travel(now, tick=False):
            done[step(rng, world, now, action)] += 1
        assert_agrees(now)
    assert set(ACTIONS) <= set(done), done
    assert Registration.objects.filter(checked_in_at__isnull=False).exists() and Post.objects.exists()
    assert Official.objects.filter(last_active_at__isnull=False).exists()
    # The full rebuild (bulk imports, the migration) finds the same values.
    before = dict(Official.objects.values_list("pk", "last_active_at"))
    Official.objects.update(last_active_at=None)
    assert participation.rebuild() == sum(1 for at in before.values() if at)
    assert dict(Official.objects.values_list("pk", "last_active_at")) == before


def test_a_report_for_another_village_does_not_count(world):
    serang, caruy, _lumbir = world["villages"]
    mover = Official.objects.get(village=caruy, user__positions__village=serang)
    ActivityReport.objects.create(
        village=serang,
        frequency="monthly",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 31),
        due_on=date(2026, 2, 10),
        created_by=mover.user,
    )
    mover.refresh_from_db()
    ended = Official.objects.get(village=serang, user=mover.user)
    assert mover.last_active_at is None and ended.last_active_at is not None
    now = timezone.now()
    assert not dashboards.active_officials("33.01.18", now).filter(pk=mover.pk).exists()
    # Once they take part themselves, their Caruy position counts.
    discussions.start_thread(world["network"], mover.user, "Halo", "Salam kenal.")
    assert dashboards.active_officials("33.01.18", now).filter(pk=mover.pk).exists()


def test_a_new_position_starts_from_the_persons_history(world):
    serang, caruy, _lumbir = world["villages"]
    official = world["officials"][0]
    discussions.start_thread(world["network"], official.user, "Halo", "Salam kenal.")
    Official.objects.filter(pk=official.pk).update(status=Official.Status.ENDED)
    moved = OfficialFactory(village=caruy, user=official.user)
    moved.refresh_from_db()
    assert moved.last_active_at == Post.objects.get(author=official.user).created_at


def test_dashboard_rows_match_the_live_count(world):
    rng = random.Random(7)
    now = timezone.now()
    for _ in range(40):
        step(rng, world, now)
    for code in ("33.01", "33.01.18", "33"):
        board = dashboards.region_dashboard(
            Region.objects.get(code=code), date(2026, 1, 1), date(2026, 12, 31), now=now
        )
        group = dashboards._group_path(board.region, "village")
        live = {
            row[group]: row["n"]
            for row in live_active_officials(code, now).values(group).annotate(n=Count("user_id", distinct=True))
        }
        assert {row["key"]: row["active_officials"] for row in board.rows if row["active_officials"]} == live
        assert sum(live.values()) > 0
