"""The one notification service every feature uses.

notify() records an in-app notification per recipient, once per event key, rendered in the
recipient's language, and queues its email after the transaction commits. Whether it is emailed
now, in the daily digest or not at all follows the recipient's setting for that kind, except for
transactional messages (approval results, changes to meetings one registered for), which always go
out at once. Delivery claims the row with a conditional update, so a task that runs twice sends
one mail.
"""

from django.conf import settings
from django.db import transaction

from notifications.emails import render_email
from notifications.models import EmailMode, Notification, NotificationSetting

STATE_FOR_MODE = {
    EmailMode.IMMEDIATE: Notification.Email.PENDING,
    EmailMode.DIGEST: Notification.Email.DIGEST,
    EmailMode.OFF: Notification.Email.SKIPPED,
}


def absolute_url(path, request=None):
    """The full link to `path`: on the host the user is on when there is a request, else SITE_ROOT.

    Pages build links from the request, so a QR code or share text shown on a site served at another
    host or port points back at it; mails and tasks have no request and use SITE_ROOT.
    """
    if not path or path.startswith("http"):
        return path
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_ROOT.rstrip("/") + path


def email_modes(users, kind):
    chosen = dict(NotificationSetting.objects.filter(user__in=users, kind=kind).values_list("user_id", "email"))
    return {user.pk: chosen.get(user.pk, EmailMode.IMMEDIATE) for user in users}


def notify(recipients, *, kind, key, template, context=None, url="", transactional=False, exclude=None):
    """Notify each recipient once about the event `key`; returns the notifications created.

    `template` names a pair of templates, `<template>_subject.txt` (the title) and
    `<template>_body.txt` (the text); both get `recipient`, `url` (absolute) and `context`.
    """
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if exclude is not None:
        users.pop(exclude.pk, None)
    users = list(users.values())
    if not users:
        return []
    modes = {u.pk: EmailMode.IMMEDIATE for u in users} if transactional else email_modes(users, kind)
    link = absolute_url(url)
    created = []
    for user in users:
        subject, body = render_email(user, template, {**(context or {}), "recipient": user, "url": link})
        title = subject.removeprefix(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
        notification, made = Notification.objects.get_or_create(
            recipient=user,
            key=key,
            defaults={
                "kind": kind,
                "title": title[:255],
                "body": body,
                "url": url,
                "transactional": transactional,
                "email_state": STATE_FOR_MODE[modes[user.pk]],
            },
        )
        if made:
            created.append(notification)
    to_send = [n.pk for n in created if n.email_state == Notification.Email.PENDING]
    if to_send:
        from notifications.tasks import deliver_notification

        transaction.on_commit(lambda: [deliver_notification.delay(pk) for pk in to_send])
    return created
