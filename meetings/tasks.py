from celery import shared_task

from .services import dispatch_due_reminders


@shared_task(acks_late=True)
def send_due_reminders():
    """Beat, every minute: send what is due. Safe to run twice at once (rows are claimed)."""
    return dispatch_due_reminders()
