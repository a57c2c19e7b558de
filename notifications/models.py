"""In-app notifications, how each user wants them emailed or pushed, and the scheduled jobs that send them.

A notification to be emailed at once gets a NotificationEmail row; one waiting for the digest
makes sure its recipient has a DailyDigest row for the next digest time; one to be pushed gets a
PushMessage row per subscribed browser. core.scheduler claims and delivers them, like every other
thing sent later.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ScheduledJob, due_index

# The daily digest goes out at 06:00 WIB, before the working day in the western zone and within
# it in WITA and WIT.
DIGEST_ZONE = ZoneInfo("Asia/Jakarta")
DIGEST_TIME = time(6, 0)


def next_digest(after):
    """The day and the moment of the first digest after `after`."""
    local = after.astimezone(DIGEST_ZONE)
    day = local.date() if local.time() < DIGEST_TIME else local.date() + timedelta(days=1)
    return day, datetime.combine(day, DIGEST_TIME, DIGEST_ZONE)


class NotificationKind(models.TextChoices):
    DISCUSSIONS = "discussions", _("Diskusi")
    MEETINGS = "meetings", _("Rapat dan pelatihan")
    APPROVALS = "approvals", _("Persetujuan")
    REPORTS = "reports", _("Laporan kegiatan")
    LIBRARY = "library", _("Pustaka praktik baik")
    COOPERATION = "cooperation", _("Kerja sama antar desa")


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Email segera")
    DIGEST = "digest", _("Ringkasan harian")
    OFF = "off", _("Tanpa email")


class NotificationSetting(models.Model):
    """How a user wants email for one kind of notification; no row means email immediately."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    email = models.CharField(max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)
    # To the phones the user turned push on for; without a subscription it changes nothing.
    push = models.BooleanField(default=True)

    class Meta:
        db_table = "accounts_notificationsetting"  # kept from before the app was split out
        verbose_name = _("pengaturan notifikasi")
        verbose_name_plural = _("pengaturan notifikasi")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_setting_per_kind")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} → {self.get_email_display()}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing one user should hear about: shown in the app, and emailed at most once."""

    class Email(models.TextChoices):
        # What happened to the email; the claim and retries live on its job (NotificationEmail).
        PENDING = "pending", _("menunggu dikirim")
        SENT = "sent", _("terkirim")
        DIGEST = "digest", _("menunggu ringkasan")
        SKIPPED = "skipped", _("tidak diemail")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("jenis"), max_length=20, choices=NotificationKind.choices)
    # The event it reports ("official-decided:42"): one notification per recipient and event.
    key = models.CharField(max_length=120)
    title = models.CharField(_("judul"), max_length=255)
    body = models.TextField(_("isi"))
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    transactional = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=Email.choices, default=Email.PENDING)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        db_table = "accounts_notification"  # kept from before the app was split out
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_event")]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.title}"


class NotificationEmail(ScheduledJob):
    """The email of one notification, due when the notification is made."""

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="email_job", verbose_name=_("notifikasi")
    )

    delivery_select_related = ("notification__recipient",)

    class Meta:
        verbose_name = _("email notifikasi")
        verbose_name_plural = _("email notifikasi")
        indexes = [due_index("notification_email_pending_due")]

    def __str__(self):
        return str(self.notification)

    def recipients(self):
        return [self.notification.recipient]

    def deliver(self, recipient, now):
        from .services import send_notification_email

        send_notification_email(self.notification, now)


class DailyDigest(ScheduledJob):
    """One user's digest of one day: everything waiting for it when it goes out, in one mail."""

    EMPTY = "empty"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("penerima")
    )
    day = models.DateField(_("tanggal"))

    delivery_select_related = ("recipient",)

    class Meta:
        verbose_name = _("ringkasan harian")
        verbose_name_plural = _("ringkasan harian")
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="one_digest_per_recipient_day")]
        indexes = [due_index("daily_digest_pending_due")]

    def __str__(self):
        return f"{self.recipient} @ {self.day}"

    def skip_reason(self, now):
        # Locked here, in the transaction that sends the mail and closes the job: a digest of
        # another day being sent at the same time waits and then finds these rows already sent.
        self.waiting = list(
            Notification.objects.select_for_update()
            .filter(recipient_id=self.recipient_id, email_state=Notification.Email.DIGEST)
            .order_by("created_at", "pk")
        )
        return None if self.waiting else self.EMPTY

    def recipients(self):
        return [self.recipient]

    def deliver(self, recipient, now):
        from .services import send_digest

        send_digest(recipient, self.waiting, now)


class PushSubscription(models.Model):
    """One browser (a phone, usually) that agreed to receive Web Push for its user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    # The push service's address for this browser; it identifies the subscription.
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("langganan notifikasi ponsel")
        verbose_name_plural = _("langganan notifikasi ponsel")

    def __str__(self):
        return f"{self.user}: {self.user_agent or self.endpoint[:60]}"

    def info(self):
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class PushMessage(ScheduledJob):
    """One notification pushed to one subscribed browser, due when the notification is made."""

    GONE = "gone"

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="push_jobs", verbose_name=_("notifikasi")
    )
    # Null once the push service said the browser unsubscribed: the row stays as the record.
    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("langganan")
    )

    delivery_select_related = ("notification__recipient", "subscription")

    class Meta:
        verbose_name = _("notifikasi ponsel")
        verbose_name_plural = _("notifikasi ponsel")
        constraints = [
            models.UniqueConstraint(fields=["notification", "subscription"], name="one_push_per_subscription")
        ]
        indexes = [due_index("push_message_pending_due")]

    def __str__(self):
        return str(self.notification)

    def skip_reason(self, now):
        return self.GONE if self.subscription is None else None

    def recipients(self):
        return [self.notification.recipient]

    def deliver(self, recipient, now):
        from .push import send_push

        send_push(self)
