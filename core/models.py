"""Scheduled work as rows: one abstract job that apps subclass, and the record of each delivery.

An app's job model says when a row is due (`due_at`), whether it should still go out
(`skip_reason`), to whom (`recipients`) and how it reaches one person (`deliver`); core.scheduler
claims, delivers and closes the rows of every such model.
"""

import contextlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SENT = "sent"
FAILED = "failed"
NO_RECIPIENTS = "no_recipients"


def due_index(name):
    """The partial index the scheduler's scan uses; a subclass lists it in Meta.indexes."""
    return models.Index(fields=["due_at"], condition=Q(done_at__isnull=True), name=name)


class ScheduledJobQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(done_at__isnull=True)

    def close(self, outcome, now=None):
        """Close the pending rows without sending. A row a worker is delivering right now is
        locked by it, so this waits and then leaves the row as that worker closed it."""
        return self.pending().update(done_at=now or timezone.now(), outcome=outcome)


class ScheduledJob(models.Model):
    due_at = models.DateTimeField(_("jatuh tempo"))
    # A claim is a lease: a worker that dies keeps it only until SCHEDULER_CLAIM_TIMEOUT passes.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)

    # Relations the scheduler loads with each claimed row (for skip_reason, recipients, deliver).
    delivery_select_related = ()

    objects = ScheduledJobQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def prepare_due(cls, now):
        """Bulk housekeeping before the scheduler claims, e.g. closing rows that can no longer go
        out; skip_reason stays the authority for each row."""

    @classmethod
    def delivery_batch(cls, jobs, now):
        """A context manager around the delivery of a claimed batch (`jobs`, loaded with
        delivery_select_related). A model may look up in bulk what its rows' skip_reason and
        deliver would otherwise query one by one, and share a connection to a mail server, for the
        length of the batch. Each row is still delivered in a transaction of its own."""
        return contextlib.nullcontext()

    def skip_reason(self, now):
        """Why this row must be closed without sending (an outcome such as "cancelled"), or None."""
        return None

    def recipients(self):
        raise NotImplementedError

    def deliver(self, recipient, now):
        """Send to one recipient. Runs inside the transaction that records the delivery and
        closes the row: whatever it writes to the database commits or rolls back with them."""
        raise NotImplementedError

    @property
    def job_key(self):
        return f"{self._meta.label_lower}:{self.pk}"


class Delivery(models.Model):
    """Proof that one scheduled job reached one person; the unique constraint is the last guard
    against sending twice."""

    job = models.CharField(_("tugas"), max_length=100)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    delivered_at = models.DateTimeField(_("terkirim"), default=timezone.now)

    class Meta:
        verbose_name = _("kiriman terjadwal")
        verbose_name_plural = _("kiriman terjadwal")
        constraints = [models.UniqueConstraint(fields=["job", "recipient"], name="one_delivery_per_job_recipient")]

    def __str__(self):
        return f"{self.job} → {self.recipient_id} @ {self.delivered_at}"


class Lease(models.Model):
    """A named lock held for a bounded time in the database every process shares (core.leases):
    one scheduler tick at a time, however many beat processes run on however many machines."""

    name = models.CharField(_("nama"), max_length=100, primary_key=True)
    holder = models.UUIDField(_("pemegang"), null=True, blank=True)
    expires_at = models.DateTimeField(_("berakhir"), null=True, blank=True)
    acquired_at = models.DateTimeField(_("diambil"), null=True, blank=True)

    class Meta:
        verbose_name = _("kunci bersama")
        verbose_name_plural = _("kunci bersama")

    def __str__(self):
        return self.name


class AuditEntryQuerySet(models.QuerySet):
    def in_regions(self, codes):
        """Entries about the regions with these codes or inside them (whole code segments)."""
        q = Q(pk__in=[])
        for code in codes:
            q |= Q(region_code=code) | Q(region_code__startswith=code + ".")
        return self.filter(q)


class AuditEntry(models.Model):
    """One decision someone took: who, when, what, about which object, where (region) and from which
    address. Written by core.audit.record() from the services; never edited afterwards."""

    class Action(models.TextChoices):
        OFFICIAL_APPROVED = "official_approved", _("Permintaan jabatan disetujui")
        OFFICIAL_REJECTED = "official_rejected", _("Permintaan jabatan ditolak")
        OFFICIAL_ENDED = "official_ended", _("Masa jabatan diakhiri")
        OFFICIAL_CHANGED = "official_changed", _("Data jabatan diubah")
        ROLE_CHANGED = "role_changed", _("Peran staf wilayah diubah")
        REPORT_APPROVED = "report_approved", _("Laporan kegiatan disetujui")
        REPORT_RETURNED = "report_returned", _("Laporan kegiatan dikembalikan")
        AGREEMENT_PROPOSED = "agreement_proposed", _("Kerja sama diajukan")
        AGREEMENT_CONFIRMED = "agreement_confirmed", _("Kerja sama dikonfirmasi")
        AGREEMENT_COMPLETED = "agreement_completed", _("Kerja sama diselesaikan")
        AGREEMENT_TERMINATED = "agreement_terminated", _("Kerja sama dihentikan")
        THREAD_MODERATED = "thread_moderated", _("Diskusi dimoderasi")
        POST_HIDDEN = "post_hidden", _("Pesan disembunyikan")
        POST_SHOWN = "post_shown", _("Pesan ditampilkan lagi")
        POST_REPORT_RESOLVED = "post_report_resolved", _("Laporan pesan ditangani")
        EXPORT = "export", _("Data diunduh (CSV/XLSX)")
        DELETED = "deleted", _("Data dihapus")
        ACCOUNT_DELETED = "account_deleted", _("Akun dihapus")

    at = models.DateTimeField(_("waktu"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    action = models.CharField(_("tindakan"), max_length=40, choices=Action.choices)
    target_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=40, blank=True)
    target_repr = models.CharField(_("objek"), max_length=300, blank=True)
    # The Kemendagri code of the region the decision belongs to; empty when it belongs to none
    # (then only admins see it).
    region_code = models.CharField(_("kode wilayah"), max_length=32, blank=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    details = models.JSONField(_("rincian"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_newest_first"),
            # Staff see their region by code prefix; varchar_pattern_ops serves LIKE 'x.%' on PostgreSQL.
            models.Index(fields=["region_code"], name="audit_region_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["action", "-at"], name="audit_by_action"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}: {self.target_repr}"
