import logging

from celery import shared_task
from django.conf import settings

from . import leases, scheduler

log = logging.getLogger(__name__)

# The lease outlives the run's time budget a little; a tick whose worker died frees it on expiry.
TICK_LEASE = "scheduler-tick"


def tick_lease_seconds():
    return getattr(settings, "SCHEDULER_TIME_BUDGET", 45.0) + 15


@shared_task(acks_late=True)
def run_due_jobs():
    """Beat, every scan: deliver every scheduled job that is due.

    One tick at a time across every machine, however many beat processes send this task: a tick
    that finds the lease held returns None and leaves the work to the running one (whose claims
    would keep a second tick from sending anything twice anyway, but two ticks would only compete
    for the same rows)."""
    with leases.held(TICK_LEASE, tick_lease_seconds()) as token:
        if token is None:
            log.info("scheduler tick skipped: another tick is running")
            return None
        return scheduler.run_due()


@shared_task(acks_late=True)
def run_job(label, pk):
    """Deliver one job now; queue it with transaction.on_commit once the row is committed."""
    return scheduler.run_one(label, pk)
