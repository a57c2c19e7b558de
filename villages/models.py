import secrets
import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ScheduledJob, due_index
from regions.models import Region
from villages.idm import idm_status


class Position(models.Model):
    """A perangkat desa position (jabatan); seeded from Permendagri 84/2015, extendable by admins."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama jabatan"), max_length=100)
    short_name = models.CharField(_("nama singkat"), max_length=40)
    group = models.CharField(_("kelompok"), max_length=30, blank=True)
    manages_village = models.BooleanField(
        _("mengelola desa"),
        default=False,
        help_text=_("Pemegang jabatan ini menyetujui anggota baru dan mengelola profil desa."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class VillageQuerySet(models.QuerySet):
    def with_region(self):
        return self.select_related("region__parent__parent__parent")

    def within(self, code):
        return self.filter(region__code__startswith=f"{code}.")


class Village(models.Model):
    """A desa/kelurahan that has joined ForumDesa, with the profile its managers keep."""

    region = models.OneToOneField(
        Region,
        on_delete=models.PROTECT,
        related_name="village",
        verbose_name=_("wilayah"),
        limit_choices_to={"level": Region.Level.VILLAGE},
    )
    description = models.TextField(_("profil singkat"), blank=True)
    office_address = models.CharField(_("alamat kantor desa"), max_length=255, blank=True)
    phone = models.CharField(_("telepon kantor"), max_length=20, blank=True)
    email = models.EmailField(_("email desa"), blank=True)
    logo = models.ImageField(_("logo/foto desa"), upload_to="desa/logo/", blank=True)
    joined_at = models.DateTimeField(_("bergabung sejak"), auto_now_add=True)

    objects = VillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("desa anggota")
        verbose_name_plural = _("desa anggota")
        ordering = ["region__name"]

    def __str__(self):
        return self.region.display_name

    @property
    def name(self):
        return self.region.display_name

    @property
    def code(self):
        return self.region.code

    @property
    def timezone(self):
        return self.region.timezone

    def latest_idm(self):
        """The newest IDM score, from prefetched scores when the caller prefetched them."""
        scores = list(self.idm_scores.all())
        return max(scores, key=lambda s: s.year) if scores else None


def _index_field(name):
    return models.DecimalField(
        name,
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )


class IdmScore(models.Model):
    """A village's Indeks Desa Membangun for one year; its status band follows from the score. The
    three component indices come with an imported Kemendesa result; a score typed in by hand has none."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Diisi manual")
        IMPORT = "import", _("Impor data resmi Kemendesa")

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="idm_scores", verbose_name=_("desa"))
    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(2015), MaxValueValidator(2100)])
    score = models.DecimalField(
        _("skor IDM"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    iks = _index_field(_("indeks ketahanan sosial (IKS)"))
    ike = _index_field(_("indeks ketahanan ekonomi (IKE)"))
    ikl = _index_field(_("indeks ketahanan lingkungan (IKL)"))
    # Database defaults, so bulk writers that name only the original columns (seed_scale's COPY) still work.
    source = models.CharField(
        _("sumber"), max_length=6, choices=Source.choices, default=Source.MANUAL, db_default=Source.MANUAL
    )
    source_file = models.CharField(_("berkas sumber"), max_length=255, blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("skor IDM")
        verbose_name_plural = _("skor IDM")
        ordering = ["village", "year"]
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="one_idm_score_per_year")]

    def __str__(self):
        return f"{self.village} {self.year}: {self.score} ({self.status})"

    @property
    def status(self):
        return idm_status(self.score)


# A term that ends within this many days is shown to the village's managers and reminded once.
TERM_END_NOTICE_DAYS = 60


class OfficialQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Official.Status.ACTIVE)

    def managers(self):
        return self.active().filter(position__manages_village=True)

    def term_ending(self, today, days=None):
        """Active officials whose term ends between today and `days` (60) days from today."""
        days = TERM_END_NOTICE_DAYS if days is None else days
        return self.active().filter(term_end__gte=today, term_end__lte=today + timedelta(days=days))


class Official(models.Model):
    """A person's position in a village. Ended terms stay as history."""

    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu persetujuan")
        ACTIVE = "active", _("aktif")
        REJECTED = "rejected", _("ditolak")
        ENDED = "ended", _("berakhir")

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="positions", verbose_name=_("pengguna")
    )
    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="officials", verbose_name=_("desa"))
    position = models.ForeignKey(Position, on_delete=models.PROTECT, verbose_name=_("jabatan"))
    sk_number = models.CharField(_("nomor SK pengangkatan"), max_length=100, blank=True)
    sk_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    term_start = models.DateField(_("mulai menjabat"), null=True, blank=True)
    term_end = models.DateField(_("akhir masa jabatan"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    # When the person last took part while holding this position's village: the latest of their
    # meeting registrations and check-ins, their discussion posts, and the reports they wrote for this
    # village (last updated). Derived data, kept by reports.participation; the dashboards count
    # "active officials" from it.
    last_active_at = models.DateTimeField(_("terakhir aktif"), null=True, blank=True, editable=False)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("perangkat desa")
        verbose_name_plural = _("perangkat desa")
        ordering = ["position__order", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="active"), name="one_active_position_per_user"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_request_per_user"
            ),
        ]
        indexes = [
            # The dashboards' count: active officials of the villages within a region who took part
            # since a date, read from the index alone (one range per village).
            models.Index(
                fields=["village", "last_active_at"],
                include=["user"],
                condition=models.Q(status="active"),
                name="official_active_since",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.position.short_name}, {self.village}"

    def days_left(self, today):
        """Days until an active term ends, when it ends within TERM_END_NOTICE_DAYS; else None."""
        if self.status != self.Status.ACTIVE or self.term_end is None:
            return None
        days = (self.term_end - today).days
        return days if 0 <= days <= TERM_END_NOTICE_DAYS else None


def _invitation_token():
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class OfficialInvitation(models.Model):
    """A manager invites a person by email to a position; accepting lands them in it, approved."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("desa"))
    position = models.ForeignKey(Position, on_delete=models.PROTECT, verbose_name=_("jabatan"))
    email = models.EmailField(_("email"))
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("pengundang")
    )
    created_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    official = models.OneToOneField(
        Official,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("jabatan yang dihasilkan"),
    )

    class Meta:
        verbose_name = _("undangan perangkat desa")
        verbose_name_plural = _("undangan perangkat desa")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.position.short_name}, {self.village}"

    @property
    def is_usable(self):
        return self.accepted_at is None and self.expires_at > timezone.now()


class TermEndReminder(ScheduledJob):
    """Tells a village's managers, once, that an official's term ends within 60 days. One row per
    official and term end: a changed term_end is a new term to remind of; an ended term none."""

    ENDED = "ended"
    CHANGED = "changed"

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="term_reminders")
    term_end = models.DateField(_("akhir masa jabatan"))

    delivery_select_related = ("official__user", "official__position", "official__village__region")

    class Meta:
        verbose_name = _("pengingat akhir masa jabatan")
        verbose_name_plural = _("pengingat akhir masa jabatan")
        constraints = [models.UniqueConstraint(fields=["official", "term_end"], name="one_reminder_per_term_end")]
        indexes = [due_index("term_end_reminder_pending_due")]

    def __str__(self):
        return f"{self.official} ({self.term_end})"

    @classmethod
    def prepare_due(cls, now):
        """Terms come within reach by the calendar, or when a manager or an admin sets term_end: each
        scan makes the row for every active term ending within 60 days that has none yet."""
        today = timezone.localdate(now)
        known = cls.objects.filter(official=models.OuterRef("pk"), term_end=models.OuterRef("term_end"))
        coming = Official.objects.term_ending(today).exclude(models.Exists(known)).select_related("village__region")
        cls.objects.bulk_create(
            [cls(official=o, term_end=o.term_end, due_at=cls.due_for(o)) for o in coming.iterator(chunk_size=500)],
            ignore_conflicts=True,
        )

    @staticmethod
    def due_for(official):
        """08.00 in the village's own zone, 60 days before the term ends."""
        day = official.term_end - timedelta(days=TERM_END_NOTICE_DAYS)
        zone = zoneinfo.ZoneInfo(official.village.region.timezone)
        return datetime.combine(day, time(8), tzinfo=zone).astimezone(zoneinfo.ZoneInfo("UTC"))

    def skip_reason(self, now):
        official = self.official
        if official.status != Official.Status.ACTIVE or official.term_end is None:
            return self.ENDED
        if official.term_end != self.term_end:
            return self.CHANGED
        if official.term_end < timezone.localdate(now):
            return self.ENDED
        return None

    def recipients(self):
        from villages.roles import village_managers

        return village_managers([self.official.village_id])

    def deliver(self, recipient, now):
        from villages.services import deliver_term_end_reminder

        deliver_term_end_reminder(self, recipient, now)
