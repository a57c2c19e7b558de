from celery import shared_task


@shared_task(acks_late=True)
def send_due_reminders():
    """The former beat task; messages already queued under this name run the one scheduler."""
    from core.scheduler import run_due

    return run_due()
