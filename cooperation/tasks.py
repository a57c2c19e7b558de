from celery import shared_task


@shared_task(acks_late=True)
def send_cooperation_reminders():
    """Kept for tasks queued before the cooperation reminders joined core's scheduler (beat runs
    core.tasks.run_due_jobs): delivers the due cooperation reminders only."""
    from cooperation.services import send_due_reminders

    return send_due_reminders()
