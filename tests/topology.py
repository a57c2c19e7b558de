"""Several machines on one: network namespaces joined to this host by veth pairs, a relay that
lets them reach this host's PostgreSQL and Redis over their own network link, and a round-robin
proxy in front of the web nodes. Needs root and iproute2 (`ip netns`).

Each host has its own network stack, its own VAR_DIR (so nothing on a node's disk is shared with
another node) and its own processes; what they share is what a real deployment shares: the
database and Redis, reached over the network.
"""

import contextlib
import http.client
import itertools
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SUBNET = "10.231"


def missing_requirements():
    """Why the topology cannot be built here, or None."""
    if os.geteuid() != 0:
        return "network namespaces need root"
    if shutil.which("ip") is None:
        return "network namespaces need iproute2 (`ip`)"
    return None


def _ip(*args):
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


class Host:
    """A network namespace with one veth link to this host: it is `address`, this host is `gateway`."""

    _numbers = itertools.count(1)

    def __init__(self, label, var_dir):
        number = next(self._numbers) + (os.getpid() % 50) * 4
        tag = uuid.uuid4().hex[:6]
        self.label = label
        self.name = f"fd-{label}-{tag}"
        self.outer, inner = f"fd{tag}{number % 100:02d}h", f"fd{tag}{number % 100:02d}n"
        self.gateway, self.address = f"{SUBNET}.{number}.1", f"{SUBNET}.{number}.2"
        self.var_dir = var_dir
        var_dir.mkdir(parents=True, exist_ok=True)
        self.processes = []
        _ip("netns", "add", self.name)
        _ip("link", "add", self.outer, "type", "veth", "peer", "name", inner)
        _ip("link", "set", inner, "netns", self.name)
        _ip("addr", "add", f"{self.gateway}/30", "dev", self.outer)
        _ip("link", "set", self.outer, "up")
        _ip("netns", "exec", self.name, "ip", "addr", "add", f"{self.address}/30", "dev", inner)
        _ip("netns", "exec", self.name, "ip", "link", "set", inner, "up")
        _ip("netns", "exec", self.name, "ip", "link", "set", "lo", "up")

    def start(self, args, env, log_name):
        log = open(self.var_dir / log_name, "w")  # noqa: SIM115 - closed with the host
        process = subprocess.Popen(
            ["ip", "netns", "exec", self.name, *args],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((process, log))
        return process

    def log(self, log_name):
        path = self.var_dir / log_name
        return path.read_text(errors="replace") if path.exists() else ""

    def pids(self):
        done = subprocess.run(["ip", "netns", "pids", self.name], capture_output=True, text=True)
        return [int(pid) for pid in done.stdout.split()]

    def power_off(self):
        """Every process on the host dies at once, the way a machine does."""
        for pid in self.pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for process, _log in self.processes:
            process.wait(timeout=30)

    def stop(self):
        for process, _log in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process, log in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            log.close()
        self.power_off()

    def delete(self):
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)
        subprocess.run(["ip", "link", "del", self.outer], capture_output=True)


class Relay:
    """Listens on every address of this host and forwards each connection to (host, port): the
    namespaces reach this host's PostgreSQL and Redis, which listen on loopback only, through it."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("0.0.0.0", 0))  # noqa: S104 - the test's own link
        self.port = self.listener.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close(self):
        self.closed = True
        self.listener.close()


class RoundRobin:
    """A load balancer on this host: each request goes to the next backend in turn, as a TLS
    proxy would send it (X-Forwarded-Proto: https, the client's address appended to
    X-Forwarded-For). `served` records (backend, method, path, signed in?, status)."""

    HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}

    def __init__(self, backends, session_cookie="sessionid"):
        self.backends = backends
        self.turn = itertools.cycle(range(len(backends)))
        self.lock = threading.Lock()
        self.served = []
        balancer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _forward(self):
                with balancer.lock:
                    index = next(balancer.turn)
                host, port = balancer.backends[index]
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in balancer.HOP_BY_HOP}
                forwarded = self.headers.get("X-Forwarded-For")
                headers["X-Forwarded-For"] = (
                    f"{forwarded}, {self.client_address[0]}" if forwarded else self.client_address[0]
                )
                headers["X-Forwarded-Proto"] = "https"
                upstream = http.client.HTTPConnection(host, port, timeout=60)
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    response = upstream.getresponse()
                    payload = response.read()
                except OSError:
                    self.send_error(502)
                    return
                finally:
                    upstream.close()
                signed_in = f"{session_cookie}=" in (self.headers.get("Cookie") or "")
                balancer.served.append((index, self.command, self.path, signed_in, response.status))
                self.send_response_only(response.status, response.reason)
                for key, value in response.getheaders():
                    if key.lower() not in balancer.HOP_BY_HOP and key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                try:
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the browser went away (a page it left)

            do_GET = do_POST = do_HEAD = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def by_backend(self, signed_in=None):
        return Counter(index for index, _m, _p, auth, _s in self.served if signed_in is None or auth == signed_in)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def wait_until(condition, seconds, what, interval=0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"still waiting for {what} after {seconds} s")


def answers(host, port, path="/healthz"):
    try:
        connection = http.client.HTTPConnection(host, port, timeout=2)
        connection.request("GET", path, headers={"Host": "localhost", "X-Forwarded-Proto": "https"})
        return connection.getresponse().status
    except OSError:
        return None
