import smtplib

from celery import shared_task
from django.core.mail import send_mail


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_kwargs={"max_retries": 6},
)
def send_email(to, subject, body):
    send_mail(subject, body, None, [to])
