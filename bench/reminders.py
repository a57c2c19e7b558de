"""Reminder throughput: many meeting reminders due at once, delivered by real Celery workers.

    DATABASE_URL=postgres://…/forumdesa_scale REDIS_URL=redis://…/15 .venv/bin/python bench/reminders.py \
        [--count 20000] [--workers 2] [--concurrency 2] [--scan 60] [--stale-stats] [--label national]

On a seeded database (seed_scale) it gives `count` registrations for meetings still to come one
reminder each, all due at the same moment a little more than one scan interval ahead, then starts
`workers` Celery workers (`concurrency` processes each) and Celery beat, the production way (DEBUG
off, the broker on Redis, mail to a dummy backend). It polls until every reminder is closed or
--timeout passes, and reports the delivery lag after the due time (p50/p95/max), the deliveries and
notifications per reminder (duplicates must be 0), the reminders left open or closed without
sending (losses must be 0) and the workers' memory. With --stale-stats the reminder table keeps the
planner statistics it had before the rows arrived (autovacuum off for the run, no ANALYZE).
Everything the run created is deleted at the end.
Writes bench/results/reminders-<label>.md and .json.
"""

import argparse
import contextlib
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forumdesa.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.models import Delivery  # noqa: E402
from meetings.models import Meeting, Registration, Reminder  # noqa: E402
from notifications.models import Notification  # noqa: E402

LEAD = 1  # minutes: the nearest lead there is, so no other reminder of a registration supersedes it


def rss_mb(root_pid):
    """Resident memory of each process in a process tree (a worker and its pool), in MB, largest first."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    sizes, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            pass
    return sorted(sizes, reverse=True) or [0.0]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else None


def create_reminders(count, due_at):
    now = timezone.now()
    rows = list(
        Registration.objects.filter(
            status=Registration.Status.REGISTERED,
            meeting__status=Meeting.Status.SCHEDULED,
            meeting__starts_at__gt=now + timedelta(hours=2),
        )
        .exclude(reminders__lead=LEAD)
        .order_by("pk")
        .values_list("pk", "meeting_id", "user_id")[:count]
    )
    if len(rows) < count:
        raise SystemExit(f"only {len(rows)} registrations for meetings to come: seed the database first")
    made = Reminder.objects.bulk_create(
        [Reminder(registration_id=r, meeting_id=m, user_id=u, lead=LEAD, due_at=due_at) for r, m, u in rows],
        batch_size=5000,
    )
    return [r.pk for r in made]


def cleanup(pks):
    keys = [f"meetings.reminder:{pk}" for pk in pks]
    notes = [f"meeting-reminder:{pk}" for pk in pks]
    for i in range(0, len(pks), 5000):
        Delivery.objects.filter(job__in=keys[i : i + 5000]).delete()
        Notification.objects.filter(key__in=notes[i : i + 5000]).delete()
    Reminder.objects.filter(pk__in=pks).delete()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2, help="processes per worker")
    parser.add_argument("--scan", type=float, default=None, help="beat interval, s (default: the setting)")
    parser.add_argument(
        "--lead-in",
        type=float,
        default=None,
        help="seconds from now to the due time (default: the scan interval + 30 s, so that a scan sees the "
        "reminders before they fall due, as it would the reminders of meetings registered for days ahead)",
    )
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--stale-stats", action="store_true")
    parser.add_argument("--label", default="national")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("run it on PostgreSQL (DATABASE_URL) with Redis (REDIS_URL)")

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "forumdesa.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    if args.scan:
        env["SCAN_INTERVAL_SECONDS"] = str(args.scan)
    from django.conf import settings

    scan = args.scan or settings.SCAN_INTERVAL_SECONDS
    celery = [str(ROOT / ".venv/bin/celery"), "-A", "forumdesa"]
    subprocess.run([*celery, "purge", "-f"], env=env, cwd=ROOT, check=True, capture_output=True)  # noqa: S603

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_reminder")
        if args.stale_stats:
            cursor.execute("ALTER TABLE meetings_reminder SET (autovacuum_enabled = false)")
    due_at = timezone.now() + timedelta(seconds=args.lead_in if args.lead_in is not None else scan + 30)
    began = time.monotonic()
    pks = create_reminders(args.count, due_at)
    print(f"{len(pks):,} reminders due at {due_at:%H:%M:%S} (created in {time.monotonic() - began:.1f} s)")
    if not args.stale_stats:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_reminder")

    procs, logs = [], tempfile.mkdtemp(prefix="bench-reminders-")
    try:
        for i in range(args.workers):
            log = open(Path(logs) / f"worker{i}.log", "w")  # noqa: SIM115 - closed with the process
            procs.append(
                subprocess.Popen(  # noqa: S603
                    [
                        *celery,
                        "worker",
                        "-c",
                        str(args.concurrency),
                        "-n",
                        f"bench{i}@%h",
                        "--without-gossip",
                        "--without-mingle",
                    ]
                    + ["--loglevel", "WARNING"],
                    env=env,
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        beat_log = open(Path(logs) / "beat.log", "w")  # noqa: SIM115
        procs.append(
            subprocess.Popen(  # noqa: S603
                [*celery, "beat", "-s", str(Path(logs) / "beat-schedule"), "--loglevel", "WARNING"],
                env=env,
                cwd=ROOT,
                stdout=beat_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        peak = [0.0] * args.workers  # the largest process of each worker
        pending = Reminder.objects.filter(pk__in=pks, done_at__isnull=True)
        left = len(pks)
        while time.monotonic() - began < args.timeout:
            time.sleep(2)
            for i in range(args.workers):
                peak[i] = max(peak[i], rss_mb(procs[i].pid)[0])
            left = pending.count()
            late = (timezone.now() - due_at).total_seconds()
            print(f"  {late:6.0f} s after due: {len(pks) - left:,} closed, {left:,} open", flush=True)
            if not left:
                break
        after = [rss_mb(p.pid) for p in procs[: args.workers]]  # every process of each worker
    finally:
        for proc in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    keys = {f"meetings.reminder:{pk}": pk for pk in pks}
    deliveries = []
    for i in range(0, len(pks), 5000):
        chunk = list(keys)[i : i + 5000]
        deliveries += list(Delivery.objects.filter(job__in=chunk).values_list("job", "delivered_at"))
    notes = [f"meeting-reminder:{pk}" for pk in pks]
    notifications = sum(
        Notification.objects.filter(key__in=notes[i : i + 5000]).count() for i in range(0, len(notes), 5000)
    )
    outcomes = dict(
        Reminder.objects.filter(pk__in=pks).values("outcome").annotate(n=Count("pk")).values_list("outcome", "n")
    )
    lags = [(at - due_at).total_seconds() for _job, at in deliveries]
    spread = max(lags) - min(lags) if len(lags) > 1 else 0
    delivered_jobs = {job for job, _at in deliveries}
    result = {
        "run": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, {platform.platform()}",
        "load_average": os.getloadavg(),
        "count": len(pks),
        "workers": args.workers,
        "processes_per_worker": args.concurrency,
        "scan_interval_s": scan,
        "batch_size": settings.SCHEDULER_BATCH_SIZE,
        "fan_out": settings.SCHEDULER_FAN_OUT,
        "stale_stats": args.stale_stats,
        "delivered": len(delivered_jobs),
        "duplicates": (len(deliveries) - len(delivered_jobs)) + max(0, notifications - len(delivered_jobs)),
        "lost": len(pks) - len(delivered_jobs),
        "outcomes": outcomes,
        "lag_p50_s": percentile(lags, 50),
        "lag_p95_s": percentile(lags, 95),
        "lag_max_s": max(lags) if lags else None,
        "per_second": round(len(lags) / spread, 1) if spread else None,
        "worker_rss_peak_mb": [round(m) for m in peak],
        "worker_rss_after_mb": [[round(m) for m in sizes] for sizes in after],
    }
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE meetings_reminder RESET (autovacuum_enabled)")
    cleanup(pks)
    out = ROOT / "bench" / "results" / f"reminders-{args.label}{'-stale' if args.stale_stats else ''}"
    out.with_suffix(".json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    md = [
        f"Run {result['run']} on {result['machine']}; "
        f"load average {', '.join(f'{x:.1f}' for x in result['load_average'])}.",
        "",
        "| reminders | workers × processes | scan s | stale stats | delivered | duplicates | lost | lag p50 s | "
        "lag p95 s | lag max s | per s | largest worker process RSS MB (peak) |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| {len(pks):,} | {args.workers} × {args.concurrency} | {scan:g} | {'yes' if args.stale_stats else 'no'} | "
        f"{result['delivered']:,} | {result['duplicates']} | {result['lost']} | {_f(result['lag_p50_s'])} | "
        f"{_f(result['lag_p95_s'])} | {_f(result['lag_max_s'])} | {result['per_second']} | "
        f"{', '.join(str(m) for m in result['worker_rss_peak_mb'])} |",
        "",
        f"Outcomes: {outcomes}. Worker logs: {logs}.",
    ]
    out.with_suffix(".md").write_text("\n".join(md) + "\n")
    print("\n".join(md))
    if result["lost"] or result["duplicates"]:
        sys.exit(1)


def _f(value):
    return "–" if value is None else f"{value:.1f}"


if __name__ == "__main__":
    main()
