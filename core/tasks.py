import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import leases, scheduler

log = logging.getLogger(__name__)

# The lease outlives the run's time budget a little; a tick whose worker died frees it on expiry.
TICK_LEASE = "scheduler-tick"
WAKE_SPACING = 5.0


def tick_lease_seconds():
    return getattr(settings, "SCHEDULER_TIME_BUDGET", 45.0) + 15


@shared_task(acks_late=True)
def run_due_jobs(fan_out=True):
    """Beat, every scan: deliver every scheduled job that is due.

    One tick at a time across every machine, however many beat processes send this task: a tick
    that finds the lease held returns None and leaves the work to the running one. A tick that
    finds more than a batch due queues helper scans (up to SCHEDULER_FAN_OUT, `fan_out=False`),
    which take no lease: the scheduler's claims keep them and the tick from sending anything
    twice, so every worker claims and delivers batches side by side. A tick that ran queues the
    next one for the moment the next job falls due, if that comes before the next scan."""
    if not fan_out:
        return scheduler.run_due(prepare=False)
    with leases.held(TICK_LEASE, tick_lease_seconds()) as token:
        if token is None:
            log.info("scheduler tick skipped: another tick is running")
            return None
        for _ in range(scheduler.helpers_wanted()):
            run_due_jobs.delay(fan_out=False)
        result = scheduler.run_due()
    _wake_for_next_due()
    return result


def _wake_for_next_due():
    """Queue a tick for the moment the next job falls due before the next scan, so that a reminder
    due 10 s after a scan goes out then, not up to a scan interval later."""
    if run_due_jobs.app.conf.task_always_eager:
        return  # in-process (tests, a site without workers) the countdown would be ignored
    now = timezone.now()
    at = scheduler.next_due(now, settings.SCAN_INTERVAL_SECONDS)
    if at is not None:
        # Not sooner than a few seconds: jobs falling due every moment make one tick per few seconds.
        run_due_jobs.apply_async(countdown=max(WAKE_SPACING, (at - now).total_seconds()))


@shared_task(acks_late=True)
def run_job(label, pk):
    """Deliver one job now; queue it with transaction.on_commit once the row is committed."""
    return scheduler.run_one(label, pk)
