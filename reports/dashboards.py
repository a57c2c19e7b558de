"""Dashboard figures for district staff and villages. Every figure is counted in the database, one
grouped query per measure (however many villages), and the groups are merged by key afterwards.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.dates import day_bounds
from core.querysets import in_order
from meetings import stats as meeting_stats
from regions.models import Region
from villages.idm import BANDS
from villages.models import IdmScore, Official, Village

from . import activity
from .models import MONTHS, ActivityReport
from .services import practice_activity

ACTIVE_DAYS = 90

COLUMNS = [
    ("villages", gettext_lazy("Desa")),
    ("submitted", gettext_lazy("Laporan diajukan")),
    ("approved", gettext_lazy("Disetujui")),
    ("returned", gettext_lazy("Dikembalikan")),
    ("overdue", gettext_lazy("Terlambat")),
    ("meetings", gettext_lazy("Rapat diadakan")),
    ("attendance_rate", gettext_lazy("Kehadiran (%)")),
    ("active_officials", gettext_lazy("Perangkat aktif")),
    ("practices_shared", gettext_lazy("Praktik dibagikan")),
    ("practices_adopted", gettext_lazy("Praktik diterapkan")),
]


def month_start(day):
    return day.replace(day=1)


def add_months(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    return date(day.year + year, month + 1, 1)


def month_label(day):
    return f"{MONTHS[day.month - 1][:3]} {day.year}"


def _group_path(region, relation):
    """The field that names a row's child of `region`: the village itself under a kecamatan, else the
    kecamatan (under a kabupaten) or the kabupaten (under a province)."""
    prefix = f"{relation}__" if relation else ""
    if region.level >= Region.Level.DISTRICT:
        return f"{relation}_id" if relation else "pk"
    return prefix + ("region__parent_id" if region.level == Region.Level.REGENCY else "region__parent__parent_id")


def _within(relation, code):
    return Q(**{f"{relation}__region__code__startswith": code + "."})


@dataclass
class RegionDashboard:
    region: Region
    start: date
    end: date
    rows: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    # Per village, in name order: the figures the rows were summed from, reused by the league table
    # and the list of villages without activity so those cost no queries of their own.
    villages: list = field(default_factory=list)

    @property
    def child_is_village(self):
        return self.region.level >= Region.Level.DISTRICT


# Figures counted per village and summed into the rows; active officials are not among them, because
# one person can hold posts in two villages and must count once per row.
VILLAGE_FIGURES = ("submitted", "approved", "returned", "overdue", "meetings", "registered", "attended")


def _village_figures(code, start, end, today, now, group=None):
    """[{pk, name, code, group, figures...}] for every village within `code`, ordered by name as the
    database collates it. The whole months before the current one are summed from the stored
    monthly rows (reports.activity); the rest is counted live, one grouped query per source."""
    fields = ["pk", "region__name", "region__code"] + ([group] if group and group != "pk" else [])
    villages = [
        {"pk": v["pk"], "name": v["region__name"], "code": v["region__code"], "group": v[group or "pk"]}
        for v in Village.objects.within(code).order_by("region__name", "pk").values(*fields)
    ]
    sources = []
    live_from = start
    stored_until = min(end, activity.month_of(now) - timedelta(days=1))
    if start.day == 1 and stored_until >= start:
        # Whole months only: the stored range ends at the end of a month.
        stored_until = activity.next_month(activity.month_of(stored_until)) - timedelta(days=1)
        if stored_until > end:
            stored_until = activity.month_of(stored_until) - timedelta(days=1)
        if stored_until >= start:
            sources.append(activity.stored_figures(code, start, stored_until, today))
            live_from = stored_until + timedelta(days=1)
    if live_from <= end:
        sources += _live_figures(code, live_from, end, today, now)
    for village in villages:
        pk = village["pk"]
        for name in VILLAGE_FIGURES:
            village[name] = sum(source.get(pk, {}).get(name, 0) for source in sources)
        village["score"] = village["meetings"] * 3 + village["attended"] + village["submitted"] * 2
    return villages


def _live_figures(code, start, end, today, now):
    since, until = day_bounds(start, end)
    until = min(until, now)
    reports = _counts(
        ActivityReport.objects.filter(_within("village", code), period_start__gte=start, period_start__lte=end)
        .values("village_id")
        .annotate(
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            approved=Count("pk", filter=Q(status=ActivityReport.Status.APPROVED)),
            returned=Count("pk", filter=Q(status=ActivityReport.Status.RETURNED)),
            overdue=Count("pk", filter=Q(status__in=ActivityReport.OPEN_STATUSES, due_on__lt=today)),
        ),
        "village_id",
    )
    meetings = meeting_stats.hosted_by_village(code, since, until)
    # The table and the league count attendance alike.
    attendance = meeting_stats.attendance_by_village(code, since, until)
    return [reports, meetings, attendance]


def region_dashboard(region, start, end, today=None, now=None):
    today = today or timezone.localdate()
    now = now or timezone.now()
    code = region.code
    village_group = _group_path(region, None)
    villages = _village_figures(code, start, end, today, now, group=village_group)

    if region.level >= Region.Level.DISTRICT:
        children = [{"key": v["pk"], "name": v["name"], "code": v["code"]} for v in villages]
    else:
        children = [
            {"key": c["pk"], "name": c["name"], "code": c["code"]}
            for c in Region.objects.filter(parent=region).order_by("code").values("pk", "name", "code")
        ]
    summed = {}
    for village in villages:
        group = summed.setdefault(village["group"], dict.fromkeys(("villages", *VILLAGE_FIGURES), 0))
        group["villages"] += 1
        for name in VILLAGE_FIGURES:
            group[name] += village[name]

    g = _group_path(region, "village")
    active = _counts(
        active_officials(code, now).values(g).annotate(active_officials=Count("user_id", distinct=True)), g
    )
    practices = practice_activity([v["pk"] for v in villages], start, end)
    shared, adopted = {}, {}
    for village in villages:
        key, figures = village["group"], practices[village["pk"]]
        shared[key] = shared.get(key, 0) + figures["shared"]
        adopted[key] = adopted.get(key, 0) + figures["adopted"]

    rows = []
    for child in children:
        key = child["key"]
        row = {**child, **summed.get(key, dict.fromkeys(("villages", *VILLAGE_FIGURES), 0))}
        row["active_officials"] = active.get(key, {}).get("active_officials", 0)
        row["practices_shared"] = shared.get(key, 0)
        row["practices_adopted"] = adopted.get(key, 0)
        row["attendance_rate"] = _rate(row["attended"], row["registered"])
        rows.append(row)
    if region.level < Region.Level.DISTRICT:
        rows = [row for row in rows if row["villages"]]
    totals = {name: sum(row[name] for row in rows) for name, _label in COLUMNS if name != "attendance_rate"}
    totals["registered"] = sum(row["registered"] for row in rows)
    totals["attended"] = sum(row["attended"] for row in rows)
    totals["attendance_rate"] = _rate(totals["attended"], totals["registered"])
    return RegionDashboard(region=region, start=start, end=end, rows=rows, totals=totals, villages=villages)


def _counts(values, key):
    return {row.pop(key): row for row in values}


def _rate(part, whole):
    return round(100 * part / whole) if whole else None


def active_officials(code, now):
    """Active officials of villages in `code` who took part in the last 90 days: registered for or
    attended a meeting, posted in a discussion, or authored a report (for their village), read from
    the stored last_active_at (reports.participation)."""
    since = now - timedelta(days=ACTIVE_DAYS)
    # Unordered: Official's default ordering would join every position's user and position to a
    # count that needs neither, where the index (village, last_active_at, user) answers alone.
    return Official.objects.active().filter(_within("village", code), last_active_at__gte=since).order_by()


def village_activity(code, start, end, now=None):
    """Every village within `code` with its activity in [start, end] and a score to rank by (meetings
    hosted ×3, attendances, reports submitted ×2), in name order."""
    now = now or timezone.now()
    return _village_figures(code, start, end, timezone.localdate(), now)


def _villages_in_order(pks):
    """Village objects (with their kecamatan) for `pks`, in that order (one query)."""
    return in_order(Village.objects.select_related("region__parent"), pks)


def league_table(code, start, end, limit=10, board=None):
    """The most active villages; pass the region dashboard already built for `code` to reuse its counts."""
    activity = board.villages if board is not None else village_activity(code, start, end)
    # Python's sort is stable, so equal scores keep the database's name order.
    ranked = sorted((v for v in activity if v["score"] > 0), key=lambda v: -v["score"])[:limit]
    counts_of = {v["pk"]: v for v in ranked}
    rows = _villages_in_order(list(counts_of))
    figures = practice_activity([v.pk for v in rows], start, end)
    for village in rows:
        counts = counts_of[village.pk]
        village.hosted = counts["meetings"]
        village.attended = counts["attended"]
        village.reports_done = counts["submitted"]
        village.score = counts["score"]
        village.practice_figures = figures[village.pk]
    return rows


def inactive_villages(code, start, end, board=None):
    """Ids of the villages without any activity, in name order; villages_page() loads one page of them."""
    activity = board.villages if board is not None else village_activity(code, start, end)
    return [v["pk"] for v in activity if v["score"] == 0]


def villages_page(page):
    """Swap a page of village ids for the villages (with kecamatan) in one query."""
    page.object_list = _villages_in_order(list(page.object_list))
    return page


# ---- Where reports wait for review ----

QUEUE_STAGES = [
    (ActivityReport.Status.SUBMITTED, gettext_lazy("Diajukan, menunggu tinjauan atau verifikasi kecamatan")),
    (ActivityReport.Status.VERIFIED, gettext_lazy("Diverifikasi kecamatan, menunggu persetujuan kabupaten")),
]
_QUEUE_GROUP = {
    Region.Level.PROVINCE: "village__region__parent__parent_id",
    Region.Level.REGENCY: "village__region__parent_id",
    Region.Level.DISTRICT: "village__region_id",
}


@dataclass
class ReviewQueue:
    """Reports waiting for review within a region: per step (count and the oldest wait in days) and
    per child region (kecamatan under a kabupaten, kabupaten under a province), longest wait first."""

    stages: list
    rows: list

    @property
    def total(self):
        return sum(stage["n"] for stage in self.stages)


def review_queue(region, today=None):
    """Two queries, however many reports wait: one grouped count, one for the child regions' names."""
    today = today or timezone.localdate()
    group = _QUEUE_GROUP[region.level]
    waiting = (
        ActivityReport.objects.filter(_within("village", region.code), status__in=ActivityReport.WAITING_STATUSES)
        .with_waiting_since()
        .values(group, "status")
        .annotate(n=Count("pk"), oldest=Min("waiting_from"))
    )

    def days(moment):
        return max((today - timezone.localdate(moment)).days, 0) if moment else None

    per_child, per_stage = {}, {status: {"n": 0, "oldest": None} for status, _label in QUEUE_STAGES}
    for row in waiting:
        cell = {"n": row["n"], "days": days(row["oldest"])}
        per_child.setdefault(row[group], {})[row["status"]] = cell
        stage = per_stage[row["status"]]
        stage["n"] += row["n"]
        if row["oldest"] and (stage["oldest"] is None or row["oldest"] < stage["oldest"]):
            stage["oldest"] = row["oldest"]
    names = Region.objects.filter(pk__in=per_child).values("pk", "name", "code")
    empty = {"n": 0, "days": None}
    rows = [
        {
            "name": child["name"],
            "code": child["code"],
            "cells": [per_child[child["pk"]].get(status, empty) for status, _label in QUEUE_STAGES],
        }
        for child in names
    ]
    rows.sort(key=lambda r: (-max(c["days"] or 0 for c in r["cells"]), r["name"]))
    stages = [
        {"status": status, "label": label, "n": per_stage[status]["n"], "days": days(per_stage[status]["oldest"])}
        for status, label in QUEUE_STAGES
    ]
    return ReviewQueue(stages=stages, rows=rows)


# ---- A village over time against its kecamatan ----


def village_series(village, months=12, today=None):
    """Per month: the village's attendances and hosted meetings, and the kecamatan's medians."""
    today = today or timezone.localdate()
    first = add_months(month_start(today), -(months - 1))
    since, until = day_bounds(first, today)
    kecamatan = village.region.parent
    peers = list(Village.objects.within(kecamatan.code).values_list("pk", flat=True))
    grid = meeting_stats.monthly_by_village(peers, since, until)
    reports = (
        ActivityReport.objects.filter(village_id__in=peers, period_start__gte=first, submitted_at__isnull=False)
        .values("village_id", "period_start")
        .annotate(n=Count("pk"))
    )
    for row in reports:
        grid[("reported", row["village_id"], month_start(row["period_start"]))] = row["n"]
    series = []
    for index in range(months):
        month = add_months(first, index)
        entry = {"month": month, "label": month_label(month)}
        for measure in ("attended", "hosted", "reported"):
            entry[measure] = grid.get((measure, village.pk, month), 0)
            entry[f"{measure}_median"] = statistics.median(grid.get((measure, pk, month), 0) for pk in peers)
        series.append(entry)
    return series


# ---- IDM ----


def idm_overview(code, today=None):
    """Status distribution of the villages' latest scores (one query). How the change in score
    relates to collaboration is the evidence page's work (reports/evidence.py)."""
    latest = IdmScore.objects.filter(village=OuterRef("pk")).order_by("-year")
    villages = Village.objects.within(code).annotate(last_score=Subquery(latest.values("score")[:1]))
    band = Case(
        *[When(last_score__gte=low, last_score__lt=below, then=Value(name)) for name, low, below in BANDS],
        output_field=CharField(),
    )
    distribution = dict(
        villages.filter(last_score__isnull=False)
        .annotate(band=band)
        .values("band")
        .annotate(n=Count("pk"))
        .values_list("band", "n")
    )
    return {
        "distribution": [(name, distribution.get(name, 0)) for name, _low, _below in BANDS],
        "scored": sum(distribution.values()),
    }


# ---- Charts: hand-written SVG, numbers as text so a phone reads them without hovering ----

PALETTE = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1"]


def bar_chart(labels, series, *, width=360, bar=10):
    """Geometry for reports/includes/bar_chart.html: horizontal grouped bars, one group per label.

    `series` is [(name, values)]. Coordinates are strings with a decimal point, so the locale's
    decimal comma never reaches the SVG.
    """
    if not labels:
        return None
    label_width, value_width = 110, 34
    plot = width - label_width - value_width
    top = 8 + 16 * ((len(series) + 1) // 2)
    group_height = bar * len(series) + 8
    peak = max((v or 0) for _name, values in series for v in values) or 1
    groups = []
    for index, label in enumerate(labels):
        y = top + index * group_height
        bars = []
        for s, (_name, values) in enumerate(series):
            value = values[index] or 0
            length = plot * value / peak
            bars.append(
                {
                    "y": f"{y + s * bar:.1f}",
                    "width": f"{max(length, 0.5):.1f}",
                    "value": values[index] if values[index] is not None else "–",
                    "text_x": f"{label_width + length + 3:.1f}",
                    "text_y": f"{y + s * bar + bar - 2:.1f}",
                    "color": PALETTE[s % len(PALETTE)],
                }
            )
        groups.append({"label": str(label)[:18], "label_y": f"{y + group_height / 2:.1f}", "bars": bars})
    legend = [
        {"name": name, "color": PALETTE[s % len(PALETTE)], "x": 4 + 180 * (s % 2), "y": 4 + 16 * (s // 2)}
        for s, (name, _values) in enumerate(series)
    ]
    return {
        "width": width,
        "height": top + len(labels) * group_height + 4,
        "label_width": label_width,
        "groups": groups,
        "legend": legend,
        "bar": bar - 2,
    }
