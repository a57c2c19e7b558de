"""Activity reports a village submits per period, their review by district staff, and their
reminders (rows of core's scheduler).
"""

import zoneinfo
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import ScheduledJob, due_index
from core.uploads import AttachmentBase
from regions.models import Region
from villages.models import Village

MONTHS = [
    _("Januari"), _("Februari"), _("Maret"), _("April"), _("Mei"), _("Juni"),
    _("Juli"), _("Agustus"), _("September"), _("Oktober"), _("November"), _("Desember"),
]  # fmt: skip
QUARTERS = ["I", "II", "III", "IV"]


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Bulanan")
    QUARTERLY = "quarterly", _("Triwulanan")


def two_step_q(field="village"):
    """Reports (or rows reached through `field`) in a kabupaten whose review chain has two steps."""
    return Q(**{f"{field}__region__parent__parent__reporting_schedule__review_chain": ReviewChain.TWO_STEP})


def kabupaten_code(code):
    return ".".join(code.split(".")[:2])


def period_containing(day, frequency):
    """(first day, last day) of the monthly or quarterly period that contains `day`."""
    first_month = day.month if frequency == Frequency.MONTHLY else 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    months = 1 if frequency == Frequency.MONTHLY else 3
    year, month = divmod(first_month - 1 + months, 12)
    return start, date(day.year + year, month + 1, 1) - timedelta(days=1)


def period_label(start, frequency):
    if frequency == Frequency.QUARTERLY:
        return gettext("Triwulan %(q)s %(year)s") % {"q": QUARTERS[(start.month - 1) // 3], "year": start.year}
    return f"{MONTHS[start.month - 1]} {start.year}"


class ReviewChain(models.TextChoices):
    ONE_STEP = "one_step", _("Satu tahap: staf wilayah meninjau dan menyetujui")
    TWO_STEP = "two_step", _("Dua tahap: kecamatan memverifikasi, lalu kabupaten (DPMD) menyetujui")


DEFAULT_REVIEW_WAIT_DAYS = 7


class ReportingSchedule(models.Model):
    """How often the villages of one kabupaten report and how their reports are reviewed, set by its
    staff; without a row: monthly, 10 days, one review step, 7 days' wait."""

    kabupaten = models.OneToOneField(
        Region,
        on_delete=models.CASCADE,
        related_name="reporting_schedule",
        verbose_name=_("kabupaten/kota"),
        limit_choices_to={"level": 2},
    )
    frequency = models.CharField(
        _("periode laporan"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    due_days_after_period = models.PositiveSmallIntegerField(
        _("batas waktu (hari setelah periode berakhir)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    review_chain = models.CharField(
        _("alur peninjauan"), max_length=10, choices=ReviewChain.choices, default=ReviewChain.ONE_STEP
    )
    review_wait_days = models.PositiveSmallIntegerField(
        _("batas waktu tunggu peninjauan (hari)"),
        default=DEFAULT_REVIEW_WAIT_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Staf di tahap itu diingatkan bila laporan menunggu lebih lama dari ini."),
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jadwal pelaporan")
        verbose_name_plural = _("jadwal pelaporan")

    def __str__(self):
        return f"{self.kabupaten}: {self.get_frequency_display()}"

    @classmethod
    def for_code(cls, code):
        """The schedule that applies to a region code (an unsaved default when none was set)."""
        kab = kabupaten_code(code)
        found = cls.objects.filter(kabupaten__code=kab).first()
        return found or cls(frequency=Frequency.MONTHLY, due_days_after_period=10)

    @property
    def is_two_step(self):
        return self.review_chain == ReviewChain.TWO_STEP

    def period(self, day):
        return period_containing(day, self.frequency)

    def previous_period(self, day):
        start, _end = self.period(day)
        return self.period(start - timedelta(days=1))

    def due_date(self, period_end):
        return period_end + timedelta(days=self.due_days_after_period)


class ReportQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("village__region__parent__parent__reporting_schedule")

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=ActivityReport.OPEN_STATUSES, due_on__lt=today)

    def within(self, code):
        from .rules import within_code_q

        return self.filter(within_code_q(code))

    def with_waiting_since(self):
        return self.annotate(
            waiting_from=models.Case(
                models.When(status=ActivityReport.Status.SUBMITTED, then=models.F("submitted_at")),
                models.When(status=ActivityReport.Status.VERIFIED, then=models.F("verified_at")),
                default=None,
                output_field=models.DateTimeField(),
            )
        )


class FrozenReport(ValidationError):
    pass


class ActivityReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draf")
        SUBMITTED = "submitted", _("diajukan")
        # Two-step chain: the kecamatan verified it, the kabupaten has yet to approve.
        VERIFIED = "verified", _("diverifikasi kecamatan")
        RETURNED = "returned", _("dikembalikan")
        APPROVED = "approved", _("disetujui")

    OPEN_STATUSES = (Status.DRAFT, Status.RETURNED)
    WAITING_STATUSES = (Status.SUBMITTED, Status.VERIFIED)

    village = models.ForeignKey(
        Village, on_delete=models.CASCADE, related_name="activity_reports", verbose_name=_("desa")
    )
    frequency = models.CharField(_("periode"), max_length=10, choices=Frequency.choices)
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    due_on = models.DateField(_("batas pengajuan"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # What ForumDesa knew about the period when the report was drafted (refreshed until submitted).
    figures = models.JSONField(_("data kegiatan"), default=dict, blank=True)
    narrative = models.TextField(_("uraian kegiatan"), blank=True, help_text=_("Boleh memakai Markdown."))
    achievements = models.TextField(_("capaian"), blank=True)
    obstacles = models.TextField(_("kendala"), blank=True)
    next_steps = models.TextField(_("rencana tindak lanjut"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="authored_reports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    approved_at = models.DateTimeField(_("disetujui"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan kegiatan")
        verbose_name_plural = _("laporan kegiatan")
        ordering = ["-period_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["village", "period_start"], name="one_report_per_village_period"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="report_period_order"),
        ]

    def __str__(self):
        return f"{self.village} — {self.period_label}"

    def save(self, *args, **kwargs):
        # The last guard for frozen reports: whatever path tries to change an approved row fails here.
        if self.pk and ActivityReport.objects.filter(pk=self.pk, status=self.Status.APPROVED).exists():
            raise FrozenReport(gettext("Laporan yang sudah disetujui tidak dapat diubah."), code="frozen")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @property
    def period_label(self):
        return period_label(self.period_start, self.frequency)

    @property
    def is_frozen(self):
        return self.status == self.Status.APPROVED

    @property
    def is_editable(self):
        return self.status in self.OPEN_STATUSES

    @property
    def schedule(self):
        """The schedule of the report's kabupaten; free when the caller selected
        village__region__parent__parent__reporting_schedule."""
        kabupaten = self.village.region.parent.parent
        try:
            return kabupaten.reporting_schedule
        except ReportingSchedule.DoesNotExist:
            return ReportingSchedule(kabupaten=kabupaten)

    @property
    def is_two_step(self):
        return self.schedule.is_two_step

    @property
    def waiting_since(self):
        """When the report started to wait at its present review step (None when nobody's turn)."""
        if self.status == self.Status.SUBMITTED:
            return self.submitted_at
        if self.status == self.Status.VERIFIED:
            return self.verified_at
        return None

    def days_waiting(self, now=None):
        since = self.waiting_since
        if since is None:
            return None
        return max((timezone.localdate(now or timezone.now()) - timezone.localdate(since)).days, 0)

    @property
    def waiting_at(self):
        """Whose turn it is, in words: the kecamatan, the kabupaten, or the district staff (one step)."""
        if self.status == self.Status.VERIFIED:
            return gettext("kabupaten")
        if self.status == self.Status.SUBMITTED:
            return gettext("kecamatan") if self.is_two_step else gettext("staf wilayah")
        return ""

    def is_overdue(self, today=None):
        return self.is_editable and self.due_on < (today or timezone.localdate())

    @property
    def zoneinfo(self):
        return zoneinfo.ZoneInfo(self.village.region.timezone)

    def local_morning(self, day):
        """08.00 in the village's own zone on `day`, as UTC."""
        return datetime.combine(day, time(8), tzinfo=self.zoneinfo).astimezone(zoneinfo.ZoneInfo("UTC"))


class ReportAttachment(AttachmentBase):
    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("lampiran laporan")
        verbose_name_plural = _("lampiran laporan")
        ordering = ["created_at", "pk"]


class ReportTransition(models.Model):
    """One step of a report's life: kept for good, the review history the village and staff see."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=10, choices=ActivityReport.Status.choices)
    to_status = models.CharField(max_length=10, choices=ActivityReport.Status.choices)
    comment = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("riwayat laporan")
        verbose_name_plural = _("riwayat laporan")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report}: {self.from_status} → {self.to_status}"


class ReportReminder(ScheduledJob):
    """A reminder due for one report, before its due date or once it is overdue; core's scheduler
    delivers it to the village's managers."""

    SUBMITTED = "submitted"
    SUPERSEDED = "superseded"

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("menjelang batas waktu")
        OVERDUE = "overdue", _("terlambat")

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)

    delivery_select_related = ("report__village__region",)

    class Meta:
        verbose_name = _("pengingat laporan")
        verbose_name_plural = _("pengingat laporan")
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="one_reminder_per_report_kind")]
        indexes = [due_index("report_reminder_pending_due")]

    def __str__(self):
        return f"{self.report} ({self.kind})"

    @classmethod
    def prepare_due(cls, now):
        from .services import open_reports_for_ended_periods

        # Every scan first opens the reports of periods that ended, so that a village that never
        # opened the form is reminded too.
        open_reports_for_ended_periods(timezone.localdate(now))
        due = cls.objects.pending().filter(due_at__lte=now)
        due.exclude(report__status__in=ActivityReport.OPEN_STATUSES).close(cls.SUBMITTED, now)
        due.filter(pk__in=cls._superseded(now).values("pk")).close(cls.SUPERSEDED, now)

    @classmethod
    def _superseded(cls, now):
        """Before-due reminders whose report's overdue reminder is due too (after an outage):
        the overdue one says everything."""
        overdue = cls.objects.filter(kind=cls.Kind.OVERDUE, due_at__lte=now)
        return cls.objects.filter(kind=cls.Kind.BEFORE_DUE, report_id__in=overdue.values("report_id"))

    def skip_reason(self, now):
        if self.report.status not in ActivityReport.OPEN_STATUSES:
            return self.SUBMITTED
        if self.kind == self.Kind.BEFORE_DUE and self._superseded(now).filter(pk=self.pk).exists():
            return self.SUPERSEDED
        return None

    def recipients(self):
        from .services import village_recipients

        return village_recipients(self.report)

    def deliver(self, recipient, now):
        from .services import deliver_reminder

        deliver_reminder(self, recipient)


class ReviewReminder(ScheduledJob):
    """A report waited longer than its kabupaten's limit at one review step: one reminder per report
    per step and wait, to the staff of that step; closed without sending once the report moves."""

    MOVED = "moved"

    class Stage(models.TextChoices):
        SUBMITTED = "submitted", _("menunggu tinjauan")
        VERIFIED = "verified", _("menunggu persetujuan kabupaten")

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="review_reminders")
    stage = models.CharField(_("tahap"), max_length=10, choices=Stage.choices)
    # When the wait began (submitted_at or verified_at): a report returned and submitted again waits anew.
    waiting_since = models.DateTimeField(_("menunggu sejak"))

    delivery_select_related = ("report__village__region__parent__parent__reporting_schedule",)

    class Meta:
        verbose_name = _("pengingat peninjauan")
        verbose_name_plural = _("pengingat peninjauan")
        constraints = [
            models.UniqueConstraint(fields=["report", "stage", "waiting_since"], name="one_review_reminder_per_wait")
        ]
        indexes = [due_index("review_reminder_pending_due")]

    def __str__(self):
        return f"{self.report} ({self.stage})"

    @classmethod
    def prepare_due(cls, now):
        """Reports waiting without a reminder for their present wait (submitted before the review
        chain existed, or by a path that made none) get one, due after their kabupaten's limit."""
        mine = cls.objects.filter(
            report=models.OuterRef("pk"), stage=models.OuterRef("status"), waiting_since=models.OuterRef("waiting_from")
        )
        missing = (
            ActivityReport.objects.filter(status__in=ActivityReport.WAITING_STATUSES)
            .with_waiting_since()
            .filter(waiting_from__isnull=False)
            .exclude(models.Exists(mine))
            .select_related("village__region__parent__parent__reporting_schedule")
        )
        cls.objects.bulk_create(
            [
                cls(
                    report=report,
                    stage=report.status,
                    waiting_since=report.waiting_since,
                    due_at=report.waiting_since + timedelta(days=report.schedule.review_wait_days),
                )
                for report in missing.iterator(chunk_size=500)
            ],
            ignore_conflicts=True,
        )

    def has_moved(self):
        return self.report.status != self.stage or self.report.waiting_since != self.waiting_since

    def skip_reason(self, now):
        return self.MOVED if self.has_moved() else None

    def recipients(self):
        from .services import stage_reviewers

        return stage_reviewers(self.report)

    def deliver(self, recipient, now):
        from .services import deliver_review_reminder

        deliver_review_reminder(self, recipient, now)


ACTIVITY_FIGURES = ["meetings", "registered", "attended", "submitted", "approved", "returned"]


class VillageActivityMonth(models.Model):
    """A village's figures for one calendar month (WIB), summed by the dashboards instead of counting
    meetings, registrations and reports live over a whole region. Kept by reports.activity: a
    change to a meeting, registration or report marks the months it touches stale, and a stale row
    is recounted before any dashboard reads it. Only months with something in them have a row."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="+")
    # The village's Kemendagri code, so a region's rows are found by prefix without a join.
    region_code = models.CharField(max_length=13)
    month = models.DateField()
    meetings = models.PositiveIntegerField(default=0)  # hosted and held (not cancelled)
    registered = models.PositiveIntegerField(default=0)  # its officials' registrations to held meetings
    attended = models.PositiveIntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)  # reports whose period starts in the month
    approved = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    # The due date of the month's report while it is open (at most one report per village and
    # period): overdue is "open_due_on < today", whatever day the dashboard is read.
    open_due_on = models.DateField(null=True, blank=True)
    stale = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("kegiatan desa per bulan")
        verbose_name_plural = _("kegiatan desa per bulan")
        constraints = [models.UniqueConstraint(fields=["village", "month"], name="one_activity_row_per_village_month")]
        indexes = [
            # Covering: a region's months are summed from the index alone.
            models.Index(
                fields=["region_code", "month"],
                opclasses=["varchar_pattern_ops", "date_ops"],
                include=["village", *ACTIVITY_FIGURES, "open_due_on"],
                name="activity_month_by_region",
            ),
            models.Index(
                fields=["region_code"],
                opclasses=["varchar_pattern_ops"],
                condition=Q(stale=True),
                name="activity_month_stale",
            ),
        ]

    def __str__(self):
        return f"{self.region_code} {self.month:%Y-%m}"
