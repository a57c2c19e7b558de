"""Email to one user, rendered in their language and sent by a Celery task after the commit."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def render_email(user, template, context):
    """Render templates `<template>_subject.txt` and `<template>_body.txt` in the user's language."""
    context = {"user": user, "site_root": settings.SITE_ROOT, "site_name": settings.SITE_NAME, **context}
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_body.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    return subject, body


def email_user(user, template, context):
    """Queue the mail once the surrounding transaction commits, so nothing is sent for a rollback."""
    from .tasks import send_email

    subject, body = render_email(user, template, context)
    transaction.on_commit(lambda: send_email.delay(user.email, subject, body))


def email_address(address, template, context, language=None):
    """The same for an address with no account yet (invitations)."""
    from .models import User
    from .tasks import send_email

    subject, body = render_email(User(email=address, language=language or settings.LANGUAGE_CODE), template, context)
    transaction.on_commit(lambda: send_email.delay(address, subject, body))
