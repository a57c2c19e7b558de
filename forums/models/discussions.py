"""Discussions inside a network: threads of posts, their attachments, reports and readers.

The opening text of a thread is its first Post, so editing, hiding, reporting and attachments work
the same for the opening and for replies.
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import AttachmentBase


class ThreadQuerySet(models.QuerySet):
    def visible_to_members(self):
        return self.filter(is_hidden=False)

    def with_last_read(self, user):
        """Annotate last_read_at: when this user last opened each thread (None: never)."""
        reads = ThreadReader.objects.filter(thread=OuterRef("pk"), user=user)
        return self.annotate(last_read_at=Subquery(reads.values("last_read_at")[:1]))


class Thread(models.Model):
    network = models.ForeignKey(
        "forums.Network", on_delete=models.CASCADE, related_name="threads", verbose_name=_("jaringan")
    )
    title = models.CharField(_("judul"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="threads",
        verbose_name=_("penulis"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    # Kept on the row so the list orders and marks unread threads without counting posts.
    last_post_at = models.DateTimeField(_("pesan terakhir"), default=timezone.now, db_index=True)
    reply_count = models.PositiveIntegerField(_("jumlah balasan"), default=0)
    is_pinned = models.BooleanField(_("disematkan"), default=False)
    is_locked = models.BooleanField(_("dikunci"), default=False)
    is_hidden = models.BooleanField(_("disembunyikan"), default=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        db_table = "knowledge_thread"  # kept from before the app was split out
        verbose_name = _("topik diskusi")
        verbose_name_plural = _("topik diskusi")
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        indexes = [models.Index(fields=["network", "-is_pinned", "-last_post_at"], name="thread_list")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("forums:thread_detail", args=[self.pk])

    def is_unread(self, last_read_at):
        return last_read_at is None or self.last_post_at > last_read_at


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("topik"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("penulis")
    )
    # The village the author spoke for when writing; officials move, their old posts do not.
    author_village = models.ForeignKey(
        "villages.Village", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("isi"))
    is_opening = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    edited_at = models.DateTimeField(_("diubah"), null=True, blank=True)
    is_hidden = models.BooleanField(_("disembunyikan"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "knowledge_post"  # kept from before the app was split out
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.thread}: {self.body[:40]}"


class PostAttachment(AttachmentBase):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        db_table = "knowledge_postattachment"  # kept from before the app was split out
        verbose_name = _("lampiran pesan")
        verbose_name_plural = _("lampiran pesan")
        ordering = ["pk"]


class PostReport(models.Model):
    """A reader flags a post for the coordinators; resolved reports stay as history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("alasan"))
    created_at = models.DateTimeField(_("dilaporkan"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("ditangani"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "knowledge_postreport"  # kept from before the app was split out
        verbose_name = _("laporan pesan")
        verbose_name_plural = _("laporan pesan")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_report_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.reporter}: {self.reason[:40]}"


class ThreadReader(models.Model):
    """One user's relation to one thread: when they last read it, and whether they watch or mute it."""

    class Watch(models.TextChoices):
        NONE = "", _("biasa")
        WATCHING = "watching", _("dipantau")
        MUTED = "muted", _("dibisukan")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="readers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_reads")
    last_read_at = models.DateTimeField(null=True, blank=True)
    watch = models.CharField(max_length=10, choices=Watch.choices, default=Watch.NONE, blank=True)

    class Meta:
        db_table = "knowledge_threadreader"  # kept from before the app was split out
        verbose_name = _("pembaca topik")
        verbose_name_plural = _("pembaca topik")
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="one_reader_row_per_thread_user")]

    def __str__(self):
        return f"{self.user} — {self.thread}"
