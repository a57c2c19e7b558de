from celery import shared_task


@shared_task(acks_late=True)
def send_cooperation_reminders():
    """Beat, every minute: send the cooperation reminders that are due (see cooperation.services)."""
    from cooperation.services import send_due_reminders

    return send_due_reminders()
