import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import Notification

RETRYABLE = (smtplib.SMTPException, ConnectionError, TimeoutError)
STUCK_AFTER = timedelta(minutes=15)
MISSED_AFTER = timedelta(minutes=2)


@shared_task(acks_late=True, autoretry_for=RETRYABLE, retry_backoff=30, retry_kwargs={"max_retries": 6})
def send_email(to, subject, body):
    send_mail(subject, body, None, [to])


@shared_task(acks_late=True, autoretry_for=RETRYABLE, retry_backoff=30, retry_kwargs={"max_retries": 6})
def deliver_notification(pk):
    """Email one notification, at most once: the conditional update is the claim."""
    claimed = Notification.objects.filter(pk=pk, email_state=Notification.Email.PENDING).update(
        email_state=Notification.Email.SENDING
    )
    if not claimed:
        return "already handled"
    notification = Notification.objects.select_related("recipient").get(pk=pk)
    body = notification.body
    try:
        send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + notification.title, body, None, [notification.recipient.email]
        )
    except Exception:
        Notification.objects.filter(pk=pk).update(email_state=Notification.Email.PENDING)
        raise
    Notification.objects.filter(pk=pk).update(email_state=Notification.Email.SENT, emailed_at=timezone.now())
    return "sent"


@shared_task(acks_late=True)
def send_pending_notifications():
    """Beat, every minute: catch mails whose task was lost (broker down at commit, worker killed)."""
    now = timezone.now()
    Notification.objects.filter(
        email_state=Notification.Email.SENDING, created_at__lt=now - STUCK_AFTER, emailed_at__isnull=True
    ).update(email_state=Notification.Email.PENDING)
    pending = Notification.objects.filter(
        email_state=Notification.Email.PENDING, created_at__lt=now - MISSED_AFTER
    ).values_list("pk", flat=True)[:500]
    count = 0
    for pk in pending:
        deliver_notification.delay(pk)
        count += 1
    return count


@shared_task(acks_late=True)
def send_digests():
    """Beat, daily: one mail per user with everything they chose to get as a digest."""
    recipients = (
        Notification.objects.filter(email_state=Notification.Email.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in list(recipients):
        sent += send_digest_to(recipient_id)
    return sent


def send_digest_to(recipient_id):
    rows = list(
        Notification.objects.filter(recipient_id=recipient_id, email_state=Notification.Email.DIGEST)
        .select_related("recipient")
        .order_by("created_at")[:200]
    )
    if not rows:
        return 0
    claimed = Notification.objects.filter(Q(pk__in=[n.pk for n in rows]), email_state=Notification.Email.DIGEST).update(
        email_state=Notification.Email.SENDING
    )
    if claimed != len(rows):
        # Another digest run took some of them; put ours back for the next run.
        Notification.objects.filter(pk__in=[n.pk for n in rows], email_state=Notification.Email.SENDING).update(
            email_state=Notification.Email.DIGEST
        )
        return 0
    user = rows[0].recipient
    context = {"recipient": user, "notifications": rows, "site_root": settings.SITE_ROOT.rstrip("/")}
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("notifications/emails/digest_subject.txt", context).split())
        body = render_to_string("notifications/emails/digest_body.txt", context)
    try:
        send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])
    except Exception:
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(email_state=Notification.Email.DIGEST)
        raise
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
        email_state=Notification.Email.SENT, emailed_at=timezone.now()
    )
    return 1
