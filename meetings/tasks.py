from celery import shared_task


@shared_task(acks_late=True)
def send_due_reminders():
    """The former beat task; messages already queued under this name run the one scheduler."""
    from core.scheduler import run_due

    return run_due()


@shared_task(acks_late=True)
def send_invitations(meeting_pk):
    """Notify the invited villages' officials of a new meeting; run twice, it tells nobody twice."""
    from .models import Meeting
    from .services import invite_officials

    meeting = Meeting.objects.filter(pk=meeting_pk).select_related("audience_network", "audience_region").first()
    if meeting is not None:
        invite_officials(meeting)
