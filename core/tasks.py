from celery import shared_task

from . import scheduler


@shared_task(acks_late=True)
def run_due_jobs(fan_out=True):
    """Beat, every scan: deliver every scheduled job that is due. Safe to run twice at once, which
    is how a backlog is shared: with more than a batch due, the scan queues helpers (up to
    SCHEDULER_FAN_OUT) so every worker claims and delivers batches side by side."""
    if fan_out:
        for _ in range(scheduler.helpers_wanted()):
            run_due_jobs.delay(fan_out=False)
    return scheduler.run_due()


@shared_task(acks_late=True)
def run_job(label, pk):
    """Deliver one job now; queue it with transaction.on_commit once the row is committed."""
    return scheduler.run_one(label, pk)
