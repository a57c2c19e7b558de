"""Activity report pages, the review, exports and dashboards. Rights come from reports.rules; a
report or region a user may not see is a 404.
"""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Case, F, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import export_response
from core.paginators import WindowPaginator
from core.querysets import in_order
from core.replica import replica_reads
from core.uploads import serve_attachment
from enterprises import stats as enterprise_stats
from regions.models import Region
from villages.models import Village
from villages.roles import roles
from villages.rules import get_village_or_404

from . import activity, dashboards, evidence, rules, services
from .forms import EvidenceYearsForm, PeriodForm, ReportFilterForm, ReportForm, ReviewForm, ScheduleForm
from .models import ActivityReport, FrozenReport, ReportingSchedule, period_label

PAGE_SIZE = 20


# ---- Report list ----


def _filtered_reports(request):
    """(form, the reports the list shows, the same in the list's order with its annotations, the
    annotations alone for the rows of one page)."""
    reviewer = rules.reviews_reports(request.user)
    form = ReportFilterForm(request.GET or None, user=request.user, reviewer=reviewer)
    # Each valid filter applies even when another one (a place name that fits several) waits for a choice.
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    reports = ActivityReport.objects.filter(rules.visible_reports_q(request.user))
    status = data.get("status")
    if status == "terlambat":
        reports = reports.overdue()
    elif status == ReportFilterForm.WAITING_FOR_ME:
        reports = reports.filter(rules.waiting_for_me_q(request.user))
    elif status:
        reports = reports.filter(status=status)
    if data.get("wilayah"):
        reports = reports.within(data["wilayah"].code)
    if reviewer:
        # A reviewer's work first: the reports waiting at their step, longest wait first, then the rest.
        mine = Case(When(rules.waiting_for_me_q(request.user), then=Value(0)), default=Value(1))

        def annotated(queryset):
            return queryset.with_waiting_since().annotate(mine=mine)

        order = ["mine", F("waiting_from").asc(nulls_last=True), "-period_start", "village__region__name", "pk"]
    else:

        def annotated(queryset):
            return queryset

        order = ["-period_start", "village__region__name", "pk"]
    return form, reports, annotated(reports).order_by(*order), annotated


def _page_of_reports(reports, ordered, annotated, number):
    """One page of the list. The reports are put in order by their keys alone (a narrow sort of
    ids, not of whole rows with their villages and texts) and only the page's rows are then read
    whole. The pager counts a few pages ahead (WindowPaginator), in the order the region code's
    index gives, so the count stops as soon as the window is full."""
    paginator = WindowPaginator(
        ordered.values_list("pk", flat=True),
        PAGE_SIZE,
        number=number,
        counted=reports.order_by("village__region__code").values("pk"),
    )
    page = paginator.get_page(number)
    page.object_list = in_order(annotated(ActivityReport.objects.for_list()), list(page.object_list))
    return page


@login_required
def report_list(request):
    r = roles(request.user)
    if not (r.is_official or r.is_staff_member or r.is_admin):
        raise Http404
    form, reports, ordered, annotated = _filtered_reports(request)
    page = _page_of_reports(reports, ordered, annotated, request.GET.get("page"))
    periods = []
    if r.is_official:
        open_periods, schedule = services.open_periods(r.official.village)
        periods = [(start, period_label(start, schedule.frequency)) for start, _end in open_periods]
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "reports/list.html",
        {
            "form": form,
            "page": page,
            "query_string": urlencode(query),
            "today": timezone.localdate(),
            "village": r.official.village if r.is_official else None,
            "periods": periods,
            "now": timezone.now(),
        },
    )


def _export_region(user):
    """Where a list export belongs in the audit trail: the official's village, else the widest region
    of the staff member's roles; an admin's belongs to none."""
    r = roles(user)
    if r.is_official:
        return r.official.village.region.code
    if r.staff_codes:
        return sorted(r.staff_codes, key=len)[0]
    return ""


@login_required
def report_export(request, fmt):
    r = roles(request.user)
    if not (r.is_official or r.is_staff_member or r.is_admin):
        raise Http404
    _form, _reports, reports, _annotated = _filtered_reports(request)
    header = [
        _("Kode desa"),
        _("Desa"),
        _("Kecamatan"),
        _("Periode"),
        _("Awal"),
        _("Akhir"),
        _("Batas"),
        _("Status"),
        _("Diajukan"),
        _("Disetujui"),
    ]
    rows = (
        [
            r.village.region.code,
            r.village.name,
            r.village.region.parent.name,
            r.period_label,
            r.period_start.isoformat(),
            r.period_end.isoformat(),
            r.due_on.isoformat(),
            r.get_status_display(),
            timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M") if r.submitted_at else "",
            timezone.localtime(r.approved_at).strftime("%Y-%m-%d %H:%M") if r.approved_at else "",
        ]
        for r in reports.for_list().iterator(chunk_size=500)
    )
    return export_response(
        fmt, "laporan-kegiatan", header, rows, request=request, region_code=_export_region(request.user)
    )


@login_required
@require_POST
def report_start(request):
    r = roles(request.user)
    if not r.is_official:
        raise Http404
    try:
        start = date.fromisoformat(request.POST.get("period", ""))
    except ValueError:
        raise Http404 from None
    report = services.get_or_start_report(r.official.village, start, user=request.user)
    if report is None:
        messages.error(request, _("Periode itu tidak dapat dilaporkan sekarang."))
        return redirect("reports:list")
    return redirect("reports:edit", report.pk) if report.is_editable else redirect(report)


# ---- One report ----


def _review_step(user, report):
    return "verify" if rules.can_verify_report(user, report) else "approve"


def _detail_context(request, report, review_form=None):
    return {
        "report": report,
        "attachments": report.attachments.all(),
        "transitions": report.transitions.select_related("actor"),
        "can_edit": rules.can_edit_report(request.user, report),
        "can_submit": rules.can_submit_report(request.user, report),
        "can_review": rules.can_review_report(request.user, report),
        "review_step": _review_step(request.user, report),
        "review_form": review_form or ReviewForm(step=_review_step(request.user, report)),
        "today": timezone.localdate(),
        "days_waiting": report.days_waiting(),
    }


@login_required
def report_detail(request, pk):
    report = rules.get_report_or_404(request.user, pk)
    return render(request, "reports/detail.html", _detail_context(request, report))


@login_required
def report_print(request, pk):
    report = rules.get_report_or_404(request.user, pk)
    return render(
        request,
        "reports/print.html",
        {
            "report": report,
            "attachments": report.attachments.all(),
            "transitions": report.transitions.select_related("actor"),
        },
    )


@login_required
def report_edit(request, pk):
    report = rules.get_report_or_404(request.user, pk)
    if not rules.can_edit_report(request.user, report):
        if report.is_frozen:
            messages.error(request, _("Laporan yang sudah disetujui tidak dapat diubah."))
            return redirect(report)
        raise Http404
    form = ReportForm(request.POST or None, request.FILES or None, instance=report)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ReportForm.Meta.fields}
        try:
            services.save_report(report, data, user=request.user, uploads=form.cleaned_data["attachments"])
        except FrozenReport:
            messages.error(request, _("Laporan yang sudah disetujui tidak dapat diubah."))
            return redirect(report)
        if "refresh" in request.POST:
            services.refresh_figures(report)
        messages.success(request, _("Laporan disimpan."))
        return redirect(report)
    return render(request, "reports/form.html", {"report": report, "form": form})


@login_required
@require_POST
def report_submit(request, pk):
    report = rules.get_report_or_404(request.user, pk, rule=rules.can_submit_report)
    # An empty report is sent only after the user says so: one tap too many is a report nobody meant.
    if request.POST.get("kosong") != "ya" and services.is_empty_report(report):
        return render(request, "reports/confirm_empty.html", {"report": report})
    try:
        services.submit_report(report, actor=request.user)
    except FrozenReport:
        messages.error(request, _("Status laporan sudah berubah; muat ulang halaman."))
        return redirect(report)
    messages.success(request, _("Laporan diajukan untuk ditinjau."))
    return redirect(report)


@login_required
@require_POST
def report_review(request, pk):
    report = rules.get_report_or_404(request.user, pk, rule=rules.can_review_report)
    step = _review_step(request.user, report)
    form = ReviewForm(request.POST, step=step)
    if not form.is_valid():
        return render(request, "reports/detail.html", _detail_context(request, report, form), status=400)
    comment = form.cleaned_data["comment"].strip()
    try:
        decision = form.cleaned_data["decision"]
        if decision == "verify":
            services.verify_report(report, actor=request.user, comment=comment)
            messages.success(request, _("Laporan diverifikasi dan diteruskan ke kabupaten."))
        elif decision == "approve":
            services.approve_report(report, actor=request.user, comment=comment)
            messages.success(request, _("Laporan disetujui."))
        else:
            services.return_report(report, actor=request.user, comment=comment)
            messages.success(request, _("Laporan dikembalikan ke desa."))
    except FrozenReport:
        messages.error(request, _("Status laporan sudah berubah; muat ulang halaman."))
    return redirect(report)


@login_required
def attachment_download(request, pk):
    return serve_attachment(rules.get_report_attachment_or_404(request.user, pk))


# ---- Schedule ----


@login_required
def schedule_edit(request, code):
    kabupaten = get_object_or_404(Region, code=code, level=Region.Level.REGENCY)
    if not rules.can_set_reporting_schedule(request.user, kabupaten):
        raise Http404
    schedule = ReportingSchedule.objects.filter(kabupaten=kabupaten).first() or ReportingSchedule(kabupaten=kabupaten)
    form = ScheduleForm(request.POST or None, instance=schedule)
    if request.method == "POST" and form.is_valid():
        services.save_schedule(form.save(commit=False), user=request.user)
        messages.success(
            request,
            _(
                "Jadwal pelaporan disimpan: periode dan batas waktu berlaku untuk periode berikutnya, "
                "alur peninjauan berlaku sekarang."
            ),
        )
        return redirect("reports:region_dashboard", code)
    return render(request, "reports/schedule.html", {"form": form, "kabupaten": kabupaten})


# ---- Dashboards ----


def _period(request):
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    end = dashboards.add_months(dashboards.month_start(today), 1)
    start = dashboards.add_months(end, -12)
    if form.is_valid():
        start = form.cleaned_data.get("dari") or start
        if form.cleaned_data.get("sampai"):
            end = dashboards.add_months(form.cleaned_data["sampai"], 1)
    return form, start, end - dashboards.timedelta(days=1)


@login_required
@replica_reads
def dashboard_home(request):
    r = roles(request.user)
    if r.staff_codes:
        return redirect("reports:region_dashboard", sorted(r.staff_codes, key=len)[0])
    if r.is_admin:
        first = Village.objects.select_related("region").order_by("region__code").first()
        if first:
            return redirect("reports:region_dashboard", first.region.code[:5])
    if r.is_official:
        return redirect("reports:village_dashboard", r.official.village.region.code)
    raise Http404


# A province's figures sum every village in it (8,500 in Jawa Tengah): computed once per period
# and day and kept for a few minutes, shared by everyone allowed to see that province. A kabupaten's
# and a kecamatan's figures are shared for a minute under the kabupaten's figures version, which any
# change to a meeting, registration or report of its villages renews (reports.activity): those
# figures show a change at once; the active officials, the library, IDM and enterprise figures
# within a minute.
# The permission is checked on every request, before the cache is read.
PROVINCE_FIGURES_SECONDS = 300
REGION_FIGURES_SECONDS = 60


def _region_figures(region, start, end):
    """What a region's dashboard shows that depends on the region, the period and the figures alone
    (the table, IDM, the league of villages, the enterprise figures), the key it is shared under and
    for how long. The template keeps its rendered charts, table and league under the same key."""

    def compute():
        board = dashboards.region_dashboard(region, start, end)
        return {
            "board": board,
            "idm": dashboards.idm_overview(region.code),
            "league": dashboards.league_table(region.code, start, end, board=board),
            "enterprise_figures": enterprise_stats.region_figures(region, start, end),
        }

    key = f"reports:dashboard:{region.code}:{start}:{end}:{timezone.localdate()}"
    if region.level <= Region.Level.PROVINCE:
        seconds = PROVINCE_FIGURES_SECONDS
    else:
        key, seconds = f"{key}:{activity.figures_version(region.code)}", REGION_FIGURES_SECONDS
    return cache.get_or_set(key, compute, seconds), key, seconds


# The reviewers act from the kecamatan and kabupaten dashboards, whose queue is read live so that a
# reviewer who just acted sees it move; a province's queue only sums its kabupaten's (thousands of
# waiting reports) and is shared for a minute.
PROVINCE_QUEUE_SECONDS = 60


def _review_queue(region):
    if region.level > Region.Level.PROVINCE:
        return dashboards.review_queue(region)
    key = f"reports:province-queue:{region.code}:{timezone.localdate()}"
    return cache.get_or_set(key, lambda: dashboards.review_queue(region), PROVINCE_QUEUE_SECONDS)


@login_required
@replica_reads
def region_dashboard(request, code, fmt=None):
    region = get_object_or_404(Region.objects.select_related("parent__parent"), code=code, level__lte=3)
    if not rules.can_see_region_dashboard(request.user, region):
        raise Http404
    form, start, end = _period(request)
    shared, shared_key, shared_seconds = _region_figures(region, start, end)
    board, idm = shared["board"], shared["idm"]
    if fmt:
        header = [_("Kode"), _("Wilayah")] + [str(label) for _name, label in dashboards.COLUMNS]
        rows = [
            [row["code"], row["name"]] + [row[name] if row[name] is not None else "" for name, _l in dashboards.COLUMNS]
            for row in board.rows
        ]
        return export_response(fmt, f"dasbor-{code}", header, rows, request=request, about=region, region_code=code)
    inactive = dashboards.villages_page(
        Paginator(dashboards.inactive_villages(code, start, end, board=board), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    )
    labels = [row["name"] for row in board.rows]
    chart_reports = dashboards.bar_chart(
        labels,
        [
            (_("Diajukan"), [row["submitted"] for row in board.rows]),
            (_("Disetujui"), [row["approved"] for row in board.rows]),
            (_("Terlambat"), [row["overdue"] for row in board.rows]),
        ],
    )
    chart_meetings = dashboards.bar_chart(
        labels,
        [
            (_("Rapat diadakan"), [row["meetings"] for row in board.rows]),
            (_("Perangkat aktif"), [row["active_officials"] for row in board.rows]),
        ],
    )
    idm_chart = dashboards.bar_chart(
        [name for name, _n in idm["distribution"]], [(_("Desa"), [n for _s, n in idm["distribution"]])]
    )
    can_schedule = region.level == Region.Level.REGENCY and rules.can_set_reporting_schedule(request.user, region)
    queue = _review_queue(region)
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "reports/region_dashboard.html",
        {
            "region": region,
            "board": board,
            "columns": dashboards.COLUMNS,
            # (label, value) cells in column order: the template cannot look a dict up by a variable key,
            # and a phone shows each cell under its column's name.
            "table": [(row, [(label, row[name]) for name, label in dashboards.COLUMNS]) for row in board.rows],
            "form": form,
            "start": start,
            "end": end,
            "league": shared["league"],
            "inactive": inactive,
            "chart_reports": chart_reports,
            "chart_meetings": chart_meetings,
            "idm": idm,
            "idm_chart": idm_chart,
            "can_schedule": can_schedule,
            "queue": queue,
            "queue_stages": dashboards.QUEUE_STAGES,
            "enterprise_figures": shared["enterprise_figures"],
            "shared_key": shared_key,
            "shared_seconds": shared_seconds,
            "schedule": ReportingSchedule.for_code(code) if region.level >= 2 else None,
            "parent_visible": region.parent and rules.can_see_region_dashboard(request.user, region.parent),
            "query_string": urlencode(query),
        },
    )


# ---- Evidence of the gain ----


@login_required
def evidence_home(request):
    r = roles(request.user)
    if r.staff_codes:
        return redirect("reports:evidence", sorted(r.staff_codes, key=len)[0])
    if r.is_admin:
        first = Village.objects.select_related("region").order_by("region__code").first()
        if first:
            return redirect("reports:evidence", first.region.code[:5])
    raise Http404


def _evidence(region, start_year, end_year, years):
    def compute():
        return evidence.idm_evidence(region.code, start_year, end_year, years=years)

    if region.level > Region.Level.PROVINCE:
        return compute()
    # A province holds thousands of villages: shared for a few minutes like its dashboard figures.
    # Its sentences are written in the viewer's language, so the language is part of the key.
    language = translation.get_language()
    key = f"reports:province-evidence:{region.code}:{start_year}:{end_year}:{timezone.localdate()}:{language}"
    return cache.get_or_set(key, compute, PROVINCE_FIGURES_SECONDS)


@login_required
def evidence_page(request, code):
    region = get_object_or_404(Region.objects.select_related("parent__parent"), code=code, level__lte=3)
    if not rules.can_see_region_dashboard(request.user, region):
        raise Http404
    years = evidence.years_available(code)
    form = EvidenceYearsForm(request.GET or None, years=years)
    start_year = end_year = None
    if form.is_valid():
        start_year, end_year = form.cleaned_data.get("dari"), form.cleaned_data.get("sampai")
    if not (start_year and end_year):
        start_year, end_year = evidence.default_years(code, years)
    found = _evidence(region, start_year, end_year, years)
    if not form.is_bound:
        form = EvidenceYearsForm(initial={"dari": start_year, "sampai": end_year}, years=years)
    return render(
        request,
        "reports/evidence.html",
        {
            "region": region,
            "form": form,
            "evidence": found,
            "measures": evidence.MEASURES,
            "levels": [(key, label, found.level_totals.get(key, 0)) for key, label, _l, _h in evidence.LEVELS],
            "min_group": evidence.MIN_GROUP,
            "parent_visible": region.parent and rules.can_see_region_dashboard(request.user, region.parent),
        },
    )


@login_required
@replica_reads
def village_dashboard(request, code, fmt=None):
    village = get_village_or_404(request.user, code, rule=rules.can_see_village_dashboard)
    series = dashboards.village_series(village)
    if fmt:
        header = [
            _("Bulan"),
            _("Kehadiran di rapat"),
            _("Median kecamatan"),
            _("Rapat diadakan"),
            _("Median kecamatan"),
            _("Laporan diajukan"),
            _("Median kecamatan"),
        ]
        rows = [
            [
                s["month"].strftime("%Y-%m"),
                s["attended"],
                s["attended_median"],
                s["hosted"],
                s["hosted_median"],
                s["reported"],
                s["reported_median"],
            ]
            for s in series
        ]
        return export_response(
            fmt, f"dasbor-desa-{code}", header, rows, request=request, about=village, region_code=code
        )
    labels = [s["label"] for s in series]
    chart = dashboards.bar_chart(
        labels,
        [
            (_("Kehadiran desa ini"), [s["attended"] for s in series]),
            (_("Median kecamatan"), [s["attended_median"] for s in series]),
        ],
    )
    return render(
        request,
        "reports/village_dashboard.html",
        {
            "village": village,
            "series": series,
            "chart": chart,
            "kecamatan_visible": rules.can_see_region_dashboard(request.user, village.region.parent),
        },
    )
