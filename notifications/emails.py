"""Email rendered in the recipient's language.

Notifications to users go through notifications.services.notify(), whose mails are scheduler
jobs; this module renders them, and mails addresses that have no account yet (invitations) by a
Celery task queued after the commit."""

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


def email_address(address, template, context, language=None):
    """The same for an address with no account yet (invitations)."""
    from accounts.models import User
    from notifications.tasks import send_email

    subject, body = render_email(User(email=address, language=language or settings.LANGUAGE_CODE), template, context)
    transaction.on_commit(lambda: send_email.delay(address, subject, body))
