"""Member villages: directory with filters, public village page, profile and IDM editing."""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from core.images import UploadSizeLimit
from core.replica import replica_reads
from regions.models import Region
from villages import services
from villages.forms.officials import village_local
from villages.forms.villages import (
    IDM_STATUS_LABELS,
    IDM_STATUS_SLUGS,
    NO_IDM_SCORE,
    IdmScoreForm,
    VillageFilterForm,
    VillageProfileForm,
)
from villages.idm import BANDS, idm_status, score_range
from villages.models import IdmScore, Official, Village
from villages.panels import rendered_panels
from villages.rules import can_edit_village, can_see_official_papers, can_see_phone_numbers, get_village_or_404

PAGE_SIZE = 20
IDM_BADGES = {
    "Sangat Tertinggal": "text-bg-danger",
    "Tertinggal": "text-bg-warning",
    "Berkembang": "text-bg-info",
    "Maju": "text-bg-primary",
    "Mandiri": "text-bg-success",
}
# Light fills of the bands behind the chart, in the badges' hues.
IDM_BAND_FILLS = {
    "Sangat Tertinggal": "#f8d7da",
    "Tertinggal": "#fff3cd",
    "Berkembang": "#cff4fc",
    "Maju": "#cfe2ff",
    "Mandiri": "#d1e7dd",
}


@dataclass(frozen=True)
class IdmPoint:
    """One year's score as the pages show it."""

    year: int
    score: Decimal
    # An imported Kemendesa result also carries its three component indices.
    iks: Decimal | None = None
    ike: Decimal | None = None
    ikl: Decimal | None = None
    imported: bool = False

    @property
    def status(self):
        return idm_status(self.score)

    @property
    def label(self):
        return IDM_STATUS_LABELS[self.status]

    @property
    def badge(self):
        return IDM_BADGES[self.status]

    @property
    def slug(self):
        return IDM_STATUS_SLUGS[self.status]


# ---- Directory --------------------------------------------------------------------------------------


def _pick(regions, code):
    return next((region for region in regions if region.code == code), None)


def _region_cascade(params):
    """The provinces, the regencies of the chosen province, the districts of the chosen regency
    (each a short list), and the most specific region chosen, if any."""
    provinces = list(Region.objects.provinces().order_by("name"))
    province = _pick(provinces, params.get("provinsi"))
    regencies = list(Region.objects.filter(parent=province).order_by("name")) if province else []
    regency = _pick(regencies, params.get("kabupaten"))
    districts = list(Region.objects.filter(parent=regency).order_by("name")) if regency else []
    district = _pick(districts, params.get("kecamatan"))
    return (provinces, regencies, districts), district or regency or province


def member_villages():
    """Villages with their region path, number of active officials and latest IDM score."""
    latest = IdmScore.objects.filter(village=OuterRef("pk")).order_by("-year")
    # Correlated counts, not a join + GROUP BY: PostgreSQL then evaluates them for the page's rows
    # only, after the LIMIT, and the pager's COUNT leaves them out.
    officials = (
        Official.objects.active()
        .filter(village=OuterRef("pk"))
        .order_by()
        .values("village")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Village.objects.with_region().annotate(
        active_officials=Coalesce(Subquery(officials), 0),
        latest_idm_year=Subquery(latest.values("year")[:1]),
        latest_idm_score=Subquery(latest.values("score")[:1]),
    )


@replica_reads
def village_directory(request):
    (provinces, regencies, districts), region = _region_cascade(request.GET)
    form = VillageFilterForm(request.GET, provinces=provinces, regencies=regencies, districts=districts)
    form.is_valid()
    villages = member_villages()
    if region is not None:
        villages = villages.within(region.code)
    query = form.cleaned_data.get("q")
    if query:
        villages = villages.filter(region__name__icontains=query)
    status = form.idm_status()
    if status == NO_IDM_SCORE:
        villages = villages.filter(latest_idm_score__isnull=True)
    elif status is not None:
        low, below = score_range(status)
        villages = villages.filter(latest_idm_score__gte=low, latest_idm_score__lt=below)
    villages = villages.order_by("region__name", "region__code")

    page = Paginator(villages, PAGE_SIZE).get_page(request.GET.get("page"))
    for village in page:
        score = village.latest_idm_score
        village.latest_idm = IdmPoint(village.latest_idm_year, score) if score is not None else None

    filters = {name: value for name, value in form.cleaned_data.items() if value}
    return render(
        request,
        "villages/village_directory.html",
        {
            "form": form,
            "page": page,
            "query_string": urlencode(filters),
            "filtered": bool(filters),
            "region_filtered": any(name in filters for name in ("provinsi", "kabupaten", "kecamatan", "status")),
        },
    )


# ---- Village page ---------------------------------------------------------------------------------


def _fmt(value):
    return f"{value:.1f}"


def idm_chart(points, *, width=360, height=210):
    """Geometry of the IDM chart (an SVG line over the status bands) for the template
    villages/includes/village_idm_chart.html; None without scores.

    Coordinates are strings with a decimal point, so the locale's decimal comma never reaches the SVG.
    """
    if not points:
        return None
    left, right, top, bottom = 44, 4, 8, 24
    gutter = 80  # at the right, inside the bands, where their names go: the line never crosses them
    plot_width, plot_height = width - left - right, height - top - bottom
    lowest = min(point.score for point in points)
    # From 0.4 (or the tenth below the lowest score) to 1: the bands stay readable on a phone.
    floor = min(Decimal("0.4"), Decimal(int(lowest * 10)) / 10)
    ceiling = Decimal("1")

    def y(score):
        return top + float((ceiling - score) / (ceiling - floor)) * plot_height

    bands = []
    for status, low, below in BANDS:
        low, below = max(low, floor), min(below, ceiling)
        if below <= low:
            continue
        bands.append(
            {
                "label": IDM_STATUS_LABELS[status],
                "fill": IDM_BAND_FILLS[status],
                "y": _fmt(y(below)),
                "height": _fmt(y(low) - y(below)),
                "label_y": _fmt((y(below) + y(low)) / 2 + 3),
                "threshold": number_format(low, 4) if low > floor else None,
                "threshold_y": _fmt(y(low)),
                "threshold_label_y": _fmt(y(low) + 3),
            }
        )
    step = (plot_width - gutter) / len(points)
    label_every = 1 if len(points) <= 8 else 2
    plotted = []
    for index, point in enumerate(points):
        x = left + step * (index + 0.5)
        plotted.append(
            {
                "point": point,
                "x": _fmt(x),
                "y": _fmt(y(point.score)),
                "value_y": _fmt(y(point.score) - 6),
                "show_year": index % label_every == 0 or index == len(points) - 1,
            }
        )
    return {
        "width": width,
        "height": height,
        "left": left,
        "right_edge": width - right,
        "top": top,
        "plot_width": plot_width,
        "plot_height": plot_height,
        "axis_y": _fmt(top + plot_height),
        "year_y": _fmt(top + plot_height + 16),
        "bands": bands,
        "points": plotted,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in plotted),
        "show_values": len(points) <= 8,
        "first_year": points[0].year,
        "last_year": points[-1].year,
    }


def village_detail(request, code):
    village = get_village_or_404(request.user, code)
    officials = (
        village.officials.active().select_related("user", "position").order_by("position__order", "user__full_name")
    )
    page = Paginator(officials, PAGE_SIZE).get_page(request.GET.get("page"))
    points = [IdmPoint(year, score) for year, score in village.idm_scores.order_by("year").values_list("year", "score")]
    return render(
        request,
        "villages/village_detail.html",
        {
            "village": village,
            "page": page,
            "show_phones": can_see_phone_numbers(request.user),
            "can_edit": can_edit_village(request.user, village),
            "show_papers": can_see_official_papers(request.user, village),
            "today": village_local(timezone.now(), village).date(),
            "idm_points": points,
            "latest_idm": points[-1] if points else None,
            "chart": idm_chart(points),
            "panels": rendered_panels(request, village),
        },
    )


# ---- Editing --------------------------------------------------------------------------------------


@csrf_exempt
@login_required
def village_edit(request, code):
    # The size limit has to be in place before anything reads the upload, and the CSRF middleware
    # reads request.POST before a view runs: hence exempt out here and protected just below.
    limit = UploadSizeLimit(request)
    request.upload_handlers.insert(0, limit)
    return _village_edit(request, code, limit)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _village_edit(request, code, limit):
    village = get_village_or_404(request.user, code, rule=can_edit_village)
    if request.method == "POST":
        old_logo = village.logo.name
        form = VillageProfileForm(request.POST, request.FILES, instance=village, oversized=limit.too_large)
        if form.is_valid():
            village = form.save()
            if old_logo and old_logo != village.logo.name:
                storage = village.logo.storage
                transaction.on_commit(lambda: storage.delete(old_logo))
            messages.success(request, _("Profil desa sudah disimpan."))
            return redirect("villages:village_detail", code=village.code)
    else:
        form = VillageProfileForm(instance=village)
    return render(request, "villages/village_edit.html", {"village": village, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def village_idm(request, code):
    village = get_village_or_404(request.user, code, rule=can_edit_village)
    form = IdmScoreForm()
    if request.method == "POST":
        if "hapus" in request.POST:
            return _delete_idm_year(request, village)
        form = IdmScoreForm(request.POST, instance=IdmScore(village=village))
        if form.is_valid():
            year, score = form.cleaned_data["year"], form.cleaned_data["score"]
            _saved, created = IdmScore.objects.update_or_create(
                village=village,
                year=year,
                # A score typed in replaces an imported one whole: its indices belonged to the old score.
                defaults={
                    "score": score,
                    "iks": None,
                    "ike": None,
                    "ikl": None,
                    "source": IdmScore.Source.MANUAL,
                    "source_file": "",
                },
            )
            point = IdmPoint(year, score)
            values = {"year": year, "score": number_format(score, 4), "status": point.label}
            if created:
                messages.success(request, _("Skor IDM %(year)s disimpan: %(score)s (%(status)s).") % values)
            else:
                messages.success(request, _("Skor IDM %(year)s diperbarui: %(score)s (%(status)s).") % values)
            return redirect("villages:village_idm", code=village.code)
    scores = village.idm_scores.order_by("-year").values_list("year", "score", "iks", "ike", "ikl", "source")
    page = Paginator(scores, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [
        IdmPoint(year, score, iks, ike, ikl, source == IdmScore.Source.IMPORT)
        for year, score, iks, ike, ikl, source in page.object_list
    ]
    return render(request, "villages/village_idm.html", {"village": village, "form": form, "page": page})


def _delete_idm_year(request, village):
    year = request.POST.get("hapus", "")
    score = village.idm_scores.filter(year=int(year)).first() if year.isdigit() and len(year) == 4 else None
    if score is None:
        messages.error(request, _("Skor IDM tahun itu tidak ada."))
    else:
        services.delete_idm_score(score, request.user)
        messages.success(
            request,
            _("Skor IDM %(year)s (%(score)s) dihapus.") % {"year": score.year, "score": number_format(score.score, 4)},
        )
    return redirect("villages:village_idm", code=village.code)
