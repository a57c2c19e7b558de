"""Reads from a read replica (DATABASE_REPLICA_URL), for the pages that can show figures a few
seconds old: the dashboards and the big directories.

Nothing reads from the replica unless a view says it may (`@replica_reads`), and even then not
when the browser wrote something a moment ago (RecentWriteMiddleware marks it for
REPLICA_STICKY_SECONDS): a user never misses their own change because the replica lags. Who the
user is (session, account, roles) is always read from the primary before the view runs. Writes
always go to the primary. Without DATABASE_REPLICA_URL all of this does nothing.
"""

import contextvars
import functools

from django.conf import settings
from django.db import connections

REPLICA = "replica"
WROTE_COOKIE = "fd_wrote"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

_replica_ok = contextvars.ContextVar("replica_ok", default=False)


def configured():
    return REPLICA in connections.settings


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_ok.get() and configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two doors

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA


def replica_reads(view):
    """Let a read-only view's queries go to the replica (see the module's docstring)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not configured() or request.method not in SAFE_METHODS or request.COOKIES.get(WROTE_COOKIE):
            return view(request, *args, **kwargs)
        # Loads the session and the account from the primary now: a role granted or a password
        # changed a moment ago must count on this very page.
        request.user.is_authenticated  # noqa: B018
        token = _replica_ok.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _replica_ok.reset(token)

    return wrapper


class RecentWriteMiddleware:
    """After a request that may have written (any unsafe method), the browser reads from the
    primary for REPLICA_STICKY_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and configured():
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=getattr(settings, "REPLICA_STICKY_SECONDS", 15),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
