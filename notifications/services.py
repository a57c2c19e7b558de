"""The one notification service every feature uses.

notify() records an in-app notification per recipient, once per event key, rendered in the
recipient's language. Whether it is emailed now, in the daily digest or not at all follows the
recipient's setting for that kind, except for transactional messages (approval results, changes to
meetings one registered for), which always go out at once, and for callers that send their own mail
(`email=False`). Independently of email, each is pushed to the browsers the recipient subscribed
unless they turned push off for its kind (notifications.push). The mails and pushes are
core.scheduler jobs (NotificationEmail, DailyDigest, PushMessage): an immediate one is run by a
task queued when the transaction commits, and the scheduler's scan catches any whose task was
lost; the scheduler's claim and delivery record send each once.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from core.tasks import run_job
from notifications.emails import render_email
from notifications.models import (
    DailyDigest,
    EmailMode,
    Notification,
    NotificationEmail,
    NotificationSetting,
    next_digest,
)
from notifications.push import schedule_push

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


def notify(
    recipients,
    *,
    kind,
    key,
    template,
    context=None,
    url="",
    transactional=False,
    exclude=None,
    email=True,
    savepoint=True,
):
    """Notify each recipient once about the event `key`; returns the notifications created.

    `template` names a pair of templates, `<template>_subject.txt` (the title) and
    `<template>_body.txt` (the text); both get `recipient`, `url` (absolute) and `context`.
    `email=False` records the notifications without any email, for a caller that mails them itself.
    Who already has the event's notification is looked up in one query and the others get theirs in
    one INSERT; should a concurrent call insert one first, the INSERT is rolled back to a savepoint
    and each is made with get_or_create. `savepoint=False` spares that savepoint for a caller whose
    transaction may simply fail and be tried again (a scheduler delivery: the retry finds the row).
    """
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if exclude is not None:
        users.pop(exclude.pk, None)
    users = list(users.values())
    if not users:
        return []
    if not email:
        modes = {u.pk: EmailMode.OFF for u in users}
    elif transactional:
        modes = {u.pk: EmailMode.IMMEDIATE for u in users}
    else:
        modes = email_modes(users, kind)
    link = absolute_url(url)
    had = set(Notification.objects.filter(recipient__in=users, key=key).values_list("recipient_id", flat=True))
    fresh = []
    for user in users:
        if user.pk in had:
            continue
        subject, body = render_email(user, template, {**(context or {}), "recipient": user, "url": link})
        title = subject.removeprefix(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
        fresh.append(
            Notification(
                recipient=user,
                key=key,
                kind=kind,
                title=title[:255],
                body=body,
                url=url,
                transactional=transactional,
                email_state=STATE_FOR_MODE[modes[user.pk]],
            )
        )
    if not fresh:
        return []
    if savepoint:
        try:
            with transaction.atomic():
                created = Notification.objects.bulk_create(fresh)
        except IntegrityError:
            created = _one_by_one(fresh)
    else:
        created = Notification.objects.bulk_create(fresh)
    schedule_emails(created)
    schedule_push(created)
    return created


def _one_by_one(fresh):
    """The notifications among `fresh` that no one else made meanwhile, each made on its own."""
    created = []
    for candidate in fresh:
        fields = {f.attname: getattr(candidate, f.attname) for f in Notification._meta.concrete_fields}
        fields.pop("id")
        recipient, key = fields.pop("recipient_id"), fields.pop("key")
        notification, made = Notification.objects.get_or_create(recipient_id=recipient, key=key, defaults=fields)
        if made:
            created.append(notification)
    return created


def schedule_emails(notifications):
    """The scheduled jobs that email freshly made notifications."""
    immediate = [n for n in notifications if n.email_state == Notification.Email.PENDING]
    if immediate:
        jobs = NotificationEmail.objects.bulk_create(
            [NotificationEmail(notification=n, due_at=n.created_at) for n in immediate]
        )
        pks = [job.pk for job in jobs]
        label = NotificationEmail._meta.label_lower
        # Robust: with the broker down the commit still stands, and the scheduler's scan sends them.
        transaction.on_commit(lambda: [run_job.delay(label, pk) for pk in pks], robust=True)
    digest = [n for n in notifications if n.email_state == Notification.Email.DIGEST]
    if digest:
        day, due_at = next_digest(digest[0].created_at)
        DailyDigest.objects.bulk_create(
            [DailyDigest(recipient_id=n.recipient_id, day=day, due_at=due_at) for n in digest],
            ignore_conflicts=True,
        )


# ---- Delivery (core's scheduler calls these from NotificationEmail.deliver and DailyDigest.deliver) ----


def send_notification_email(notification, now):
    Notification.objects.filter(pk=notification.pk).update(email_state=Notification.Email.SENT, emailed_at=now)
    # Last, so that an error above leaves nothing sent; the scheduler commits right after it.
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + notification.title,
        notification.body,
        None,
        [notification.recipient.email],
    )


def send_digest(user, notifications, now):
    """One mail listing `notifications`, which are marked sent with it."""
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        email_state=Notification.Email.SENT, emailed_at=now
    )
    context = {"recipient": user, "notifications": notifications, "site_root": settings.SITE_ROOT.rstrip("/")}
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("notifications/emails/digest_subject.txt", context).split())
        body = render_to_string("notifications/emails/digest_body.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])


def erase_person(user, former_name):
    """For an account deleted by its owner: their notifications, unsent mails and settings go."""
    from notifications.models import DailyDigest, Notification, NotificationSetting

    DailyDigest.objects.filter(recipient=user).delete()
    removed = Notification.objects.filter(recipient=user).delete()[1].get(Notification._meta.label, 0)
    NotificationSetting.objects.filter(user=user).delete()
    return {"notifikasi_dihapus": removed}
