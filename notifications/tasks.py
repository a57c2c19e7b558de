"""Mail to addresses that have no account yet. Notification mails and digests are core.scheduler
jobs (notifications.models.NotificationEmail and DailyDigest), run by core.tasks."""

import smtplib

from celery import shared_task
from django.core.mail import send_mail

RETRYABLE = (smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task(acks_late=True, autoretry_for=RETRYABLE, retry_backoff=30, retry_kwargs={"max_retries": 6})
def send_email(to, subject, body):
    send_mail(subject, body, None, [to])
