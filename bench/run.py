"""The benchmark: gunicorn with production settings against a seeded database, driven concurrently.

    DATABASE_URL=postgres://…/forumdesa_scale REDIS_URL=redis://…/15 .venv/bin/python bench/run.py \
        [--concurrency 8] [--seconds 6] [--workers 4] [--label kabupaten] [--only "meeting list"]

It collects the static files, starts gunicorn (DEBUG off, bench.settings: production settings plus
an X-Queries header and a bare /bench/ceiling view), signs in as the representative users over HTTP,
then drives each page with N threads for a fixed time, as a browser behind TLS would (gzip accepted,
X-Forwarded-Proto: https). Prints and writes bench/results/<label>.md and .json.
"""

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import platform
import re
import signal
import statistics
import struct
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
# Another benchmark on the same machine keeps its port: --port (or BENCH_PORT) picks another.
PORT = int(os.environ.get("BENCH_PORT", "8765"))


class Session:
    """One signed-in browser: its cookies, over one keep-alive connection per thread."""

    def __init__(self):
        self.cookies = {}
        self.local = threading.local()

    def connection(self):
        if getattr(self.local, "conn", None) is None:
            self.local.conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
        return self.local.conn

    def request(self, method, path, form=None):
        headers = {
            "Host": "localhost",
            "Accept-Encoding": "gzip",
            "X-Forwarded-Proto": "https",
            "Referer": "https://localhost/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if method == "POST":
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **(form or {})}
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            conn = self.connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                conn.close()
                self.local.conn = None
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response, data

    def login(self, email, password, totp_secret=None):
        self.request("GET", "/akun/login/")  # the CSRF cookie
        response, _ = self.request("POST", "/akun/login/", {"login": email, "password": password})
        if response.status == 302 and "/2fa/authenticate/" in (response.getheader("Location") or ""):
            # Staff and admins have two-factor sign-in: the code their authenticator app shows now.
            if totp_secret is None:
                raise SystemExit(f"login failed for {email}: it asks for a two-factor code")
            self.request("GET", "/akun/2fa/authenticate/")
            response, _ = self.request("POST", "/akun/2fa/authenticate/", {"code": totp_now(totp_secret)})
        if response.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login failed for {email}: {response.status}")


def totp_now(secret, step=30, digits=6):
    """RFC 6238: the six digits an authenticator app shows for this base32 secret now."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


def drive(session, method, path, form, seconds, concurrency):
    """Hit one URL from `concurrency` threads for `seconds`; returns the measurements."""
    latencies, sizes, queries, errors = [], [], [], []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                response, data = session.request(method, path, form)
                status = response.status
            except Exception as exc:  # noqa: BLE001 - a failed request is a measurement
                with lock:
                    errors.append(repr(exc))
                continue
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                sizes.append(len(data))
                if response.getheader("X-Queries"):
                    queries.append(int(response.getheader("X-Queries")))
                if status >= 400 or (method == "GET" and status != 200):
                    errors.append(status)

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else None

    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "queries": statistics.mean(queries) if queries else None,
        "bytes": int(statistics.mean(sizes)) if sizes else None,
        "errors": len(errors),
        "error_sample": [str(e) for e in errors[:3]],
    }


def rss_mb(pid):
    """Resident memory of gunicorn's master and each worker, in MB."""
    out = {}
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)  # noqa: S603, S607
    pids = [pid] + [int(p) for p in children.stdout.split()]
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        out[p] = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) // 1024
    return out


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024
    return f"{os.cpu_count()} cores ({cpu}), {mem // 1024} GB RAM, {platform.system()} {platform.release()}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--label", default="latest")
    parser.add_argument("--only", action="append")
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args()
    global PORT  # noqa: PLW0603 - the sessions read it
    PORT = args.port or PORT

    env = {
        **os.environ,
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789"),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
    }
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the seeded PostgreSQL database (and REDIS_URL).")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from bench.targets import PASSWORD, USERS, targets
    from portal.management.commands.seed_scale import BENCH_TOTP_SECRET

    pages, writes = targets()
    counts = {}
    with connection.cursor() as cursor:
        for table in ("villages_village", "accounts_user", "meetings_meeting", "meetings_registration"):
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    connection.close()

    python = sys.executable
    collect = [python, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own interpreter and script
    gunicorn = subprocess.Popen(  # noqa: S603
        [python, "-m", "gunicorn", "forumdesa.wsgi:application", "-b", f"{HOST}:{PORT}", "-w", str(args.workers)]
        + ["--access-logfile", "/dev/null", "--error-logfile", str(ROOT / "var" / "bench-gunicorn.log")],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection(HOST, PORT, timeout=2).request("GET", "/bench/ceiling")
                break
            except OSError:
                time.sleep(0.3)
        anonymous = Session()
        sessions = {}
        for role, email in USERS.items():
            sessions[role] = Session()
            sessions[role].login(email, PASSWORD, BENCH_TOTP_SECRET if role != "official" else None)

        results = []

        def measure(name, session, method, path, form=None):
            if args.only and not any(o in name for o in args.only) and name != "ceiling":
                return
            session.request(method, path, form)  # warm
            row = {"page": name, "path": path, **drive(session, method, path, form, args.seconds, args.concurrency)}
            results.append(row)
            ceiling = results[0]["rps"]
            print(
                f"{name:28} {row['rps']:7.1f} req/s  p50 {row['p50_ms'] or 0:6.0f}  p95 {row['p95_ms'] or 0:6.0f}  "
                f"p99 {row['p99_ms'] or 0:6.0f} ms  {row['queries'] or 0:5.1f} q  {row['bytes'] or 0:7} B  "
                f"{row['rps'] / ceiling:6.1%}  {'errors ' + str(row['errors']) if row['errors'] else ''}",
                flush=True,
            )

        measure("ceiling", anonymous, "GET", "/bench/ceiling")
        for name, role, path in pages:
            measure(name, sessions[role], "GET", path)
        for name, role, path, form in writes:
            measure(name, sessions[role], "POST", path, form)
        memory = rss_mb(gunicorn.pid)
        load = os.getloadavg()
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)

    ceiling = results[0]["rps"]
    for row in results:
        row["share_of_ceiling"] = row["rps"] / ceiling
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "data": counts,
        "concurrency": args.concurrency,
        "seconds_per_page": args.seconds,
        "gunicorn_workers": args.workers,
        "gunicorn_rss_mb": memory,
        "load_average": [round(x, 1) for x in load],
        "results": results,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"{args.label}.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / f"{args.label}.md").write_text(markdown(report))
    print(f"\n{machine()}\ngunicorn RSS (MB): {memory}\nwritten: bench/results/{args.label}.md, .json")


def markdown(report):
    data = ", ".join(f"{k.split('_', 1)[1]} {v:,}" for k, v in report["data"].items())
    lines = [
        f"Run {report['when']} on {report['machine']}; data: {data}; concurrency {report['concurrency']}, "
        f"{report['seconds_per_page']:g} s per page, gunicorn {report['gunicorn_workers']} sync workers "
        f"(RSS MB: {', '.join(str(v) for v in report['gunicorn_rss_mb'].values())}); "
        f"load average at the end {report['load_average'][0]} (other work shares the machine).",
        "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | queries | bytes (gzip) | of ceiling | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["results"]:
        lines.append(
            f"| {r['page']} | {r['rps']:.1f} | {r['p50_ms'] or 0:.0f} | {r['p95_ms'] or 0:.0f} "
            f"| {r['p99_ms'] or 0:.0f} "
            f"| {r['queries'] if r['queries'] is not None else '–'} | {r['bytes']} | {r['share_of_ceiling']:.1%} "
            f"| {r['errors']} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
