"""The meeting figures activity reports and dashboards are built from. Each is counted in the
database, one grouped query per measure however many villages; cancelled meetings never count.
"""

import zoneinfo
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.dates import day_bounds

from .models import ActionItem, Meeting, Registration

TRAINING_KINDS = (Meeting.Kind.TRAINING, Meeting.Kind.WORKSHOP)


def _held():
    return ~Q(status=Meeting.Status.CANCELLED)


def village_figures(village, start, end):
    """For a village's report on the days start..end (inclusive, in the village's own time zone):
    the meetings it hosted and those its officials attended elsewhere, as plain rows that keep when
    stored as JSON; how many of them were trainings or workshops; its action items still open and
    those done, by the end of the period."""
    zone = zoneinfo.ZoneInfo(village.region.timezone)
    since, until = day_bounds(start, end, zone)
    in_period = Q(starts_at__gte=since, starts_at__lt=until) & _held()
    hosted = (
        Meeting.objects.filter(in_period, host_village=village)
        .annotate(attendees=Count("registrations", filter=Q(registrations__attended=True)))
        .order_by("starts_at")
    )
    attended = (
        Meeting.objects.filter(in_period, registrations__village=village, registrations__attended=True)
        .exclude(host_village=village)
        .annotate(
            attendees=Count("registrations", filter=Q(registrations__village=village, registrations__attended=True))
        )
        .order_by("starts_at")
    )

    def row(m):
        return {
            "id": m.pk,
            "title": m.title,
            "date": timezone.localtime(m.starts_at, m.zoneinfo).date().isoformat(),
            "kind": m.kind,
            "kind_label": str(m.get_kind_display()),
            "attendees": m.attendees,
        }

    hosted_rows = [row(m) for m in hosted.select_related("host_village__region", "host_region")]
    attended_rows = [row(m) for m in attended.select_related("host_village__region", "host_region")]
    officials = Registration.objects.filter(village=village).values("user_id")
    items = ActionItem.objects.filter(Q(assignee_village=village) | Q(assignee_user__in=officials))
    items = items.filter(due_date__lte=end).aggregate(
        open=Count("pk", filter=Q(status=ActionItem.Status.OPEN)),
        done=Count("pk", filter=Q(status=ActionItem.Status.DONE, due_date__gte=start)),
    )
    return {
        "hosted": hosted_rows,
        "attended": attended_rows,
        "trainings": sum(1 for r in hosted_rows + attended_rows if r["kind"] in TRAINING_KINDS),
        "actions_open": items["open"],
        "actions_done": items["done"],
    }


def _within(relation, code):
    return Q(**{f"{relation}__region__code__startswith": code + "."})


def hosted_by_village(code, since, until):
    """{village id: {"meetings": n}} for the villages within `code` that hosted meetings in [since, until)."""
    rows = (
        Meeting.objects.filter(_within("host_village", code), _held(), starts_at__gte=since, starts_at__lt=until)
        .values("host_village_id")
        .annotate(meetings=Count("pk"))
    )
    return {row.pop("host_village_id"): row for row in rows}


def attendance_by_village(code, since, until):
    """{village id: {"registered": n, "attended": n}} over meetings in [since, until) of villages
    within `code`. Registrations count, not cancellations, for meetings that were held."""
    counted = Q(status=Registration.Status.REGISTERED) & ~Q(meeting__status=Meeting.Status.CANCELLED)
    rows = (
        Registration.objects.filter(
            _within("village", code), meeting__starts_at__gte=since, meeting__starts_at__lt=until
        )
        .values("village_id")
        .annotate(
            registered=Count("pk", filter=counted),
            attended=Count("pk", filter=counted & Q(attended=True)),
        )
    )
    return {row.pop("village_id"): row for row in rows}


def took_part_since(since, user="user_id"):
    """An expression: the user named by the outer query's `user` field registered for, or checked in
    at, a meeting since then."""
    return Exists(Registration.objects.filter(user_id=OuterRef(user), created_at__gte=since)) | Exists(
        Registration.objects.filter(user_id=OuterRef(user), checked_in_at__gte=since)
    )


def monthly_by_village(village_ids, since, until):
    """{("attended" | "hosted", village id, month start): n} for meetings in [since, until): the
    attendances of each village's officials and the meetings each village hosted."""
    attended = (
        Registration.objects.filter(
            village_id__in=village_ids, attended=True, meeting__starts_at__gte=since, meeting__starts_at__lt=until
        )
        .annotate(month=TruncMonth("meeting__starts_at"))
        .values("village_id", "month")
        .annotate(n=Count("pk"))
    )
    hosted = (
        Meeting.objects.filter(_held(), host_village_id__in=village_ids, starts_at__gte=since, starts_at__lt=until)
        .annotate(month=TruncMonth("starts_at"))
        .values("host_village_id", "month")
        .annotate(n=Count("pk"))
    )
    grid = {}
    for row in attended:
        grid[("attended", row["village_id"], _as_date(row["month"]))] = row["n"]
    for row in hosted:
        grid[("hosted", row["host_village_id"], _as_date(row["month"]))] = row["n"]
    return grid


def _as_date(value):
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def collaboration_by_village(code, since, until):
    """{village id: {"meetings_hosted", "meetings_attended", "trainings_attended"}} for the villages
    within `code`, over held meetings starting in [since, until): the meetings it hosted, and the
    other meetings at which at least one of its officials was present (each meeting once, however
    many came), trainings and workshops counted apart. Two queries."""
    hosted = (
        Meeting.objects.filter(_within("host_village", code), _held(), starts_at__gte=since, starts_at__lt=until)
        .values("host_village_id")
        .annotate(n=Count("pk"))
    )
    training = Q(meeting__kind__in=TRAINING_KINDS)
    attended = (
        Registration.objects.filter(
            _within("village", code),
            attended=True,
            meeting__starts_at__gte=since,
            meeting__starts_at__lt=until,
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .exclude(meeting__host_village_id=F("village_id"))
        .values("village_id")
        .annotate(
            meetings=Count("meeting", distinct=True, filter=~training),
            trainings=Count("meeting", distinct=True, filter=training),
        )
    )
    found = {}
    zero = {"meetings_hosted": 0, "meetings_attended": 0, "trainings_attended": 0}
    for row in hosted:
        found.setdefault(row["host_village_id"], dict(zero))["meetings_hosted"] = row["n"]
    for row in attended:
        figures = found.setdefault(row["village_id"], dict(zero))
        figures["meetings_attended"], figures["trainings_attended"] = row["meetings"], row["trainings"]
    return found
