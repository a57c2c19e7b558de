from celery import shared_task

from . import scheduler


@shared_task(acks_late=True)
def run_due_jobs():
    """Beat, every scan: deliver every scheduled job that is due. Safe to run twice at once."""
    return scheduler.run_due()


@shared_task(acks_late=True)
def run_job(label, pk):
    """Deliver one job now; queue it with transaction.on_commit once the row is committed."""
    return scheduler.run_one(label, pk)
