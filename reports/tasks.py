from celery import shared_task

from .services import dispatch_due_reminders


@shared_task(acks_late=True)
def send_report_reminders():
    """Kept for tasks queued before the report reminders joined core's scheduler (beat runs
    core.tasks.run_due_jobs): delivers the due report reminders only."""
    return dispatch_due_reminders()
