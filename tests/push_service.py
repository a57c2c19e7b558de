"""A push service for tests: an HTTP server in a thread that takes what the site pushes, and the
browser side's keys to decrypt it (aes128gcm, RFC 8291), as a phone would."""

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class Browser:
    """One subscribed browser: its key pair and auth secret, and its endpoint on the service."""

    def __init__(self, service, name):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = f"{service.url}/push/{name}"
        self.name = name

    def subscription_json(self):
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)}}

    def decrypt(self, body):
        plain = http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm")
        return json.loads(plain.decode("utf-8"))


class PushService:
    def __init__(self):
        self.received = []  # (name, headers, body)
        self.status = {}  # name -> HTTP status to answer (default 201)
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                name = self.path.rsplit("/", 1)[-1]
                status = service.status.get(name, 201)
                if status < 300:
                    service.received.append((name, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def browser(self, name):
        return Browser(self, name)

    def messages_for(self, browser):
        return [browser.decrypt(body) for name, _headers, body in self.received if name == browser.name]

    def subscribe(self, user, name):
        """A browser of `user` subscribed to the site's push; returns the browser."""
        from notifications.models import PushSubscription

        browser = self.browser(name)
        info = browser.subscription_json()
        PushSubscription.objects.create(
            user=user, endpoint=info["endpoint"], p256dh=info["keys"]["p256dh"], auth=info["keys"]["auth"]
        )
        return browser

    def close(self):
        self.server.shutdown()
        self.server.server_close()
