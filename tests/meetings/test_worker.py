"""A real Celery worker, through the configured broker, runs core's scheduler and sends the
reminder mail: once with the scheduler's task sent by hand, once with a real Celery beat scheduling it.
(tests/workers.py says which database and broker they share with the test.)"""

import time
import uuid
from datetime import timedelta

import pytest

from tests.workers import run, start_celery, stop, worker_env

pytestmark = pytest.mark.slow


def seed():
    """A training in Cipari starting in 30 minutes with one registered official whose 1-hour
    reminder is overdue (as after a worker outage). Returns the meeting's pk."""
    from django.core.management import call_command
    from django.utils import timezone

    from meetings import services
    from meetings.models import Meeting
    from tests.factories import OfficialFactory, StaffRoleFactory, VillageFactory, region
    from tests.meetings.conftest import ensure_positions
    from villages.models import Position

    ensure_positions()
    if not region_exists("33.01.18.2006"):
        call_command("import_regions", only=["33.01.18"], verbosity=0)
    village = VillageFactory(region=region("33.01.18.2006"))
    official = OfficialFactory(
        village=village, position=Position.objects.get(code="SEKDES"), user__email="worker.sekdes@contoh.id"
    )
    camat = StaffRoleFactory(region=region("33.01.18")).user
    start = timezone.now() + timedelta(minutes=30)
    meeting = Meeting.objects.create(
        title="Pelatihan lewat worker",
        host_region=region("33.01.18"),
        audience_kind="villages",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Aula Kecamatan",
    )
    meeting.organisers.add(camat)
    meeting.audience_villages.add(village)
    # Registered long ago: the 1-hour reminder came due 30 minutes ago.
    import time_machine

    with time_machine.travel(start - timedelta(days=2)):
        services.register(meeting, official.user)
    return meeting.pk


def region_exists(code):
    from regions.models import Region

    return Region.objects.filter(code=code).exists()


@pytest.fixture
def celery_env(tmp_path):
    """Environment for worker and beat subprocesses sharing this test's database and broker."""
    return worker_env(tmp_path, "tests.meetings.test_worker:seed")


def sent_reminder_mail(mail_dir, seconds):
    """The text of the mails written to the file backend within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        mails = list(mail_dir.glob("*.log")) if mail_dir.exists() else []
        text = "".join(p.read_text() for p in mails)
        if "text/calendar" in text:
            return text
        time.sleep(0.3)
    return ""


def assert_reminder(text):
    assert "worker.sekdes@contoh.id" in text
    assert "Pelatihan lewat worker" in text and "WIB" in text
    assert "text/calendar" in text


@pytest.mark.django_db(transaction=True)
def test_worker_sends_due_reminder(tmp_path, celery_env):
    queue = f"test-{uuid.uuid4().hex[:12]}"
    worker = start_celery(
        ["worker", "--queues", queue, "--pool", "solo", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        celery_env,
    )
    try:
        sent = run(
            [
                "manage.py",
                "shell",
                "-c",
                "from core.tasks import run_due_jobs;"
                f"result = run_due_jobs.apply_async(queue='{queue}').get(timeout=90);"
                "print('RESULT', result['meetings.reminder']['sent'])",
            ],
            celery_env,
        )
        assert sent.returncode == 0, sent.stderr
        assert "RESULT 1" in sent.stdout
        assert_reminder(sent_reminder_mail(tmp_path / "mail", 20))
    finally:
        stop(worker)


@pytest.mark.django_db(transaction=True)
def test_beat_schedules_the_scan_and_the_worker_sends(tmp_path, celery_env):
    # Beat's own schedule (every scan, shortened to 2 s) on the default queue; the worker takes
    # it from the broker. On Redis, CI's test database number keeps this queue to itself.
    env = {**celery_env, "SCAN_INTERVAL_SECONDS": "2"}
    worker = start_celery(
        ["worker", "--pool", "solo", "--without-heartbeat", "--without-mingle", "--without-gossip"], env
    )
    beat = start_celery(["beat", "--schedule", str(tmp_path / "beat-schedule")], env)
    try:
        assert_reminder(sent_reminder_mail(tmp_path / "mail", 90))
    finally:
        stop(beat)
        stop(worker)
