"""Per-village monthly activity rows (VillageActivityMonth): counting them, keeping them true and
summing them for the dashboards.

A row holds what the live dashboard queries count for one village and one calendar month in the
project's zone (WIB). Whatever changes a meeting, a registration or a report marks the village
months it touches stale (reports.signals, and the services that write with a bulk UPDATE), in the
same transaction as the change; a dashboard recounts the stale rows of its region before summing,
so it never shows a figure older than the data. `manage.py rebuild_activity_months` recounts
everything (after a bulk import such as seed_scale).
"""

from datetime import date, datetime, time
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from meetings.models import Meeting, Registration
from villages.models import Village

from .models import ActivityReport, VillageActivityMonth

STORED = ("meetings", "registered", "attended", "submitted", "approved", "returned")


def month_of(value):
    """The first day of the WIB month of a date or an aware datetime."""
    if isinstance(value, datetime):
        value = timezone.localtime(value, timezone.get_default_timezone()).date()
    return value.replace(day=1)


def next_month(month):
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months(first, last):
    """Month starts from first's month to last's month, both included."""
    month, last = month_of(first), month_of(last)
    while month <= last:
        yield month
        month = next_month(month)


def month_bounds(month):
    zone = timezone.get_default_timezone()
    return datetime.combine(month, time.min, tzinfo=zone), datetime.combine(next_month(month), time.min, tzinfo=zone)


def _within(relation, code):
    return Q(**{f"{relation}__region__code__startswith": f"{code}."})


# ---- Counting ----


def _zero():
    return dict.fromkeys(STORED, 0) | {"open_due_on": None}


def count_months(first, last, village_ids=None, code=None):
    """{(village id, month): figures} for the months first..last, counted live, for the given
    villages or those within `code` (only village months with something in them). Three grouped
    queries, however many villages and months."""
    first, last = month_of(first), month_of(last)
    since, until = month_bounds(first)[0], month_bounds(last)[1]
    zone = timezone.get_default_timezone()
    meetings = Meeting.objects.filter(starts_at__gte=since, starts_at__lt=until).exclude(
        status=Meeting.Status.CANCELLED
    )
    registrations = Registration.objects.filter(
        meeting__starts_at__gte=since,
        meeting__starts_at__lt=until,
        status=Registration.Status.REGISTERED,
    ).exclude(meeting__status=Meeting.Status.CANCELLED)
    reports = ActivityReport.objects.filter(period_start__gte=first, period_start__lt=next_month(last))
    if village_ids is not None:
        meetings = meetings.filter(host_village_id__in=village_ids)
        registrations = registrations.filter(village_id__in=village_ids)
        reports = reports.filter(village_id__in=village_ids)
    elif code:
        meetings = meetings.filter(_within("host_village", code))
        registrations = registrations.filter(_within("village", code))
        reports = reports.filter(_within("village", code))
    found = {}

    def row(pk, month):
        return found.setdefault((pk, month_of(month)), _zero())

    for r in (
        meetings.annotate(month=TruncMonth("starts_at", tzinfo=zone))
        .values("host_village_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row(r["host_village_id"], r["month"])["meetings"] = r["n"]
    for r in (
        registrations.annotate(month=TruncMonth("meeting__starts_at", tzinfo=zone))
        .values("village_id", "month")
        .annotate(registered=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
        .order_by()
    ):
        row(r.pop("village_id"), r.pop("month")).update(r)
    for r in (
        reports.annotate(month=TruncMonth("period_start"))
        .values("village_id", "month")
        .annotate(
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            approved=Count("pk", filter=Q(status=ActivityReport.Status.APPROVED)),
            returned=Count("pk", filter=Q(status=ActivityReport.Status.RETURNED)),
            open_due_on=Min("due_on", filter=Q(status__in=ActivityReport.OPEN_STATUSES)),
        )
        .order_by()
    ):
        row(r.pop("village_id"), r.pop("month")).update(r)
    return {key: value for key, value in found.items() if key[0] is not None}


def _rows(figures, codes):
    return [
        VillageActivityMonth(village_id=pk, region_code=codes[pk], month=month, stale=False, **values)
        for (pk, month), values in figures.items()
        if pk in codes
    ]


def recount(pairs):
    """Count the (village id, month) pairs again and store them, fresh (six queries at most)."""
    pairs = set(pairs)
    if not pairs:
        return
    village_ids = {v for v, _m in pairs}
    codes = dict(Village.objects.filter(pk__in=village_ids).values_list("pk", "region__code"))
    counted = count_months(min(m for _v, m in pairs), max(m for _v, m in pairs), village_ids=village_ids)
    # A month that emptied keeps a row of zeros; months not asked for stay as they are.
    figures = {pair: counted.get(pair) or _zero() for pair in pairs}
    VillageActivityMonth.objects.bulk_create(
        _rows(figures, codes),
        update_conflicts=True,
        unique_fields=["village", "month"],
        update_fields=[*STORED, "open_due_on", "stale"],
    )


# The dashboards of a kabupaten and of its kecamatan share their figures between viewers for a
# short while (reports.views), under the kabupaten's figures version: whatever marks one of its
# village months stale gives it a new version, so figures shared before the change are not read again.
FIGURES_VERSION_SECONDS = 24 * 3600


def _figures_version_key(code):
    return f"reports:figures-version:{code[:5]}"


def figures_version(code):
    """The version of the figures of the kabupaten that holds region `code`."""
    return cache.get(_figures_version_key(code), "0")


def _new_figures_versions(codes):
    cache.set_many({_figures_version_key(c): uuid4().hex for c in codes}, FIGURES_VERSION_SECONDS)


def figures_changed(codes):
    """The figures of the kabupaten holding these region codes changed. A new version now, so the
    rest of this transaction (and a test inside one) reads fresh figures, and again on commit, so
    that figures a viewer computed meanwhile from the data before the commit are not shared after it."""
    codes = {code[:5] for code in codes}
    if codes:
        _new_figures_versions(codes)
        transaction.on_commit(lambda: _new_figures_versions(codes))


def mark_stale(pairs):
    """Mark (village id, month) pairs as needing a recount (creating their rows if need be)."""
    pairs = {(village_id, month) for village_id, month in pairs if village_id and month}
    if not pairs:
        return
    codes = dict(Village.objects.filter(pk__in={v for v, _m in pairs}).values_list("pk", "region__code"))
    figures_changed(codes.values())
    VillageActivityMonth.objects.bulk_create(
        [VillageActivityMonth(village_id=v, region_code=codes[v], month=m, stale=True) for v, m in pairs if v in codes],
        update_conflicts=True,
        unique_fields=["village", "month"],
        update_fields=["stale"],
    )


def mark_meeting_stale(meeting, extra_months=()):
    """A meeting's status, time or host changed: its host's month and its registrants' months."""
    month = month_of(meeting.starts_at)
    villages = set(meeting.registrations.values_list("village_id", flat=True).distinct()) | {meeting.host_village_id}
    mark_stale((v, m) for v in villages for m in {month, *extra_months})


def refresh_stale(code=None):
    """Recount the stale rows (within `code`). The stale rows are locked first, so a change that
    commits meanwhile marks its row stale again after this recount instead of being lost."""
    stale = VillageActivityMonth.objects.filter(stale=True)
    if code:
        stale = stale.filter(region_code__startswith=f"{code}.")
    if not stale.exists():
        return 0
    with transaction.atomic():
        pairs = list(stale.select_for_update().values_list("village_id", "month"))
        recount(pairs)
    return len(pairs)


def rebuild(first, last, code=None, progress=None):
    """Recount every village (within `code`) for the months first..last from scratch, a month at a time."""
    for month in months(first, last):
        with transaction.atomic():
            figures = count_months(month, month, code=code)
            codes = dict(Village.objects.filter(pk__in={pk for pk, _m in figures}).values_list("pk", "region__code"))
            old = VillageActivityMonth.objects.filter(month=month)
            if code:
                old = old.filter(region_code__startswith=f"{code}.")
            old.delete()
            VillageActivityMonth.objects.bulk_create(_rows(figures, codes), batch_size=5000)
        if progress:
            progress(month, len(figures))


# ---- Reading ----


def stored_figures(code, first, last, today):
    """{village id: {meetings, registered, attended, submitted, approved, returned, overdue}} summed
    over the months first..last for the villages within `code`; stale rows are recounted first."""
    refresh_stale(code)
    rows = (
        VillageActivityMonth.objects.filter(
            region_code__startswith=f"{code}.", month__gte=month_of(first), month__lte=month_of(last)
        )
        .values("village_id")
        .annotate(
            **{name: Sum(name) for name in STORED},
            overdue=Count("pk", filter=Q(open_due_on__lt=today)),
        )
        .order_by()
    )
    return {row.pop("village_id"): row for row in rows}
