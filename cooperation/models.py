"""Kerja Sama Antar Desa (Permendagri 96/2017), staff exchanges between villages, and the board
where villages offer and ask for resources.

An agreement is made in a Musyawarah Antar Desa and written down as a Peraturan Bersama Kepala
Desa; here it moves draft → proposed → active → completed (or terminated early), and becomes
active only once every village party's manager has confirmed it for their own village.
"""

import zoneinfo
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.models import ScheduledJob, due_index
from core.uploads import AttachmentBase
from regions.models import Region
from villages.models import Official, Village

# Reminders go out in the morning of the place, not at midnight UTC.
REMINDER_HOUR = 8
MILESTONE_REMINDER_DAYS = 3
EXPIRY_REMINDER_DAYS = 30


def local_morning(day, tz_name, days_before):
    """08.00 local time `days_before` days before `day`, as an aware datetime (UTC-comparable)."""
    return datetime.combine(day - timedelta(days=days_before), time(REMINDER_HOUR), zoneinfo.ZoneInfo(tz_name))


# ---- Agreements ---------------------------------------------------------------------------------


class AgreementQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate `progress_percent`: the milestones' progress, weighted by their weights (a
        milestone without a weight counts 1); None when the agreement has no milestones."""
        weight = Coalesce(F("milestones__weight"), Value(1))
        # The LEFT JOIN gives an agreement without milestones one row of NULLs; the filter keeps
        # Coalesce from counting it as a milestone of weight 1.
        has_milestone = Q(milestones__isnull=False)
        return self.annotate(
            progress_weighted=Sum(weight * F("milestones__progress"), filter=has_milestone),
            progress_weight=Sum(weight, filter=has_milestone),
        )

    def involving(self, village):
        return self.filter(parties__village=village)

    def within(self, code):
        """Agreements with at least one party village inside the region with this code."""
        parties = AgreementParty.objects.filter(
            agreement=models.OuterRef("pk"), village__region__code__startswith=f"{code}."
        )
        return self.filter(models.Exists(parties))


class Agreement(models.Model):
    class Field(models.TextChoices):
        JOINT_VENTURE = "usaha", _("Usaha bersama")
        SERVICES = "pelayanan", _("Pelayanan")
        DEVELOPMENT = "pembangunan", _("Pembangunan")
        EMPOWERMENT = "pemberdayaan", _("Pemberdayaan masyarakat")
        SECURITY = "keamanan", _("Keamanan dan ketertiban")
        ENVIRONMENT = "lingkungan", _("Lingkungan hidup")
        OTHER = "lainnya", _("Lainnya")

    class Implementer(models.TextChoices):
        BKAD = "bkad", _("Badan Kerja Sama Antar Desa (BKAD)")
        VILLAGES = "pemdes", _("Pemerintah desa masing-masing")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PROPOSED = "proposed", _("Menunggu konfirmasi")
        ACTIVE = "active", _("Berjalan")
        COMPLETED = "completed", _("Selesai")
        TERMINATED = "terminated", _("Dihentikan")

    title = models.CharField(_("judul kerja sama"), max_length=200)
    field = models.CharField(_("bidang"), max_length=20, choices=Field.choices, db_index=True)
    scope = models.TextField(_("ruang lingkup"))
    implementer = models.CharField(_("pelaksana"), max_length=10, choices=Implementer.choices, default=Implementer.BKAD)
    starts_on = models.DateField(_("mulai berlaku"))
    ends_on = models.DateField(_("berakhir"))
    dispute_resolution = models.TextField(
        _("penyelesaian perselisihan"),
        blank=True,
        help_text=_("Biasanya musyawarah lebih dahulu, lalu penengah yang disepakati."),
    )
    is_public = models.BooleanField(
        _("terbuka untuk semua pengguna"),
        default=False,
        help_text=_("Bila dicentang, semua pengguna yang masuk dapat membaca kerja sama ini setelah diajukan."),
    )
    lead_village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="led_agreements", verbose_name=_("desa pengusul")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # The signed Peraturan Bersama Kepala Desa; its document is an AgreementDocument.
    regulation_number = models.CharField(_("nomor Peraturan Bersama Kepala Desa"), max_length=100, blank=True)
    regulation_date = models.DateField(_("tanggal Peraturan Bersama"), null=True, blank=True)
    termination_reason = models.TextField(_("alasan penghentian"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    proposed_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    activated_at = models.DateTimeField(_("mulai berjalan"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        db_table = "villages_agreement"  # kept from before the app was split out
        verbose_name = _("kerja sama antar desa")
        verbose_name_plural = _("kerja sama antar desa")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="agreement_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def timezone(self):
        return self.lead_village.region.timezone

    @property
    def progress(self):
        """Percent done (0-100, one decimal), or None without milestones. Uses the annotation of
        AgreementQuerySet.with_progress() when present, else asks the database."""
        weighted = getattr(self, "progress_weighted", None)
        total = getattr(self, "progress_weight", None)
        if not hasattr(self, "progress_weight"):
            weight = Coalesce(F("weight"), Value(1))
            sums = self.milestones.aggregate(weighted=Sum(weight * F("progress")), total=Sum(weight))
            weighted, total = sums["weighted"], sums["total"]
        if not total or weighted is None:
            return None
        return round(Decimal(weighted) / Decimal(total), 1)

    @property
    def is_open(self):
        return self.status in (self.Status.DRAFT, self.Status.PROPOSED, self.Status.ACTIVE)

    def village_parties(self):
        return [party for party in self.parties.all() if party.village_id is not None]


class AgreementParty(models.Model):
    """A party: a village (whose manager confirms for it) or a third party such as a BUMDes, a
    company or an NGO (named only; it does not sign in here)."""

    class ThirdPartyKind(models.TextChoices):
        BUMDES = "bumdes", _("BUMDes/BUMDesa Bersama")
        COMPANY = "swasta", _("Badan usaha swasta")
        NGO = "lsm", _("Lembaga swadaya masyarakat")
        GOVERNMENT = "pemerintah", _("Instansi pemerintah")
        OTHER = "lainnya", _("Lainnya")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("desa"),
    )
    name = models.CharField(_("nama pihak ketiga"), max_length=200, blank=True)
    third_party_kind = models.CharField(
        _("jenis pihak ketiga"), max_length=12, choices=ThirdPartyKind.choices, blank=True
    )
    rights = models.TextField(_("hak"), blank=True)
    obligations = models.TextField(_("kewajiban"), blank=True)
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "villages_agreementparty"  # kept from before the app was split out
        verbose_name = _("pihak kerja sama")
        verbose_name_plural = _("pihak kerja sama")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "village"], condition=Q(village__isnull=False), name="one_party_per_village"
            ),
            models.CheckConstraint(condition=Q(village__isnull=False) | ~Q(name=""), name="party_is_village_or_named"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.village.name if self.village_id else self.name

    @property
    def is_village(self):
        return self.village_id is not None


class AgreementFunding(models.Model):
    class Source(models.TextChoices):
        APBDES = "apbdes", _("APBDes")
        BUMDES = "bumdes", _("BUMDes")
        THIRD_PARTY = "pihak_ketiga", _("Pihak ketiga")
        GOVERNMENT = "pemerintah", _("APBD/APBN (bantuan pemerintah)")
        COMMUNITY = "swadaya", _("Swadaya masyarakat")
        OTHER = "lainnya", _("Lainnya")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("sumber dana"), max_length=15, choices=Source.choices)
    party = models.ForeignKey(
        AgreementParty,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding",
        verbose_name=_("dari pihak"),
    )
    amount = models.DecimalField(_("jumlah (Rp)"), max_digits=15, decimal_places=0, validators=[MinValueValidator(0)])
    note = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        db_table = "villages_agreementfunding"  # kept from before the app was split out
        verbose_name = _("pendanaan kerja sama")
        verbose_name_plural = _("pendanaan kerja sama")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_source_display()}: {self.amount}"


class AgreementDocument(AttachmentBase):
    """The signed Peraturan Bersama Kepala Desa (PDF or a photo of it)."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="document")

    class Meta:
        db_table = "villages_agreementdocument"  # kept from before the app was split out
        verbose_name = _("dokumen Peraturan Bersama")
        verbose_name_plural = _("dokumen Peraturan Bersama")


class Milestone(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
        DONE = "done", _("Selesai")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("tahapan"), max_length=200)
    due_on = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(
        _("kemajuan (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    weight = models.PositiveSmallIntegerField(
        _("bobot"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Kosongkan bila semua tahapan sama penting."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "villages_milestone"  # kept from before the app was split out
        verbose_name = _("tahapan kerja sama")
        verbose_name_plural = _("tahapan kerja sama")
        ordering = ["due_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="milestone_progress_max_100")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # "Selesai" means done: progress and status never contradict each other.
        if self.status == self.Status.DONE:
            self.progress = 100
        elif self.progress == 100:
            self.status = self.Status.DONE
        super().save(*args, **kwargs)


class AgreementUpdate(models.Model):
    """One entry in the agreement's timeline: what happened on a day, with photos."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="updates")
    happened_on = models.DateField(_("tanggal"))
    text = models.TextField(_("kabar"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    village = models.ForeignKey(Village, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "villages_agreementupdate"  # kept from before the app was split out
        verbose_name = _("kabar kerja sama")
        verbose_name_plural = _("kabar kerja sama")
        ordering = ["-happened_on", "-pk"]

    def __str__(self):
        return f"{self.happened_on}: {self.text[:50]}"


class AgreementPhoto(AttachmentBase):
    update = models.ForeignKey(AgreementUpdate, on_delete=models.CASCADE, related_name="photos")

    class Meta:
        db_table = "villages_agreementphoto"  # kept from before the app was split out
        verbose_name = _("foto kabar kerja sama")
        verbose_name_plural = _("foto kabar kerja sama")
        ordering = ["pk"]


class CooperationReminder(ScheduledJob):
    """A milestone's due date or an agreement's end coming near, told to every party's managers;
    core's scheduler delivers it. A reminder that went out stays as it was: a due date moved
    later gets a row of its own (one pending row per milestone or agreement at a time)."""

    AGREEMENT_CLOSED = "agreement_closed"
    MILESTONE_DONE = "milestone_done"
    PAST_DUE = "past_due"
    # Closed for a reason that may pass (a milestone marked done can be opened again).
    REOPENABLE = (AGREEMENT_CLOSED, MILESTONE_DONE)

    class Kind(models.TextChoices):
        MILESTONE_DUE = "milestone_due", _("Tenggat tahapan")
        AGREEMENT_EXPIRY = "agreement_expiry", _("Kerja sama akan berakhir")

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("Kerja sama")
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders", verbose_name=_("tahapan")
    )

    delivery_select_related = ("agreement__lead_village__region", "milestone")

    class Meta:
        db_table = "villages_cooperationreminder"  # kept from before the app was split out
        verbose_name = _("pengingat kerja sama")
        verbose_name_plural = _("pengingat kerja sama")
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone"],
                condition=Q(kind="milestone_due", done_at__isnull=True),
                name="one_pending_reminder_per_milestone",
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(kind="agreement_expiry", done_at__isnull=True),
                name="one_pending_expiry_reminder",
            ),
        ]
        indexes = [due_index("coop_reminder_pending_due")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.agreement} ({self.due_at:%Y-%m-%d %H:%M} UTC)"

    def skip_reason(self, now):
        """Nothing for a closed agreement, a finished milestone or a date that has already passed."""
        agreement = self.agreement
        if agreement.status != Agreement.Status.ACTIVE:
            return self.AGREEMENT_CLOSED
        today = now.astimezone(zoneinfo.ZoneInfo(agreement.lead_village.region.timezone)).date()
        if self.milestone_id:
            if self.milestone.status == Milestone.Status.DONE:
                return self.MILESTONE_DONE
            if self.milestone.due_on < today:
                return self.PAST_DUE
        elif agreement.ends_on < today:
            return self.PAST_DUE
        return None

    def recipients(self):
        from .services import reminder_recipients

        return reminder_recipients(self)

    def deliver(self, recipient, now):
        from .services import deliver_reminder

        deliver_reminder(self, recipient)


# ---- Staff exchanges ----------------------------------------------------------------------------


class StaffExchangeQuerySet(models.QuerySet):
    def involving(self, village):
        return self.filter(Q(home_village=village) | Q(host_village=village))


class StaffExchange(models.Model):
    """Pertukaran tenaga kerja antar desa: an official spends a period learning in another village."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Diajukan")
        ACCEPTED = "accepted", _("Diterima")
        DECLINED = "declined", _("Ditolak")
        CANCELLED = "cancelled", _("Dibatalkan")
        REPORTED = "reported", _("Selesai, laporan ada")

    visitor = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="exchanges", verbose_name=_("peserta"))
    home_village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="exchanges_sent", verbose_name=_("desa asal")
    )
    host_village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="exchanges_hosted", verbose_name=_("desa tujuan")
    )
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    learning_goals = models.TextField(_("tujuan belajar"))
    host_mentor = models.ForeignKey(
        Official,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_exchanges",
        verbose_name=_("pendamping di desa tujuan"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The visitor's report afterwards.
    report_learned = models.TextField(_("apa yang dipelajari"), blank=True)
    report_apply_at_home = models.TextField(_("apa yang akan diterapkan di desa asal"), blank=True)
    practices_applied = models.TextField(
        _("praktik baik yang diterapkan"), blank=True, help_text=_("Sebutkan praktik yang lahir dari pertukaran ini.")
    )
    reported_at = models.DateTimeField(null=True, blank=True)

    objects = StaffExchangeQuerySet.as_manager()

    class Meta:
        db_table = "villages_staffexchange"  # kept from before the app was split out
        verbose_name = _("pertukaran perangkat desa")
        verbose_name_plural = _("pertukaran perangkat desa")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="exchange_ends_after_start"),
            models.CheckConstraint(condition=~Q(home_village=F("host_village")), name="exchange_between_two_villages"),
        ]

    def __str__(self):
        return f"{self.visitor.user} → {self.host_village}"


# ---- Resource sharing ---------------------------------------------------------------------------


class ResourcePostQuerySet(models.QuerySet):
    def open(self, today):
        return self.filter(status=ResourcePost.Status.OPEN, valid_until__gte=today)


class ResourcePost(models.Model):
    class Kind(models.TextChoices):
        OFFER = "offer", _("Ditawarkan")
        REQUEST = "request", _("Dicari")

    class Category(models.TextChoices):
        EQUIPMENT = "peralatan", _("Peralatan")
        EXPERTISE = "keahlian", _("Keahlian/tenaga ahli")
        TRAINING = "materi", _("Materi pelatihan")
        FUNDING = "pendanaan", _("Peluang pendanaan")
        OTHER = "lainnya", _("Lainnya")

    class Status(models.TextChoices):
        OPEN = "open", _("Terbuka")
        CLOSED = "closed", _("Ditutup")

    village = models.ForeignKey(
        Village, on_delete=models.CASCADE, related_name="resource_posts", verbose_name=_("desa")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("kategori"), max_length=12, choices=Category.choices, db_index=True)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("keterangan"))
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wilayah jangkauan"),
        help_text=_("Sampai mana tawaran/permintaan ini berlaku."),
    )
    valid_until = models.DateField(_("berlaku sampai"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    fulfilled = models.BooleanField(_("terpenuhi"), null=True, blank=True)
    fulfilled_with = models.ForeignKey(
        Village, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("bersama desa")
    )
    fulfilled_note = models.CharField(_("catatan penutupan"), max_length=255, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ResourcePostQuerySet.as_manager()

    class Meta:
        db_table = "villages_resourcepost"  # kept from before the app was split out
        verbose_name = _("tawaran/permintaan sumber daya")
        verbose_name_plural = _("papan berbagi sumber daya")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class ResourceMessage(models.Model):
    """A message through the portal to the poster's village managers (no phone numbers in public)."""

    post = models.ForeignKey(ResourcePost, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sender_village = models.ForeignKey(Village, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("pesan"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "villages_resourcemessage"  # kept from before the app was split out
        verbose_name = _("pesan sumber daya")
        verbose_name_plural = _("pesan sumber daya")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.sender} → {self.post}"


__all__ = [
    "Agreement",
    "AgreementDocument",
    "AgreementFunding",
    "AgreementParty",
    "AgreementPhoto",
    "AgreementUpdate",
    "CooperationReminder",
    "Milestone",
    "ResourceMessage",
    "ResourcePost",
    "StaffExchange",
    "local_morning",
]
