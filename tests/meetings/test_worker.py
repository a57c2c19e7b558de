"""A real Celery worker, through the configured broker, runs core's scheduler and sends the
reminder mail: once with the scheduler's task sent by hand, once with a real Celery beat scheduling it.
Their database is the test database on PostgreSQL, or a file database prepared in a subprocess
on SQLite (the test run's own SQLite database lives in memory, out of the workers' reach)."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection

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


def run(args, env, timeout=120):
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def celery_env(tmp_path):
    """Environment for worker and beat subprocesses sharing this test's database and broker."""
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DEBUG": "1",
    }
    env.pop("EMAIL_URL", None)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db["USER"] or "postgres"
        auth = f"{user}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{user}@"
        env["DATABASE_URL"] = f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        seed()
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        for args in (
            ["manage.py", "migrate", "--no-input", "-v0"],
            ["manage.py", "shell", "-c", "from tests.meetings.test_worker import seed; seed()"],
        ):
            done = run(args, env, timeout=300)
            assert done.returncode == 0, done.stderr
    if not os.environ.get("REDIS_URL"):
        # The filesystem transport's folders under this test's VAR_DIR, shared by sender and worker.
        for sub in ("queue", "processed", "results", "control"):
            (tmp_path / "celery" / sub).mkdir(parents=True, exist_ok=True)
    return env


def start_celery(args, env):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "forumdesa", *args, "--loglevel", "INFO"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process):
    process.terminate()
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    print(output)


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
