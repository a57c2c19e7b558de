"""Two web nodes and two workers, each on a network namespace of its own (tests/topology.py),
sharing only this machine's PostgreSQL and Redis, reached over their own network link.

A phone signs in and registers for a training through a round-robin load balancer, so that one
node signs it in and the other carries on. Then two workers, each with its own beat, deliver the
training's reminders; the machine running the scheduler tick is switched off in the middle of
the batch. Every reminder still arrives, exactly once per person, and only one tick ran at a time.
"""

import io
import os
import re
import socket
import sys
import uuid
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from PIL import Image

from tests.core.test_worker_faults import MEETING_REGISTRANTS, reminder_mails, seed_meeting
from tests.e2e.conftest import PHONE_VIEWPORT
from tests.e2e.helpers import log_in
from tests.topology import Host, Relay, RoundRobin, answers, missing_requirements, wait_until
from tests.workers import query, run

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PASSWORD = "desa-maju-2026"
BUCKET = "forumdesa-simpul"
WEB_PORT = 8000
# Worker processes per machine: each may be writing one mail when its machine dies.
WORKER_CONCURRENCY = 2


@pytest.fixture
def requirements():
    reason = missing_requirements()
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        reason = "the topology shares PostgreSQL and Redis"
        pytest.skip(reason)  # the embedded default is one machine by design
    if reason:
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def bucket():
    """An S3-compatible server (moto) on this host: the nodes' shared file store."""
    import boto3
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="0.0.0.0", port=port, verbose=False)  # noqa: S104
    server.start()
    s3 = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id="uji",
        aws_secret_access_key="uji",
    )
    s3.create_bucket(Bucket=BUCKET)
    yield port, s3
    server.stop()


@pytest.fixture
def relays():
    redis = urlsplit(os.environ["REDIS_URL"])
    db = connection.settings_dict
    pair = Relay(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)), Relay(redis.hostname, redis.port or 6379)
    yield pair
    for relay in pair:
        relay.close()


def node_env(host, relays, bucket_port, queue, static_root, proxy_origin):
    database, redis = relays
    db = connection.settings_dict
    redis_db = urlsplit(os.environ["REDIS_URL"]).path or "/0"
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        # Production settings, as on a real node behind a TLS proxy.
        "DEBUG": "0",
        "SECRET_KEY": "several-nodes-test-key",
        "ALLOWED_HOSTS": "localhost,127.0.0.1," + host.address,
        "CSRF_TRUSTED_ORIGINS": proxy_origin,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{host.gateway}:{database.port}/{db['NAME']}",
        "REDIS_URL": f"redis://{host.gateway}:{redis.port}{redis_db}",
        "CACHE_KEY_PREFIX": f"nodes-{queue}",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "VAR_DIR": str(host.var_dir),
        # Uploads in the shared bucket, never on a node's disk.
        "MEDIA_BUCKET": BUCKET,
        "MEDIA_BUCKET_ENDPOINT_URL": f"http://{host.gateway}:{bucket_port}",
        "MEDIA_BUCKET_REGION": "us-east-1",
        "MEDIA_BUCKET_ACCESS_KEY": "uji",
        "MEDIA_BUCKET_SECRET_KEY": "uji",
        "STATIC_ROOT": str(static_root),
        "SITE_ROOT": proxy_origin,
        "EMAIL_BACKEND": "tests.slow_mail.SlowFileEmailBackend",
        # Scans every 2 s; a dead worker's claims are free after 5 s and its tick lease after 25 s.
        "SCAN_INTERVAL_SECONDS": "2",
        "SCHEDULER_CLAIM_TIMEOUT": "5",
        "SCHEDULER_TIME_BUDGET": "10",
    }


def start_web(host, env):
    host.start(
        [sys.executable, "-m", "gunicorn", "forumdesa.wsgi", "--bind", f"{host.address}:{WEB_PORT}", "--workers", "2"],
        env,
        "web.log",
    )


def start_worker(host, env):
    celery = [sys.executable, "-m", "celery", "-A", "forumdesa"]
    host.start(
        [*celery, "worker", "--concurrency", str(WORKER_CONCURRENCY), "-n", f"{host.label}@%h", "--loglevel", "INFO"],
        env,
        "worker.log",
    )
    host.start([*celery, "beat", "--loglevel", "INFO"], env, "beat.log")


def ticks(log):
    """(ran, skipped): the scheduler ticks a worker's log shows, by whether they got the lease."""
    results = re.findall(r"Task core\.tasks\.run_due_jobs\[[^]]+\] succeeded in [\d.]+s: (.*)", log)
    return sum(r != "None" for r in results), sum(r == "None" for r in results)


def all_mails(workers):
    """{address: reminder mails} over the workers' own mail folders."""
    return sum((reminder_mails(host.var_dir / "mail") for host in workers), start=Counter())


def delivered():
    return query(None, "SELECT COUNT(*) FROM core_delivery WHERE job LIKE 'meetings.reminder:%'")[0][0]


@pytest.mark.django_db(transaction=True)
def test_two_web_nodes_and_two_workers_share_only_the_database_and_redis(
    requirements, relays, bucket, browser, expect, tmp_path, settings
):
    # The nodes check passwords with the production hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    seed_meeting()
    from meetings.models import Meeting
    from tests.factories import OfficialFactory
    from villages.models import Position

    meeting = Meeting.objects.get()
    village = meeting.audience_villages.get()
    phone_user = OfficialFactory(
        village=village, position=Position.objects.get(code="SEKDES"), user__email="sekdes@simpul.test"
    ).user
    phone_user.password = make_password(PASSWORD)
    phone_user.save(update_fields=["password"])

    static_root = tmp_path / "static"
    collected = run(
        ["manage.py", "collectstatic", "--no-input", "-v0"], {**os.environ, "STATIC_ROOT": str(static_root)}
    )
    assert collected.returncode == 0, collected.stderr

    queue = f"nodes-{uuid.uuid4().hex[:10]}"
    hosts = []
    balancer = None
    try:
        web = [Host(f"web{i}", tmp_path / f"web{i}") for i in (1, 2)]
        workers = [Host(f"work{i}", tmp_path / f"work{i}") for i in (1, 2)]
        hosts = web + workers
        balancer = RoundRobin([(host.address, WEB_PORT) for host in web])
        origin = f"http://localhost:{balancer.port}"
        for host in web:
            start_web(host, node_env(host, relays, bucket[0], queue, static_root, origin))
        for host in web:
            wait_until(lambda h=host: answers(h.address, WEB_PORT) == 200, 60, f"{host.label} to answer /healthz")

        # --- A phone signs in on one node and carries on on the other. ---
        context = browser.new_context(base_url=origin, viewport=PHONE_VIEWPORT, locale="id-ID")
        context.set_default_timeout(20_000)
        page = context.new_page()
        log_in(page, phone_user.email, PASSWORD)
        page.wait_for_url(lambda url: "/akun/login/" not in url)
        page.goto(f"/rapat/{meeting.pk}/")
        expect(page.get_by_role("heading", name=meeting.title)).to_be_visible()
        page.get_by_role("button", name="Daftar").click()
        expect(page.locator("#my-status")).to_have_text(re.compile("Anda terdaftar"))
        page.goto("/rapat/")
        expect(page.get_by_role("link", name=meeting.title)).to_be_visible()
        page.goto(f"/rapat/{meeting.pk}/")
        expect(page.locator("#my-status")).to_have_text(re.compile("Anda terdaftar"))
        # The village logo uploaded through one node is shown by both.
        page.goto(f"/desa/{village.code}/ubah/")
        picture = io.BytesIO()
        Image.new("RGB", (320, 200), (31, 111, 80)).save(picture, format="PNG")
        page.get_by_label("Logo atau foto desa").set_input_files(
            files=[{"name": "logo.png", "mimeType": "image/png", "buffer": picture.getvalue()}]
        )
        page.get_by_role("button", name="Simpan").click()
        page.goto(f"/desa/{village.code}/")
        logo = page.get_by_role("img", name=re.compile("^Logo "))
        expect(logo).to_be_visible()
        assert logo.evaluate("img => img.naturalWidth") == 320
        src = logo.get_attribute("src")
        assert src.startswith("/media/desa/logo/")
        media_before = len([1 for _i, _m, path, *_rest in balancer.served if path.startswith("/media/")])
        for _ in range(2):
            assert page.request.get(src).status == 200
        media_served = {i for i, _m, path, *_rest in balancer.served if path.startswith("/media/")}
        assert media_served == {0, 1} and media_before >= 1
        stored = [item["Key"] for item in bucket[1].list_objects_v2(Bucket=BUCKET).get("Contents", [])]
        assert stored == [f"media{src.removeprefix('/media')}"]
        assert not any(p.is_file() for host in web for p in (host.var_dir / "media").rglob("*"))
        context.close()
        signed_in = balancer.by_backend(signed_in=True)
        assert signed_in[0] >= 2 and signed_in[1] >= 2, balancer.served
        assert all(status < 500 for *_rest, status in balancer.served), balancer.served
        assert meeting.registrations.filter(user=phone_user).exists()

        # --- Two workers with a beat each deliver the reminders; one machine dies mid-batch. ---
        total = MEETING_REGISTRANTS + 1
        for host in workers:
            start_worker(host, node_env(host, relays, bucket[0], queue, static_root, origin))
        wait_until(lambda: delivered() >= 20, 90, "the first deliveries")
        # The machine whose worker runs the tick (it holds the lease) is switched off.
        running = [h for h in workers if "run_due_jobs" in h.log("worker.log")]
        doomed = max(running, key=lambda h: h.log("worker.log").count("Task core.tasks.run_due_jobs"))
        doomed.power_off()
        before = delivered()
        assert before < total, f"the batch was to be cut short: {before} of {total} delivered"
        survivor = next(h for h in workers if h is not doomed)
        wait_until(lambda: delivered() == total, 240, "every reminder", interval=1)

        outcomes = dict(
            query(None, "SELECT outcome, COUNT(*) FROM meetings_reminder WHERE done_at IS NOT NULL GROUP BY outcome")
        )
        assert outcomes.get("sent") == total
        assert not query(None, "SELECT COUNT(*) FROM meetings_reminder WHERE outcome = 'sent' AND done_at IS NULL")[0][
            0
        ]
        per_person = query(
            None,
            "SELECT recipient_id, COUNT(*) FROM core_delivery"
            " WHERE job LIKE 'meetings.reminder:%' GROUP BY recipient_id",
        )
        assert len(per_person) == total and {n for _user, n in per_person} == {1}
        notices = query(
            None,
            "SELECT recipient_id, COUNT(*) FROM accounts_notification"
            " WHERE key LIKE 'meeting-reminder:%' GROUP BY recipient_id",
        )
        assert len(notices) == total and {n for _user, n in notices} == {1}
        addresses = {f"peserta{i}@gangguan.test" for i in range(MEETING_REGISTRANTS)} | {phone_user.email}
        wait_until(lambda: set(all_mails(workers)) >= addresses, 60, "every reminder mail")
        mails = all_mails(workers)
        assert set(mails) == addresses
        # A mail being written when the machine died (one per worker process on it) may have gone
        # out again, since a mail server takes no part in the database's transaction; no other.
        assert sum(mails.values()) <= total + WORKER_CONCURRENCY

        # One tick at a time: while one ran, the other beat's ticks found the lease taken.
        ran, skipped = map(sum, zip(*(ticks(h.log("worker.log")) for h in workers), strict=True))
        assert ran >= 2 and skipped >= 1, (ran, skipped)
        assert ticks(survivor.log("worker.log"))[0] >= 1  # the survivor finished the batch
        print(
            f"several nodes: {before} of {total} delivered when {doomed.label} died; ticks ran {ran}, skipped {skipped}"
        )
    finally:
        for host in hosts:
            host.stop()
            if os.environ.get("KEEP_TOPOLOGY_LOGS"):
                for name in ("web.log", "worker.log", "beat.log"):
                    print(f"--- {host.label} {name}\n{host.log(name)[-4000:]}")
            host.delete()
        if balancer:
            balancer.close()
        run(["-m", "celery", "-A", "forumdesa", "purge", "--force", "--queues", queue], dict(os.environ))
