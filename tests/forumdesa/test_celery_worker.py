"""A real Celery worker process runs a task through the configured broker.

With REDIS_URL set this goes through Redis; without it, through kombu's filesystem transport in
var/. CI runs the suite both ways.
"""

import os
import subprocess
import sys
import uuid

import pytest
from celery.result import allow_join_result
from django.conf import settings

from forumdesa.celery import app
from forumdesa.tasks import ping


@pytest.fixture
def worker_queue():
    # A queue of its own, so a developer's running worker cannot take the test's task.
    queue = f"test-{uuid.uuid4().hex[:12]}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "forumdesa",
            "worker",
            "--queues",
            queue,
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    process.terminate()
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    print(output)


@pytest.fixture
def eager_off():
    # The rest of the suite runs tasks eagerly; this test goes through the broker.
    before = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = before


@pytest.mark.slow
def test_a_real_worker_runs_a_task(worker_queue, eager_off):
    expected_transport = "redis" if os.environ.get("REDIS_URL") else "filesystem"
    with app.connection_for_write() as conn:
        assert conn.transport.driver_name == expected_transport

    result = ping.apply_async(args=["halo desa"], queue=worker_queue)
    # Eager tasks run in threads by other tests can leave Celery's process-wide "inside a task"
    # flag set; this test is not inside a task, so it may wait for the result.
    with allow_join_result():
        assert result.get(timeout=60) == "halo desa"
