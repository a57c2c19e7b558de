"""In-app notifications and how each user wants them emailed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        PENDING = "pending", _("menunggu dikirim")
        SENDING = "sending", _("sedang dikirim")
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
            models.Index(fields=["email_state", "created_at"], name="notification_email_queue"),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.title}"
