from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.models import Region
from villages.models import Village


class NetworkQuerySet(models.QuerySet):
    def for_village(self, village):
        return self.filter(memberships__village=village, memberships__state=NetworkMembership.State.ACTIVE).distinct()


class Network(models.Model):
    """A forum komunikasi: villages whose officials talk, meet and learn together.

    Every kecamatan with joined villages has a default network (kind=kecamatan) that its villages
    belong to; other networks are formed around a theme and may span kabupaten.
    """

    class Kind(models.TextChoices):
        KECAMATAN = "kecamatan", _("Forum kecamatan")
        THEMATIC = "thematic", _("Jaringan tematik")

    name = models.CharField(_("nama"), max_length=150)
    slug = models.SlugField(_("alamat"), max_length=160, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.THEMATIC)
    description = models.TextField(_("tentang jaringan"), blank=True)
    topic = models.CharField(_("tema"), max_length=100, blank=True)
    cover_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="networks",
        verbose_name=_("wilayah cakupan"),
        help_text=_("Untuk forum kecamatan: kecamatannya. Untuk jaringan tematik: wilayah yang dicakup, bila ada."),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coordinated_networks", verbose_name=_("koordinator")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        db_table = "villages_network"  # kept from before the app was split out
        verbose_name = _("jaringan")
        verbose_name_plural = _("jaringan")
        ordering = ["name"]
        constraints = [
            # One default network per kecamatan.
            models.UniqueConstraint(
                fields=["cover_region"], condition=models.Q(kind="kecamatan"), name="one_network_per_kecamatan"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("forums:network_detail", args=[self.slug])

    # Discussion times are shown in the zone of the region the network covers; a network that spans
    # provinces without a cover region uses WIB, the zone most of its members are likely in.
    @property
    def timezone(self):
        return self.cover_region.timezone if self.cover_region_id else "Asia/Jakarta"

    @property
    def timezone_abbr(self):
        return self.cover_region.timezone_abbr if self.cover_region_id else "WIB"


class NetworkMembership(models.Model):
    """A village's membership of a network, with its history: rows are closed, never deleted."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("diajukan")  # the village asked; a coordinator decides
        INVITED = "invited", _("diundang")  # a coordinator invited; the village's manager decides
        ACTIVE = "active", _("anggota")
        DECLINED = "declined", _("ditolak")
        LEFT = "left", _("keluar")
        REMOVED = "removed", _("dikeluarkan")

    OPEN_STATES = (State.REQUESTED, State.INVITED, State.ACTIVE)

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="network_memberships")
    state = models.CharField(_("status"), max_length=10, choices=State.choices, db_index=True)
    note = models.TextField(_("catatan"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "villages_networkmembership"  # kept from before the app was split out
        verbose_name = _("keanggotaan jaringan")
        verbose_name_plural = _("keanggotaan jaringan")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "village"],
                condition=models.Q(state__in=["requested", "invited", "active"]),
                name="one_open_membership_per_network_village",
            ),
        ]

    def __str__(self):
        return f"{self.village} — {self.network} ({self.get_state_display()})"
