"""Real Celery workers and beats as subprocesses, sharing the test's database and broker.

Their database is the test database on PostgreSQL, or a file database prepared in a subprocess on
SQLite (the test run's own SQLite database lives in memory, out of the workers' reach). The broker
is Redis when REDIS_URL is set, else kombu's filesystem transport under the test's VAR_DIR.
"""

import os
import sqlite3
import subprocess
import sys
from importlib import import_module

from django.conf import settings
from django.db import connection


def run(args, env, timeout=120):
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )


def worker_env(tmp_path, seed):
    """Environment for worker and beat subprocesses, with the database filled by `seed`
    ("module:function", run here on PostgreSQL and in a subprocess on SQLite)."""
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DEBUG": "1",
    }
    env.pop("EMAIL_URL", None)
    if not os.environ.get("REDIS_URL"):
        # The filesystem transport's folders under this test's VAR_DIR, shared by sender and worker
        # (the seed may queue tasks already).
        for sub in ("queue", "processed", "results", "control"):
            (tmp_path / "celery" / sub).mkdir(parents=True, exist_ok=True)
    module, function = seed.split(":")
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db["USER"] or "postgres"
        auth = f"{user}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{user}@"
        env["DATABASE_URL"] = f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        getattr(import_module(module), function)()
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        for args in (
            ["manage.py", "migrate", "--no-input", "-v0"],
            ["manage.py", "shell", "-c", f"from {module} import {function}; {function}()"],
        ):
            done = run(args, env, timeout=300)
            assert done.returncode == 0, done.stderr
    return env


def query(env, sql):
    """Rows of a read-only SQL query on the workers' database, read as they commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    path = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path, timeout=20) as db:
        return db.execute(sql).fetchall()


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
