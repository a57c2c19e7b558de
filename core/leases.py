"""Named leases in the database: a lock that every web node, worker and beat sees, and that frees
itself when its holder dies (it expires).

Taking one is a single conditional UPDATE whose row count says who won, the same compare-and-set
the scheduler uses to claim rows, so it needs nothing beyond the database every process already
shares, on PostgreSQL and SQLite alike.
"""

import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Lease


def acquire(name, seconds):
    """The holder token if the lease was free (or expired) and is now ours, else None."""
    now = timezone.now()
    token = uuid.uuid4()
    free = Q(holder__isnull=True) | Q(expires_at__lt=now)
    fields = {"holder": token, "expires_at": now + timedelta(seconds=seconds), "acquired_at": now}
    if Lease.objects.filter(free, name=name).update(**fields):
        return token
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, **fields)
    except IntegrityError:
        return None  # someone else holds it, or created it a moment before us
    return token


def release(name, token):
    """Give the lease back if it is still ours (an expired lease may have a new holder)."""
    return bool(Lease.objects.filter(name=name, holder=token).update(holder=None, expires_at=None))


@contextmanager
def held(name, seconds):
    """`with held("scheduler", 120) as token:` token is None when another process holds it."""
    token = acquire(name, seconds)
    try:
        yield token
    finally:
        if token is not None:
            release(name, token)
