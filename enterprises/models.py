"""A village's potentials (potensi), its micro-enterprises and BUMDes units with the support they
received, the messages other users send them through the portal, and the programmes (per village or
per network) that tie trainings, supported enterprises and the practices they produced together.

Enterprises carry a search vector like the library's practices (knowledge/models.py): a stored,
weighted tsvector on PostgreSQL with the `indonesian` configuration, an FTS5 row of Sastrawi-stemmed
text on SQLite (enterprises/search.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from enterprises.sectors import Sector
from knowledge.models import SearchVectorColumn


class Potential(models.Model):
    """Something a village has that could support its economy: what, where, how much."""

    village = models.ForeignKey(
        "villages.Village", on_delete=models.CASCADE, related_name="economic_potentials", verbose_name=_("desa")
    )
    sector = models.CharField(_("sektor"), max_length=12, choices=Sector.choices, default=Sector.OTHER)
    name = models.CharField(_("potensi"), max_length=150, help_text=_("Apa potensinya, mis. Pohon kelapa deres."))
    location = models.CharField(_("lokasi"), max_length=150, blank=True, help_text=_("Dusun atau tempat."))
    scale = models.CharField(_("skala"), max_length=150, blank=True, help_text=_("Mis. Sekitar 40 perajin."))
    amount = models.DecimalField(_("jumlah"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("satuan"), max_length=30, blank=True, help_text=_("Mis. ha, pohon, ekor, ton/tahun."))
    description = models.TextField(_("keterangan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("potensi desa")
        verbose_name_plural = _("potensi desa")
        ordering = ["village", "sector", "name", "pk"]

    def __str__(self):
        return self.name

    @property
    def amount_text(self):
        if self.amount is None:
            return ""
        amount = self.amount.normalize()
        places = max(0, -amount.as_tuple().exponent)
        return f"{formats.number_format(amount, decimal_pos=places, force_grouping=True)} {self.unit}".strip()


class TurnoverBand(models.TextChoices):
    UNDER_50M = "lt50", _("< Rp 50 juta/tahun")
    UNDER_300M = "50-300", _("Rp 50–300 juta/tahun")
    UNDER_2500M = "300-2500", _("Rp 300 juta–2,5 miliar/tahun")
    OVER_2500M = "gt2500", _("> Rp 2,5 miliar/tahun")


class EnterpriseQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)

    def for_cards(self):
        return self.select_related("village__region__parent__parent")

    def within(self, code):
        return self.filter(village__region__code__startswith=f"{code}.")


class Enterprise(models.Model):
    """A micro-enterprise (UMKM), a unit of the village-owned enterprise (BUMDes) or a group business."""

    class Kind(models.TextChoices):
        UMKM = "umkm", _("UMKM")
        BUMDES = "bumdes", _("Unit BUMDes")
        GROUP = "kelompok", _("Kelompok usaha")

    village = models.ForeignKey(
        "villages.Village", on_delete=models.CASCADE, related_name="enterprises", verbose_name=_("desa")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.UMKM)
    name = models.CharField(_("nama usaha"), max_length=150)
    products = models.TextField(_("produk"), max_length=1000, help_text=_("Apa yang dibuat atau dijual."))
    sector = models.CharField(_("sektor"), max_length=12, choices=Sector.choices)
    workers = models.PositiveIntegerField(
        _("jumlah pekerja"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    turnover = models.CharField(_("omzet"), max_length=10, choices=TurnoverBand.choices, blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    is_listed = models.BooleanField(
        _("tampil di katalog"),
        default=True,
        help_text=_("Bila tidak, hanya perangkat desa dan staf wilayah yang melihat."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorColumn(null=True, blank=True, editable=False)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("usaha desa")
        verbose_name_plural = _("usaha desa")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from enterprises import search

        super().save(*args, **kwargs)
        search.index(self, kwargs.get("using") or self._state.db or "default")

    def get_absolute_url(self):
        return reverse("enterprises:enterprise_detail", args=[self.pk])


class Support(models.Model):
    """Support an enterprise received: a training, funds, equipment, mentoring."""

    class Kind(models.TextChoices):
        TRAINING = "pelatihan", _("Pelatihan")
        FUNDS = "dana", _("Dana")
        EQUIPMENT = "peralatan", _("Peralatan")
        MENTORING = "pendampingan", _("Pendampingan")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="supports")
    kind = models.CharField(_("jenis dukungan"), max_length=12, choices=Kind.choices)
    given_by = models.CharField(_("dari"), max_length=150, help_text=_("Mis. Dinas Koperasi, BUMDes, CSR bank."))
    given_on = models.DateField(_("tanggal"))
    note = models.TextField(_("catatan"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enterprise_supports",
        verbose_name=_("pelatihan di ForumDesa"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dukungan usaha")
        verbose_name_plural = _("dukungan usaha")
        ordering = ["-given_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.enterprise}"


class EnterpriseMessage(models.Model):
    """A message to a village about one of its enterprises ("Hubungi desa"); read by its managers."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sender_village = models.ForeignKey(
        "villages.Village", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("pesan"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("pesan untuk usaha")
        verbose_name_plural = _("pesan untuk usaha")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sender", "created_at"], name="enterprise_message_sender")]

    def __str__(self):
        return self.text[:40]


class Programme(models.Model):
    """A micro-enterprise programme of one village or one network: the trainings held for it, the
    enterprises it supported and the practices it produced."""

    name = models.CharField(_("nama program"), max_length=200)
    goal = models.TextField(_("tujuan"))
    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("desa"),
    )
    network = models.ForeignKey(
        "forums.Network",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("jaringan"),
    )
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"), null=True, blank=True)
    trainings = models.ManyToManyField(
        "meetings.Meeting", blank=True, related_name="programmes", verbose_name=_("pelatihan")
    )
    enterprises = models.ManyToManyField(
        Enterprise, blank=True, related_name="programmes", verbose_name=_("usaha yang didukung")
    )
    practices = models.ManyToManyField(
        "knowledge.Practice", blank=True, related_name="programmes", verbose_name=_("praktik baik yang dihasilkan")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program usaha")
        verbose_name_plural = _("program usaha")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(village__isnull=False, network__isnull=True)
                | models.Q(village__isnull=True, network__isnull=False),
                name="programme_of_village_or_network",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enterprises:programme_detail", args=[self.pk])

    @property
    def owner_name(self):
        return self.village.name if self.village_id else self.network.name


@receiver(post_delete, sender=Enterprise)
def _drop_from_search(sender, instance, using, **kwargs):
    from enterprises import search

    search.unindex(instance, using)
