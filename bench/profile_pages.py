"""Time each benchmark page once in-process, with its query count and slowest queries.

    DEBUG=1 DATABASE_URL=postgres://…/forumdesa_scale .venv/bin/python bench/profile_pages.py [name-filter]

The first request of each page warms caches; the second is measured. With --explain the slowest
query of each page is run again under EXPLAIN ANALYZE.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forumdesa.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.targets import USERS, targets  # noqa: E402


def main(args):
    explain = "--explain" in args
    only = [a for a in args if not a.startswith("--")]
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
    pages, _writes = targets()
    clients = {}
    for name, role, path in pages:
        if only and not any(o in name for o in only):
            continue
        if role not in clients:
            clients[role] = Client(HTTP_HOST=host, HTTP_ACCEPT_ENCODING="gzip")
            clients[role].force_login(User.objects.get(email=USERS[role]))
        client = clients[role]
        client.get(path, secure=True)
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(path, secure=True)
            ms = (time.perf_counter() - began) * 1000
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        size = len(response.content)
        print(f"{name:28} {response.status_code} {ms:7.0f} ms  sql {sql_ms:6.0f} ms  {len(queries):3} q  {size:7} B")
        slow = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[: 3 if explain else 2]
        for q in slow:
            print(f"    {float(q['time']) * 1000:6.0f} ms  {q['sql'][:220]}")
        if explain and slow and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slow[0]["sql"])
                for (line,) in cursor.fetchall():
                    print("      " + line)


if __name__ == "__main__":
    with override_settings(DEBUG=True):
        main(sys.argv[1:])
