"""Scheduled work as rows: one abstract job that apps subclass, and the record of each delivery.

An app's job model says when a row is due (`due_at`), whether it should still go out
(`skip_reason`), to whom (`recipients`) and how it reaches one person (`deliver`); core.scheduler
claims, delivers and closes the rows of every such model.
"""

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
