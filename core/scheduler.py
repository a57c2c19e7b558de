"""The one runner for scheduled jobs: every concrete subclass of core.models.ScheduledJob.

A run claims due rows in batches with one conditional UPDATE per batch. The claim commits on its
own and is a lease: a row whose worker died is claimable again after SCHEDULER_CLAIM_TIMEOUT.
The batch is then loaded with its relations in one query (and whatever the model's delivery_batch
looks up in bulk), and each row is delivered in a transaction of its own, in which the row is
locked and read again, the Delivery rows are recorded and the row is closed: a crash before the
commit leaves the row to be claimed again, a commit leaves proof that stops any second sending,
and a mail server that takes no part in the transaction sees at most the one mail in flight again.

Call it outside a transaction (a task, a command): inside one, the claims only commit with it.
"""

import contextlib
import logging
import time
import traceback
import uuid
from collections import Counter
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import FAILED, NO_RECIPIENTS, SENT, Delivery, ScheduledJob

log = logging.getLogger(__name__)

# Counted in a run's result, never stored: the row was given back after an error.
RETRY = "retry"


def claim_timeout():
    return timedelta(seconds=getattr(settings, "SCHEDULER_CLAIM_TIMEOUT", 300))


def job_models():
    """The installed models that hold scheduled jobs, in a stable order."""
    found = [m for m in apps.get_models() if issubclass(m, ScheduledJob)]
    return sorted(found, key=lambda m: m._meta.label_lower)


def job_model(label):
    model = apps.get_model(label)
    if not issubclass(model, ScheduledJob):
        raise ValueError(f"{label} is not a scheduled job")
    return model


def _claimable(at):
    return Q(done_at__isnull=True, due_at__lte=at) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=at - claim_timeout())
    )


def _claim(model, at, pks):
    """Claim those of `pks` that are still claimable; returns the token and the pks won."""
    token = uuid.uuid4()
    won = model._default_manager.filter(_claimable(at), pk__in=pks).update(
        claimed_at=at, claim_token=token, attempts=F("attempts") + 1
    )
    if not won:
        return token, []
    mine = model._default_manager.filter(pk__in=pks, claim_token=token).order_by("due_at", "pk")
    return token, list(mine.values_list("pk", flat=True))


def _release(model, pks, token):
    """Hand claimed rows back untouched, e.g. when the run's time is up."""
    model._default_manager.filter(pk__in=pks, claim_token=token, done_at__isnull=True).update(
        claimed_at=None, claim_token=None, attempts=F("attempts") - 1
    )


def _load(model, pks):
    """The claimed rows with the relations their delivery reads, in due order (one query)."""
    rows = model._default_manager.filter(pk__in=pks).select_related(*model.delivery_select_related)
    return sorted(rows, key=lambda job: (job.due_at, job.pk))


def _delivered(jobs):
    """{job key: recipient ids} already recorded for these rows (one query)."""
    found = {}
    keys = [job.job_key for job in jobs]
    for key, recipient in Delivery.objects.filter(job__in=keys).values_list("job", "recipient_id"):
        found.setdefault(key, set()).add(recipient)
    return found


@contextlib.contextmanager
def _relaxed_commits():
    """On PostgreSQL, let the deliveries' COMMITs return before their WAL reaches the disk (one
    flush per delivery is otherwise the largest cost of a backlog), for the length of a batch. A
    worker crash changes nothing: what committed stays committed. Only a crash of the database
    server itself may forget the last fraction of a second of deliveries, which then go out again:
    sent twice, never lost. SCHEDULER_DURABLE_COMMIT=True keeps every commit flushed."""
    if connection.vendor != "postgresql" or getattr(settings, "SCHEDULER_DURABLE_COMMIT", False):
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _deliver_job(model, job, token, at, delivered=frozenset()):
    """Deliver one claimed row; returns its outcome, RETRY, or None when it is no longer ours.

    `job` was loaded after the claim; under the row lock its own columns are read again, since a
    cancellation closes the row and a new time moves `due_at`. `delivered` holds the recipients
    already recorded for it, looked up with its batch.
    """
    manager = model._default_manager
    pk = job.pk
    try:
        with transaction.atomic():
            due_at = (
                manager.select_for_update()
                .filter(pk=pk, claim_token=token, done_at__isnull=True)
                .values_list("due_at", flat=True)
                .first()
            )
            if due_at is None:
                return None  # closed or taken over since the claim
            if due_at > at:
                # Moved to a later time after the claim (a rescheduled meeting).
                manager.filter(pk=pk).update(claimed_at=None, claim_token=None, attempts=F("attempts") - 1)
                return None
            job.due_at = due_at
            outcome = job.skip_reason(at)
            if outcome is None:
                recipients = list(job.recipients())
                outcome = SENT if recipients else NO_RECIPIENTS
                new = [r for r in dict.fromkeys(recipients) if r.pk not in delivered]
                # The unique constraint stays the last guard: a conflict rolls the row back for a retry.
                Delivery.objects.bulk_create([Delivery(job=job.job_key, recipient=r, delivered_at=at) for r in new])
                for recipient in new:
                    job.deliver(recipient, at)
            manager.filter(pk=pk).update(done_at=at, outcome=outcome)
            return outcome
    except Exception:
        log.exception("scheduled job %s:%s failed", model._meta.label_lower, pk)
        return _give_back(model, pk, token, at, traceback.format_exc())


def _deliver(model, pk, token, at):
    """Deliver one claimed row on its own (a batch of one)."""
    jobs = _load(model, [pk])
    if not jobs:
        return None
    with model.delivery_batch(jobs, at), _relaxed_commits():
        return _deliver_job(model, jobs[0], token, at, _delivered(jobs).get(jobs[0].job_key, ()))


def _give_back(model, pk, token, at, error):
    rows = model._default_manager.filter(pk=pk, claim_token=token, done_at__isnull=True)
    attempts = rows.values_list("attempts", flat=True).first()
    if attempts is None:
        return None
    if attempts >= getattr(settings, "SCHEDULER_MAX_ATTEMPTS", 5):
        rows.update(done_at=at, outcome=FAILED, last_error=error)
        return FAILED
    rows.update(claimed_at=None, claim_token=None, last_error=error)
    return RETRY


def run_due(now=None, labels=None, prepare=True):
    """Deliver what is due, batch after batch, until nothing is due or the time budget is spent.

    Returns {model label: {outcome: count}} for the models that had work; RETRY counts rows given
    back after an error. `labels` limits the run to some models ("meetings.reminder"). A helper
    scan beside a tick passes prepare=False: the tick did the models' housekeeping (prepare_due).
    """
    now = now or timezone.now()
    deadline = time.monotonic() + getattr(settings, "SCHEDULER_TIME_BUDGET", 45.0)
    models = [m for m in job_models() if labels is None or m._meta.label_lower in labels]
    for model in models if prepare else ():
        try:
            with transaction.atomic():
                model.prepare_due(now)
        except Exception:
            log.exception("prepare_due of %s failed", model._meta.label_lower)
    counts = {model: Counter() for model in models}
    # Rows given back in this run wait for the next run instead of being retried at once.
    given_back = {model: set() for model in models}
    active = list(models)
    while active and time.monotonic() < deadline:
        # One batch per model in turn, so that one model's backlog does not starve the others.
        for model in list(active):
            if not _run_batch(model, max(now, timezone.now()), deadline, counts[model], given_back[model]):
                active.remove(model)
    return {model._meta.label_lower: dict(tally) for model, tally in counts.items() if tally}


def batch_size():
    return getattr(settings, "SCHEDULER_BATCH_SIZE", 100)


def helpers_wanted(now=None):
    """How many more scans to run beside this one: one per batch due beyond the first, at most
    SCHEDULER_FAN_OUT (one indexed LIMIT query per model)."""
    most = getattr(settings, "SCHEDULER_FAN_OUT", 0)
    if most <= 0:
        return 0
    at = now or timezone.now()
    wanted = (most + 1) * batch_size()
    due = 0
    for model in job_models():
        due += len(model._default_manager.filter(_claimable(at)).values_list("pk", flat=True)[: wanted - due])
        if due >= wanted:
            break
    return min(most, max(0, (due - 1) // batch_size()))


def next_due(after, within):
    """When the next tick should run: `after` itself while rows due by then wait untried (a run
    that spent its time budget left them), else the earliest time a pending job falls due in
    (after, after + within], else None. Rows given back after an error wait for the next scan.
    (One or two indexed queries per model.)"""
    until = after + timedelta(seconds=within)
    found = []
    for model in job_models():
        pending = model._default_manager.pending()
        if pending.filter(_claimable(after), attempts=0).exists():
            return after
        found.append(
            pending.filter(due_at__gt=after, due_at__lte=until)
            .order_by("due_at")
            .values_list("due_at", flat=True)
            .first()
        )
    return min((at for at in found if at is not None), default=None)


def _run_batch(model, at, deadline, tally, given_back):
    """Claim and deliver one batch of the model's due rows; False when the model is done for this run."""
    pks = list(
        model._default_manager.filter(_claimable(at))
        .exclude(pk__in=given_back)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[: batch_size()]
    )
    if not pks:
        return False
    try:
        with transaction.atomic():
            token, mine = _claim(model, at, pks)
    except DatabaseError:
        # E.g. a deadlock with a concurrent bulk update: the rows stay due for the next run.
        log.warning("claiming %s failed", model._meta.label_lower, exc_info=True)
        return False
    progress = failures = 0
    jobs = _load(model, mine)
    delivered = _delivered(jobs)
    with model.delivery_batch(jobs, at), _relaxed_commits():
        for i, job in enumerate(jobs):
            if time.monotonic() >= deadline:
                _release(model, [j.pk for j in jobs[i:]], token)
                return False
            outcome = _deliver_job(model, job, token, max(at, timezone.now()), delivered.get(job.job_key, ()))
            if outcome is None:
                continue
            tally[outcome] += 1
            if outcome == RETRY:
                given_back.add(job.pk)
                failures += 1
            else:
                progress += 1
    # A batch in which every delivery failed (the mail server is down?) ends the model's turn.
    return not (failures and not progress)


def run_one(label, pk, now=None):
    """Deliver one job now if it is due and not claimed (e.g. right after the commit that made it
    due); returns its outcome, RETRY, or None when there was nothing to do."""
    model = job_model(label)
    at = max(now or timezone.now(), timezone.now())
    token, mine = _claim(model, at, [pk])
    if not mine:
        return None
    return _deliver(model, pk, token, at)


def sent(counts, labels=None):
    """How many jobs a run's result says were sent, over all models or some."""
    return sum(t.get(SENT, 0) for label, t in counts.items() if labels is None or label in labels)
