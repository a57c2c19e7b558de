"""The best-practice library (praktik baik): practices with their topics and SDGs Desa goals, their
files and revisions, the villages that adopted them, comments, and the document library.

The search vector is a stored column kept current on every save (PostgreSQL only), with a GIN
index created by a vendor-checked migration; on SQLite the column stays empty and search falls
back to icontains (see knowledge/search.py).
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.uploads import AttachmentBase
from knowledge import fts

SEARCH_CONFIG = "indonesian"


class SearchVectorColumn(SearchVectorField):
    """A tsvector on PostgreSQL; elsewhere an unused text column, so one migration fits both."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


def _refresh_search_vector(instance, using, weighted):
    """Recompute the row's tsvector in the database; `weighted` is [(expression, weight), ...].
    On SQLite the row's stemmed text goes to its FTS5 table instead (knowledge/fts.py)."""
    if connections[using].vendor == "sqlite":
        fts.index(instance, using)
        return
    if connections[using].vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    vector = None
    for expression, weight in weighted:
        part = SearchVector(expression, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    type(instance)._default_manager.using(using).filter(pk=instance.pk).update(search_vector=vector)


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("nama"), max_length=100)
    order = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("pustaka", "topik")
        verbose_name_plural = pgettext_lazy("pustaka", "topik")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("knowledge:topic_detail", args=[self.slug])


class SdgGoal(models.Model):
    number = models.PositiveSmallIntegerField(_("nomor"), unique=True)
    name = models.CharField(_("nama"), max_length=150)

    class Meta:
        verbose_name = _("tujuan SDGs Desa")
        verbose_name_plural = _("tujuan SDGs Desa")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return reverse("knowledge:sdg_detail", args=[self.number])


class FundingSource(models.TextChoices):
    DANA_DESA = "dana_desa", _("Dana Desa")
    APBDES = "apbdes", _("APBDes (di luar Dana Desa)")
    CSR = "csr", _("CSR / swasta")
    SWADAYA = "swadaya", _("Swadaya masyarakat")
    GOVERNMENT = "pemerintah", _("Bantuan pemerintah daerah/pusat")
    OTHER = "lainnya", _("Lainnya")


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED)

    def for_cards(self):
        """What a list card shows, in a fixed number of queries."""
        return self.select_related("village__region__parent__parent").prefetch_related("topics")


class Practice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Menunggu kurasi")
        PUBLISHED = "published", _("Terbit")
        RETURNED = "returned", _("Dikembalikan")

    village = models.ForeignKey(
        "villages.Village", on_delete=models.CASCADE, related_name="practices", verbose_name=_("desa")
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="authored_practices", blank=True, verbose_name=_("penulis")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("judul"), max_length=200)
    summary = models.TextField(_("ringkasan"), max_length=1000)
    problem = models.TextField(_("masalah yang dijawab"))
    steps = models.TextField(_("yang dilakukan"))
    results = models.TextField(_("hasil dan angka"))
    cost = models.PositiveBigIntegerField(_("biaya (Rp)"), null=True, blank=True)
    funding_source = models.CharField(_("sumber dana"), max_length=12, choices=FundingSource.choices, blank=True)
    started_on = models.DateField(_("mulai"), null=True, blank=True)
    ended_on = models.DateField(_("selesai"), null=True, blank=True)
    topics = models.ManyToManyField(
        Topic, related_name="practices", blank=True, verbose_name=pgettext_lazy("pustaka", "topik")
    )
    sdgs = models.ManyToManyField(SdgGoal, related_name="practices", blank=True, verbose_name=_("tujuan SDGs Desa"))
    meetings = models.ManyToManyField(
        "meetings.Meeting", related_name="practices", blank=True, verbose_name=_("dipaparkan dalam")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField(_("alasan dikembalikan"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("terbit"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorColumn(null=True, blank=True, editable=False)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("praktik baik")
        verbose_name_plural = _("praktik baik")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="practice_published")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _refresh_search_vector(
            self,
            kwargs.get("using") or self._state.db or "default",
            [("title", "A"), ("summary", "B"), ("problem", "C"), ("steps", "C"), ("results", "C")],
        )

    def get_absolute_url(self):
        return reverse("knowledge:practice_detail", args=[self.pk])

    @property
    def year(self):
        day = self.started_on or (self.published_at.date() if self.published_at else None)
        return day.year if day else None

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def snapshot(self):
        """The editable content as plain data, kept in a PracticeRevision when a published text changes."""
        return {
            "title": self.title,
            "summary": self.summary,
            "problem": self.problem,
            "steps": self.steps,
            "results": self.results,
            "cost": self.cost,
            "funding_source": self.funding_source,
            "started_on": self.started_on.isoformat() if self.started_on else None,
            "ended_on": self.ended_on.isoformat() if self.ended_on else None,
        }


class PracticeAttachment(AttachmentBase):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("lampiran praktik")
        verbose_name_plural = _("lampiran praktik")
        ordering = ["pk"]


class PracticeRevision(models.Model):
    """The text as it was before an edit made after publishing."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revisi ke"))
    content = models.JSONField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("revisi praktik")
        verbose_name_plural = _("revisi praktik")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["practice", "number"], name="one_revision_number")]

    def __str__(self):
        return f"{self.practice} #{self.number}"


class AdoptionQuerySet(models.QuerySet):
    def by_region(self):
        """Adoption counts per kabupaten/kota, for "where it spread"."""
        return (
            self.values("village__region__parent__parent__code", "village__region__parent__parent__name")
            .annotate(count=models.Count("pk"))
            .order_by("-count", "village__region__parent__parent__name")
        )


class Adoption(models.Model):
    """A village applied a practice ("Desa kami menerapkan ini")."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="adoptions")
    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="adoptions")
    adopted_on = models.DateField(_("mulai menerapkan"))
    changes = models.TextField(_("yang kami sesuaikan"))
    result = models.TextField(_("hasil di desa kami"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("penerapan praktik")
        verbose_name_plural = _("penerapan praktik")
        ordering = ["-adopted_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["practice", "village"], name="one_adoption_per_village")]

    def __str__(self):
        return f"{self.village} — {self.practice}"


class PracticeComment(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_village = models.ForeignKey(
        "villages.Village", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("isi"))
    is_question = models.BooleanField(_("pertanyaan"), default=False)
    is_hidden = models.BooleanField(_("disembunyikan"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("komentar praktik")
        verbose_name_plural = _("komentar praktik")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:40]


class PracticeUseful(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="useful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["practice", "user"], name="one_useful_mark_per_user")]

    def __str__(self):
        return f"{self.user} — {self.practice}"


class Document(AttachmentBase):
    """A template or reference in the library: downloadable by everyone signed in."""

    class Category(models.TextChoices):
        PERDES = "perdes", _("Rancangan Perdes / Perkades")
        SOP = "sop", _("SOP")
        FORM = "formulir", _("Formulir")
        GUIDE = "panduan", _("Panduan dan modul")
        REPORT = "laporan", _("Contoh laporan")
        OTHER = "lainnya", _("Lainnya")

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    category = models.CharField(_("kategori"), max_length=10, choices=Category.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    village = models.ForeignKey(
        "villages.Village", on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    topics = models.ManyToManyField(
        Topic, related_name="documents", blank=True, verbose_name=pgettext_lazy("pustaka", "topik")
    )
    search_vector = SearchVectorColumn(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        ordering = ["-year", "title", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _refresh_search_vector(
            self, kwargs.get("using") or self._state.db or "default", [("title", "A"), ("description", "B")]
        )


@receiver(post_delete, sender=Practice)
@receiver(post_delete, sender=Document)
def _drop_from_search(sender, instance, using, **kwargs):
    fts.unindex(instance, using)
