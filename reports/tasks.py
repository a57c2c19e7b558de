from celery import shared_task

from .services import dispatch_due_reminders


@shared_task(acks_late=True)
def send_report_reminders():
    """Beat, every minute: open rows for ended periods and remind what is due (rows are claimed)."""
    return dispatch_due_reminders()
