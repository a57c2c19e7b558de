"""Web Push: notifications shown on the lock screen of the phones a user subscribed.

A notification whose recipient has push on for its kind gets one PushMessage job per subscribed
browser (notifications.models), run by core.scheduler like the mails: queued when the transaction
commits, caught up by the scheduler's scan, delivered once per subscription. The channel exists only
when the site has VAPID keys (settings VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY / VAPID_SUBJECT).
"""

import base64
import json
import logging

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

# How long the push service keeps a message for a phone that is off (a day: a reminder sent
# later than that is no help).
PUSH_TTL = 24 * 3600
BODY_LIMIT = 240


def push_enabled():
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def new_vapid_keys():
    """A fresh key pair: the private key as base64url of its 32 bytes, the public key as the
    base64url uncompressed point browsers take as applicationServerKey."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return b64url(private), b64url(public)


def payload(notification):
    from .services import absolute_url

    body = " ".join(notification.body.split())
    if len(body) > BODY_LIMIT:
        body = body[: BODY_LIMIT - 1].rstrip() + "…"
    return {
        "title": notification.title,
        "body": body,
        "url": absolute_url(f"/akun/notifikasi/{notification.pk}/"),
        "tag": notification.key,
    }


def schedule_push(notifications):
    """PushMessage jobs for freshly made notifications whose recipients want them pushed."""
    from .models import NotificationSetting, PushMessage, PushSubscription

    if not notifications or not push_enabled():
        return
    users = {n.recipient_id for n in notifications}
    subscriptions = {}
    for sub in PushSubscription.objects.filter(user_id__in=users).only("pk", "user_id"):
        subscriptions.setdefault(sub.user_id, []).append(sub.pk)
    if not subscriptions:
        return
    off = set(NotificationSetting.objects.filter(user_id__in=subscriptions, push=False).values_list("user_id", "kind"))
    jobs = PushMessage.objects.bulk_create(
        [
            PushMessage(notification=n, subscription_id=sub, due_at=n.created_at)
            for n in notifications
            if (n.recipient_id, n.kind) not in off
            for sub in subscriptions.get(n.recipient_id, ())
        ]
    )
    if jobs:
        from core.tasks import run_job

        pks = [job.pk for job in jobs]
        label = PushMessage._meta.label_lower
        transaction.on_commit(lambda: [run_job.delay(label, pk) for pk in pks], robust=True)


def send_push(job):
    """Push one job's notification to its browser. A push service that says the subscription is
    gone (404/410) gets it deleted; any other failure raises, and the scheduler tries again."""
    from pywebpush import WebPushException, webpush

    from .models import PushMessage

    subscription = job.subscription
    try:
        webpush(
            subscription.info(),
            data=json.dumps(payload(job.notification), ensure_ascii=False),
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=PUSH_TTL,
            timeout=10,
        )
    except WebPushException as error:
        if error.status_code in (404, 410):
            log.info("push subscription %s is gone", subscription.pk)
            subscription.delete()
            PushMessage.objects.filter(pk=job.pk).update(last_error=f"{error.status_code}: gone")
            return
        raise
