"""A worker killed in the middle of a batch loses nothing and sends nothing twice.

A real Celery worker (tests/workers.py: the test's database, Redis or the filesystem broker) starts
core's scheduler on a batch of due reminders, with a mail backend slow enough that the batch takes
a while. Once some deliveries are committed and others are not, the worker gets SIGKILL, the way a
machine dies. A new worker then takes the scans: the dead worker's claims expire
(SCHEDULER_CLAIM_TIMEOUT, 5 seconds here) and the next scans finish the batch. In the end every
recipient has exactly one delivery record and one notification for each reminder that went out.
"""

import os
import re
import signal
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import override_settings

from tests.workers import query, run, start_celery, stop, worker_env

pytestmark = pytest.mark.slow

MEETING_REGISTRANTS = 200
REPORT_MONTHS = 40
REPORT_MANAGERS = 5
MILESTONES = 50
PARTY_MANAGERS = 3  # in each of the two villages
FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
SEPARATOR = "-" * 79


def _cipari():
    from django.core.management import call_command

    from regions.models import Region
    from tests.meetings.conftest import ensure_positions

    ensure_positions()
    if not Region.objects.filter(code="33.01.18.2006").exists():
        call_command("import_regions", only=["33.01.18"], verbosity=0)


def _officials(village, code, count, prefix):
    from tests.factories import OfficialFactory
    from villages.models import Position

    position = Position.objects.get(code=code)
    return [
        OfficialFactory(village=village, position=position, user__email=f"{prefix}{i}@gangguan.test").user
        for i in range(count)
    ]


@FAST_HASHER
def seed_meeting():
    """A training starting in 30 minutes with 200 registered officials whose reminders are all due
    (registered two days ago: the 1-day reminder is superseded by the 1-hour one)."""
    import time_machine
    from django.utils import timezone

    from meetings import services
    from meetings.models import Meeting
    from tests.factories import StaffRoleFactory, VillageFactory, region

    _cipari()
    village = VillageFactory(region=region("33.01.18.2006"))
    users = _officials(village, "STAF", MEETING_REGISTRANTS, "peserta")
    start = timezone.now() + timedelta(minutes=30)
    meeting = Meeting.objects.create(
        title="Pelatihan pengemasan produk",
        host_region=region("33.01.18"),
        audience_kind="villages",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Aula Kecamatan Cipari",
    )
    meeting.organisers.add(StaffRoleFactory(region=region("33.01.18")).user)
    meeting.audience_villages.add(village)
    with time_machine.travel(start - timedelta(days=2)):
        for user in users:
            services.register(meeting, user)


def _month_start(day, months_back):
    year, month = divmod(day.year * 12 + day.month - 1 - months_back, 12)
    return date(year, month + 1, 1)


@FAST_HASHER
def seed_reports():
    """Serang with five managers and forty monthly reports never submitted, the newest for the
    period two months ago: each report's overdue reminder is due (its before-due one superseded)."""
    from django.utils import timezone

    from reports import services
    from reports.models import ActivityReport
    from tests.factories import VillageFactory, region

    _cipari()
    village = VillageFactory(region=region("33.01.18.2006"))
    _officials(village, "SEKDES", REPORT_MANAGERS, "pengelola")
    today = timezone.localdate()
    for back in range(2, 2 + REPORT_MONTHS):
        start = _month_start(today, back)
        end = _month_start(today, back - 1) - timedelta(days=1)
        report = ActivityReport.objects.create(
            village=village, frequency="monthly", period_start=start, period_end=end, due_on=end + timedelta(days=10)
        )
        services.create_reminders(report)


@FAST_HASHER
def seed_cooperation():
    """An active agreement between Serang and Caruy (three managers each) with fifty milestones
    whose reminders are due now."""
    from django.utils import timezone

    from cooperation import services
    from cooperation.models import Agreement, AgreementParty, CooperationReminder, Milestone
    from tests.factories import VillageFactory, region

    _cipari()
    serang = VillageFactory(region=region("33.01.18.2006"))
    caruy = VillageFactory(region=region("33.01.18.2001"))
    serang_managers = _officials(serang, "SEKDES", PARTY_MANAGERS, "serang")
    caruy_managers = _officials(caruy, "SEKDES", PARTY_MANAGERS, "caruy")
    today = timezone.localdate()
    agreement = services.start_agreement(
        Agreement(
            title="Pemasaran bersama",
            field=Agreement.Field.JOINT_VENTURE,
            scope="Pemasaran produk UMKM",
            starts_on=today - timedelta(days=30),
            ends_on=today + timedelta(days=365),
        ),
        serang_managers[0],
        serang,
    )
    party = AgreementParty.objects.create(agreement=agreement, village=caruy)
    for i in range(MILESTONES):
        Milestone.objects.create(agreement=agreement, title=f"Tahap {i + 1}", due_on=today + timedelta(days=10))
    services.propose(agreement, serang_managers[0])
    services.confirm(party, caruy_managers[0])
    # Three days before the due date is a week away: bring the reminders forward to now.
    CooperationReminder.objects.filter(kind=CooperationReminder.Kind.MILESTONE_DUE).update(
        due_at=timezone.now() - timedelta(minutes=1)
    )


@dataclass
class Case:
    seed: str
    table: str
    label: str
    tracked: str  # which of the seeded rows are due
    recipients: int  # per reminder that goes out
    sent: int
    closed: dict  # other outcomes of the tracked rows
    notice_key: str  # prefix of the notifications' keys


CASES = {
    "meeting": Case(
        seed="tests.core.test_worker_faults:seed_meeting",
        table="meetings_reminder",
        label="meetings.reminder",
        tracked="1 = 1",
        recipients=1,
        sent=MEETING_REGISTRANTS,
        closed={"superseded": MEETING_REGISTRANTS},
        notice_key="meeting-reminder:",
    ),
    "report": Case(
        seed="tests.core.test_worker_faults:seed_reports",
        table="reports_reportreminder",
        label="reports.reportreminder",
        tracked="1 = 1",
        recipients=REPORT_MANAGERS,
        sent=REPORT_MONTHS,
        closed={"superseded": REPORT_MONTHS},
        notice_key="report-reminder:",
    ),
    "cooperation": Case(
        seed="tests.core.test_worker_faults:seed_cooperation",
        table="villages_cooperationreminder",
        label="cooperation.cooperationreminder",
        tracked="kind = 'milestone_due'",
        recipients=2 * PARTY_MANAGERS,
        sent=MILESTONES,
        closed={},
        notice_key="coop-reminder:",
    ),
}


def delivered(env, case):
    return query(env, f"SELECT COUNT(*) FROM core_delivery WHERE job LIKE '{case.label}:%'")[0][0]


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    pytest.fail(f"still waiting for {what} after {seconds} s")


def reminder_mails(mail_dir):
    """{address: number of meeting reminder mails} written by the file backends."""
    counts = Counter()
    for path in mail_dir.glob("*.log") if mail_dir.exists() else []:
        for message in path.read_text().split(SEPARATOR):
            if "text/calendar" in message:
                counts.update(re.findall(r"^To: (\S+)$", message, flags=re.MULTILINE))
    return counts


@pytest.mark.parametrize("name", CASES)
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(tmp_path, name):
    case = CASES[name]
    env = worker_env(tmp_path, case.seed)
    # The notifications' own mail tasks go to a queue of this test's, emptied at the end, so that
    # they do not pile up on a shared Redis for the tests after this one.
    sink = f"faults-sink-{uuid.uuid4().hex[:12]}"
    env.update(
        SCHEDULER_CLAIM_TIMEOUT="5",
        EMAIL_BACKEND="tests.slow_mail.SlowFileEmailBackend",
        CELERY_TASK_DEFAULT_QUEUE=sink,
    )
    try:
        check_worker_faults(tmp_path, name, case, env)
    finally:
        run(["-m", "celery", "-A", "forumdesa", "purge", "--force", "--queues", sink], env)


def check_worker_faults(tmp_path, name, case, env):
    last_seeded = query(env, f"SELECT MAX(id) FROM {case.table}")[0][0]
    tracked = f"{case.table} WHERE id <= {last_seeded} AND {case.tracked}"
    total = case.sent * case.recipients

    # A worker on a queue of its own runs the scheduler once; it dies when part of the batch is out.
    queue = f"faults-{uuid.uuid4().hex[:12]}"
    doomed = start_celery(
        ["worker", "--queues", queue, "--pool", "solo", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        env,
    )
    try:
        sent = run(
            [
                "manage.py",
                "shell",
                "-c",
                f"from core.tasks import run_due_jobs; run_due_jobs.apply_async(queue='{queue}')",
            ],
            env,
        )
        assert sent.returncode == 0, sent.stderr
        wait_for(lambda: delivered(env, case) > 0, 240, "the first delivery")
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
    finally:
        if doomed.poll() is None:
            doomed.kill()
        stop(doomed)
    before = delivered(env, case)
    print(f"{name}: {before} of {total} deliveries committed when the worker died")
    assert 0 < before < total, f"the worker was to die mid-batch: {before} of {total} delivered"
    assert query(env, f"SELECT COUNT(*) FROM {tracked} AND done_at IS NULL AND claimed_at IS NOT NULL")[0][0]

    # A new worker, and scans sent to it the way beat sends them, one after the other: those after
    # the dead worker's claims expire finish the batch.
    rescue = f"faults-{uuid.uuid4().hex[:12]}"
    worker = start_celery(
        ["worker", "--queues", rescue, "--pool", "solo", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        env,
    )
    scan = f"from core.tasks import run_due_jobs; print(run_due_jobs.apply_async(queue='{rescue}').get(timeout=200))"
    try:
        deadline = time.monotonic() + 400
        while query(env, f"SELECT COUNT(*) FROM {tracked} AND done_at IS NULL")[0][0]:
            assert time.monotonic() < deadline, "still waiting for every reminder to be done"
            done = run(["manage.py", "shell", "-c", scan], env, timeout=240)
            assert done.returncode == 0, done.stderr
            time.sleep(1)
        if name == "meeting":
            addresses = [f"peserta{i}@gangguan.test" for i in range(MEETING_REGISTRANTS)]
            wait_for(lambda: set(reminder_mails(tmp_path / "mail")) >= set(addresses), 120, "every reminder mail")
    finally:
        stop(worker)

    outcomes = dict(query(env, f"SELECT outcome, COUNT(*) FROM {tracked} GROUP BY outcome"))
    assert outcomes == {"sent": case.sent, **case.closed}
    # Rows the dead worker had claimed were taken over once its claims expired.
    assert query(env, f"SELECT MAX(attempts) FROM {tracked}")[0][0] == 2

    sent_jobs = {f"{case.label}:{pk}" for (pk,) in query(env, f"SELECT id FROM {tracked} AND outcome = 'sent'")}
    per_job = query(
        env,
        "SELECT job, COUNT(*), COUNT(DISTINCT recipient_id) FROM core_delivery"
        f" WHERE job LIKE '{case.label}:%' GROUP BY job",
    )
    assert {job for job, _n, _people in per_job} == sent_jobs
    assert {(n, people) for _job, n, people in per_job} == {(case.recipients, case.recipients)}

    per_key = query(
        env,
        "SELECT key, COUNT(*), COUNT(DISTINCT recipient_id) FROM accounts_notification"
        f" WHERE key LIKE '{case.notice_key}%' GROUP BY key",
    )
    assert len(per_key) == case.sent
    assert {(n, people) for _key, n, people in per_key} == {(case.recipients, case.recipients)}
    delivered_to = query(env, f"SELECT DISTINCT recipient_id FROM core_delivery WHERE job LIKE '{case.label}:%'")
    noticed = query(env, f"SELECT DISTINCT recipient_id FROM accounts_notification WHERE key LIKE '{case.notice_key}%'")
    assert set(delivered_to) == set(noticed)

    if name == "meeting":
        mails = reminder_mails(tmp_path / "mail")
        assert set(mails) == set(addresses)
        # The one mail being written when the worker died may go out again; no other.
        assert sum(mails.values()) <= MEETING_REGISTRANTS + 1
