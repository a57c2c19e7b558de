"""Meetings, trainings and workshops: who is invited, who registered, who came, what was decided,
and the reminder rows core's scheduler delivers (Reminder, ActionItemReminder).
"""

import secrets
import zoneinfo
from datetime import datetime, time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import SENT, ScheduledJob, due_index
from core.uploads import AttachmentBase
from forums.models import Network, NetworkMembership
from regions.models import TIME_ZONES, Region, enclosing_codes
from villages.models import Village

DEFAULT_LEADS = [24 * 60, 60]  # minutes before the start: a day before and an hour before
EVALUATED_KINDS = ("training", "workshop")


class MeetingSeries(models.Model):
    """A repeating meeting (rapat rutin): the rule its occurrences were made from."""

    rule = models.CharField(_("aturan pengulangan"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rangkaian rapat")
        verbose_name_plural = _("rangkaian rapat")

    def __str__(self):
        return self.rule


class MeetingQuerySet(models.QuerySet):
    def for_list(self):
        # A correlated count per row shown: a join + GROUP BY would aggregate every registration
        # of every candidate meeting before the page's LIMIT.
        registered = (
            Registration.objects.filter(meeting=OuterRef("pk"), status=Registration.Status.REGISTERED)
            .order_by()
            .values("meeting")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.select_related(
            "host_village__region__parent", "host_region", "audience_network", "audience_region"
        ).annotate(registered_count=Coalesce(Subquery(registered), 0))

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def inviting(self, village):
        """Meetings whose audience includes this village."""
        return self.filter(pk__in=Meeting.invitation_ids(village))


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ROUTINE = "routine", _("Rapat rutin")
        TRAINING = "training", _("Pelatihan")
        WORKSHOP = "workshop", _("Workshop")
        DISCUSSION = "discussion", _("Sesi diskusi")
        STUDY_VISIT = "study_visit", _("Studi banding")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("terjadwal")
        CANCELLED = "cancelled", _("dibatalkan")
        COMPLETED = "completed", _("selesai")

    class Audience(models.TextChoices):
        NETWORK = "network", _("Anggota satu jaringan")
        VILLAGES = "villages", _("Desa-desa tertentu")
        REGION = "region", _("Semua desa di satu wilayah")

    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.ROUTINE)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Boleh memakai Markdown."))
    host_village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("desa penyelenggara"),
    )
    host_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("wilayah penyelenggara"),
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organised_meetings", verbose_name=_("panitia")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    series = models.ForeignKey(MeetingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings")
    starts_at = models.DateTimeField(_("mulai"), db_index=True)
    ends_at = models.DateTimeField(_("selesai"))
    place = models.CharField(_("tempat (alamat)"), max_length=255, blank=True)
    online_url = models.URLField(_("tautan daring"), blank=True)
    capacity = models.PositiveIntegerField(
        _("kapasitas"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    registration_deadline = models.DateTimeField(_("batas pendaftaran"), null=True, blank=True)
    audience_kind = models.CharField(_("peserta"), max_length=10, choices=Audience.choices)
    audience_network = models.ForeignKey(
        Network, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings", verbose_name=_("jaringan")
    )
    audience_villages = models.ManyToManyField(
        Village, blank=True, related_name="invited_meetings", verbose_name=_("desa yang diundang")
    )
    audience_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audience_meetings",
        verbose_name=_("wilayah yang diundang"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    attended_count = models.PositiveIntegerField(_("jumlah hadir"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapat")
        verbose_name_plural = _("rapat")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(
                condition=Q(host_village__isnull=False) | Q(host_region__isnull=False), name="meeting_has_host"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # However a meeting is saved (the services, the admin, the demo data), a training's or
        # workshop's evaluation request follows its end.
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.is_evaluated:
                EvaluationRequest.follow(self)

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    @property
    def is_evaluated(self):
        """Trainings and workshops ask their attendees for an evaluation once they end."""
        return self.kind in EVALUATED_KINDS

    def has_ended(self, now=None):
        return self.ends_at <= (now or timezone.now())

    def evaluators(self):
        """Registrations asked for an evaluation: those marked present, or every registered one
        when attendance was not taken."""
        registered = self.registrations.registered()
        attended = registered.filter(attended=True)
        return attended if attended.exists() else registered

    @staticmethod
    def invitation_ids(village):
        """The ids of the meetings inviting this village, as a subquery.

        A UNION of one indexed lookup per kind of audience: an OR of the three would make PostgreSQL
        test every meeting in the database against each village's audiences.
        """
        networks = NetworkMembership.objects.filter(village=village, state=NetworkMembership.State.ACTIVE)
        listed = Meeting.audience_villages.through.objects.filter(village=village)
        regions = Region.objects.filter(code__in=enclosing_codes(village.region.code))
        meetings = Meeting.objects.order_by()
        by_network = meetings.filter(
            audience_kind=Meeting.Audience.NETWORK, audience_network__in=networks.values("network_id")
        )
        by_list = meetings.filter(audience_kind=Meeting.Audience.VILLAGES, pk__in=listed.values("meeting_id"))
        by_region = meetings.filter(audience_kind=Meeting.Audience.REGION, audience_region__in=regions.values("pk"))
        return by_network.values("pk").union(by_list.values("pk"), by_region.values("pk"))

    @property
    def host_place(self):
        return self.host_village.region if self.host_village_id else self.host_region

    @property
    def host_name(self):
        return self.host_village.name if self.host_village_id else self.host_region.display_name

    @property
    def timezone(self):
        return self.host_place.timezone

    @property
    def zoneinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def timezone_abbr(self):
        return TIME_ZONES.get(self.timezone, "WIB")

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.zoneinfo)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.zoneinfo)

    def time_range(self, start=None):
        """ "10.00–12.00 WIB"; "23.58–01.58 WIB (esok hari)" when it ends the next day, and the end date
        when it ends later still. `start` is another occurrence's start (a series), same duration."""
        from django.utils.formats import date_format

        start = timezone.localtime(start or self.starts_at, self.zoneinfo)
        end = start + (self.ends_at - self.starts_at)
        text = f"{start:%H.%M}–{end:%H.%M} {self.timezone_abbr}"
        days = (end.date() - start.date()).days
        if days == 1:
            return f"{text} ({_('esok hari')})"
        if days > 1:
            return f"{text} ({_('sampai %(date)s') % {'date': date_format(end, 'l, j F Y')}})"
        return text

    @property
    def is_scheduled(self):
        return self.status == self.Status.SCHEDULED

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    def registration_open(self, now=None):
        now = now or timezone.now()
        if not self.is_scheduled or self.has_started(now):
            return False
        return self.registration_deadline is None or now <= self.registration_deadline

    def invites(self, village):
        if village is None:
            return False
        if self.audience_kind == self.Audience.NETWORK:
            return self.audience_network.memberships.filter(
                village=village, state=NetworkMembership.State.ACTIVE
            ).exists()
        if self.audience_kind == self.Audience.VILLAGES:
            return self.audience_villages.filter(pk=village.pk).exists()
        return self.audience_region is not None and self.audience_region.contains(village.region)

    def invited_villages(self):
        if self.audience_kind == self.Audience.NETWORK:
            return Village.objects.filter(
                network_memberships__network_id=self.audience_network_id,
                network_memberships__state=NetworkMembership.State.ACTIVE,
            )
        if self.audience_kind == self.Audience.VILLAGES:
            return self.audience_villages.all()
        return Village.objects.filter(
            Q(region__code=self.audience_region.code) | Q(region__code__startswith=self.audience_region.code + ".")
        )

    def audience_label(self):
        if self.audience_kind == self.Audience.NETWORK:
            return str(self.audience_network)
        if self.audience_kind == self.Audience.REGION:
            return self.audience_region.display_name
        return _("Desa-desa yang diundang")

    def attendance_by_village(self):
        """How many came from each village: kept for the activity reports."""
        return (
            self.registrations.filter(attended=True)
            .values("village__region__name", "village_id")
            .annotate(attendees=Count("pk"))
            .order_by("village__region__name")
        )


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=(Registration.Status.REGISTERED, Registration.Status.WAITLISTED))

    def registered(self):
        return self.filter(status=Registration.Status.REGISTERED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("terdaftar")
        WAITLISTED = "waitlisted", _("daftar tunggu")
        CANCELLED = "cancelled", _("dibatalkan")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_registrations")
    # The village and position at the time of registering: attendance reports stay true after a
    # term ends.
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="meeting_registrations")
    position_name = models.CharField(_("jabatan"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("mendaftar"), auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("hadir"), default=False)
    checked_in_at = models.DateTimeField(_("presensi"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(status__in=["registered", "waitlisted"]),
                name="one_open_registration_per_meeting_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.meeting} ({self.get_status_display()})"


class Minutes(models.Model):
    """Notulen: written by the organisers after the meeting; closing them completes the meeting."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    summary = models.TextField(_("ringkasan"), blank=True, help_text=_("Boleh memakai Markdown."))
    decisions = models.TextField(_("keputusan"), blank=True, help_text=_("Boleh memakai Markdown."))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)

    class Meta:
        verbose_name = _("notulen")
        verbose_name_plural = _("notulen")

    def __str__(self):
        return f"{_('Notulen')}: {self.meeting}"


class MinutesAttachment(AttachmentBase):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("lampiran notulen")
        verbose_name_plural = _("lampiran notulen")


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ActionItem.Status.OPEN)

    def assigned_to(self, user, village=None):
        q = Q(assignee_user=user)
        if village is not None:
            q |= Q(assignee_village=village)
        return self.filter(q)


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("belum selesai")
        DONE = "done", _("selesai")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    what = models.CharField(_("tindak lanjut"), max_length=255)
    assignee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_actions",
        verbose_name=_("penanggung jawab (perangkat)"),
    )
    assignee_village = models.ForeignKey(
        Village,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_actions",
        verbose_name=_("penanggung jawab (desa)"),
    )
    due_date = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.what

    def save(self, *args, **kwargs):
        # However an item is saved (the service, the admin), its reminder follows its due date.
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if adding:
                ActionItemReminder.objects.create(item=self, due_at=self.due_start())
            else:
                ActionItemReminder.objects.filter(item=self).pending().update(
                    due_at=self.due_start(), claimed_at=None, claim_token=None
                )

    @property
    def assignee_label(self):
        return str(self.assignee_user or self.assignee_village or "")

    def due_start(self):
        """The start of the due date where the meeting was held: when its reminder is due."""
        due_date = self._meta.get_field("due_date").to_python(self.due_date)
        return datetime.combine(due_date, time.min, tzinfo=self.meeting.zoneinfo)

    def assignees(self):
        """The people told about this item: the official, or the village's active officials."""
        from accounts.models import User

        if self.assignee_user_id:
            return User.objects.filter(pk=self.assignee_user_id)
        if self.assignee_village_id:
            return User.objects.filter(positions__village_id=self.assignee_village_id, positions__status="active")
        return User.objects.none()


def _feed_token():
    return secrets.token_urlsafe(24)


class ReminderPreference(models.Model):
    """A user's reminder lead times and their private calendar feed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference")
    lead_minutes = models.JSONField(_("waktu pengingat"), default=list)
    feed_token = models.CharField(max_length=64, unique=True, default=_feed_token)

    class Meta:
        verbose_name = _("pengaturan pengingat")
        verbose_name_plural = _("pengaturan pengingat")

    def __str__(self):
        return str(self.user)

    @classmethod
    def leads_for(cls, user):
        pref = cls.objects.filter(user=user).first()
        return sorted(set(pref.lead_minutes), reverse=True) if pref else list(DEFAULT_LEADS)

    def revoke_feed(self):
        self.feed_token = _feed_token()
        self.save(update_fields=["feed_token"])


class Reminder(ScheduledJob):
    """One reminder due to one registrant, at one of their lead times."""

    CANCELLED = "cancelled"
    STARTED = "started"
    SUPERSEDED = "superseded"
    COMPLETED = "completed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lead = models.PositiveIntegerField(_("menit sebelum mulai"))
    delivery_select_related = ("meeting__host_village__region", "meeting__host_region", "registration", "user")

    class Meta:
        verbose_name = _("pengingat")
        verbose_name_plural = _("pengingat")
        constraints = [
            models.UniqueConstraint(fields=["registration", "lead"], name="one_reminder_per_registration_lead")
        ]
        indexes = [due_index("reminder_pending_due")]

    def __str__(self):
        return f"{self.user} ← {self.meeting} ({self.lead} min)"

    @classmethod
    def prepare_due(cls, now):
        # One UPDATE each instead of claiming every row of a meeting that started during an outage.
        due = cls.objects.pending().filter(due_at__lte=now)
        # Correlated EXISTS: a backlog of due rows looks up its own meetings and registrations by
        # key instead of hashing every cancelled meeting and registration of the country.
        meeting = Meeting.objects.filter(pk=OuterRef("meeting_id"))
        due.filter(Exists(meeting.filter(starts_at__lte=now))).close(cls.STARTED, now)
        due.filter(
            Exists(meeting.exclude(status=Meeting.Status.SCHEDULED))
            | Exists(
                Registration.objects.filter(pk=OuterRef("registration_id")).exclude(
                    status=Registration.Status.REGISTERED
                )
            )
        ).close(cls.CANCELLED, now)

    @classmethod
    def delivery_batch(cls, jobs, now):
        from .services import reminder_batch

        return reminder_batch(jobs, now)

    @staticmethod
    def _nearer(now):
        # After an outage several leads are due at once: only the nearest one goes out, and a
        # farther one never follows a nearer one already sent.
        return Reminder.objects.filter(Q(done_at__isnull=True) | Q(outcome=SENT), due_at__lte=now)

    @classmethod
    def superseded(cls, jobs, now):
        """The pks of `jobs` that a nearer reminder of the same registration supersedes (one query)."""
        leads = {job.pk: (job.registration_id, job.lead) for job in jobs}
        if not leads:
            return set()
        nearest = dict(
            cls._nearer(now)
            .filter(registration_id__in={r for r, _lead in leads.values()})
            .values("registration_id")
            .annotate(lead=Min("lead"))
            .values_list("registration_id", "lead")
        )
        return {pk for pk, (registration, lead) in leads.items() if nearest.get(registration, lead) < lead}

    def skip_reason(self, now):
        meeting = self.meeting
        if meeting.status != Meeting.Status.SCHEDULED:
            return self.CANCELLED
        if meeting.has_started(now):
            return self.STARTED
        if self.registration.status != Registration.Status.REGISTERED:
            return self.CANCELLED
        # Looked up for the whole batch when the scheduler delivers one (delivery_batch).
        superseded = getattr(self, "_superseded", None)
        if superseded is None:
            superseded = self._nearer(now).filter(registration_id=self.registration_id, lead__lt=self.lead).exists()
        return self.SUPERSEDED if superseded else None

    def recipients(self):
        return [self.user]

    def deliver(self, recipient, now):
        from .services import deliver_reminder

        deliver_reminder(self, recipient)


class ActionItemReminder(ScheduledJob):
    """The one reminder an action item gets when its due date begins, unless it is done by then."""

    COMPLETED = "completed"

    item = models.OneToOneField(ActionItem, on_delete=models.CASCADE, related_name="reminder")

    delivery_select_related = ("item__meeting__host_village__region", "item__meeting__host_region")

    class Meta:
        verbose_name = _("pengingat tindak lanjut")
        verbose_name_plural = _("pengingat tindak lanjut")
        indexes = [due_index("action_reminder_pending_due")]

    def __str__(self):
        return f"{self.item} @ {self.due_at}"

    def skip_reason(self, now):
        return self.COMPLETED if self.item.status != ActionItem.Status.OPEN else None

    def recipients(self):
        return self.item.assignees().distinct()

    def deliver(self, recipient, now):
        from .services import deliver_action_reminder

        deliver_action_reminder(self, recipient)


class RegistrationQuestion(models.Model):
    """A question the organisers add to a meeting's registration form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Jawaban singkat")
        CHOICE = "choice", _("Pilih satu")
        MULTIPLE = "multiple", _("Pilih beberapa")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("pertanyaan"), max_length=300)
    kind = models.CharField(_("jenis jawaban"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    options = models.TextField(_("pilihan"), blank=True, help_text=_("Satu pilihan per baris."))
    required = models.BooleanField(_("wajib dijawab"), default=False)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("pertanyaan pendaftaran")
        verbose_name_plural = _("pertanyaan pendaftaran")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    def option_list(self):
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    @property
    def has_options(self):
        return self.kind in (self.Kind.CHOICE, self.Kind.MULTIPLE)


class RegistrationAnswer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(RegistrationQuestion, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("jawaban"), blank=True)
    # The chosen options' labels, as they read when chosen.
    selected = models.JSONField(_("pilihan"), default=list, blank=True)

    class Meta:
        verbose_name = _("jawaban pendaftaran")
        verbose_name_plural = _("jawaban pendaftaran")
        constraints = [
            models.UniqueConstraint(fields=["registration", "question"], name="one_answer_per_registration_question")
        ]

    def __str__(self):
        return self.display()

    def display(self):
        return ", ".join(self.selected) if self.selected else self.text

    @property
    def value(self):
        """What the registration form's field takes as its initial value."""
        if self.question.kind == RegistrationQuestion.Kind.MULTIPLE:
            return list(self.selected)
        if self.question.kind == RegistrationQuestion.Kind.CHOICE:
            return self.selected[0] if self.selected else ""
        return self.text


class Evaluation(models.Model):
    """One attendee's evaluation of a training or workshop."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="evaluations")
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="evaluation")
    usefulness = models.PositiveSmallIntegerField(
        _("apakah bermanfaat?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    will_apply = models.TextField(_("apa yang akan Anda terapkan?"), max_length=2000)
    # knowledge sits above meetings: the relation is named by label, and meetings never imports it.
    practice = models.ForeignKey(
        "knowledge.Practice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("praktik baik terkait"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluasi")
        verbose_name_plural = _("evaluasi")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(usefulness__gte=1, usefulness__lte=5), name="evaluation_usefulness_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.registration.user} → {self.meeting} ({self.usefulness})"


class EvaluationRequest(ScheduledJob):
    """The request a training's or workshop's attendees get when it ends, asking for their evaluation."""

    CANCELLED = "cancelled"
    NOT_EVALUATED = "not_evaluated"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="evaluation_request")

    delivery_select_related = ("meeting__host_village__region", "meeting__host_region")

    class Meta:
        verbose_name = _("permintaan evaluasi")
        verbose_name_plural = _("permintaan evaluasi")
        indexes = [due_index("evaluation_request_pending_due")]

    def __str__(self):
        return f"{self.meeting} @ {self.due_at}"

    @classmethod
    def follow(cls, meeting):
        """The meeting's request, due at its end; a moved meeting moves the unsent request."""
        job, created = cls.objects.get_or_create(meeting=meeting, defaults={"due_at": meeting.ends_at})
        if not created and job.done_at is None and job.due_at != meeting.ends_at:
            cls.objects.filter(pk=job.pk, done_at__isnull=True).update(
                due_at=meeting.ends_at, claimed_at=None, claim_token=None
            )

    def skip_reason(self, now):
        if self.meeting.status == Meeting.Status.CANCELLED:
            return self.CANCELLED
        if not self.meeting.is_evaluated:
            return self.NOT_EVALUATED
        return None

    def recipients(self):
        from accounts.models import User

        return User.objects.filter(pk__in=self.meeting.evaluators().values("user_id")).order_by("pk")

    def deliver(self, recipient, now):
        from .services import deliver_evaluation_request

        deliver_evaluation_request(self, recipient)
