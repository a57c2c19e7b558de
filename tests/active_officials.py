"""The dashboards' former, live definition of "active officials" (four EXISTS per official), kept as
the oracle the stored Official.last_active_at is checked against."""

from datetime import timedelta

from django.db.models import Exists, OuterRef

from forums.stats import posted_since
from meetings.stats import took_part_since
from reports.dashboards import ACTIVE_DAYS
from reports.models import ActivityReport
from villages.models import Official


def live_active_officials(code, now):
    """Active officials of villages within `code` who registered for or checked in at a meeting,
    posted in a discussion, or wrote a report for their village (last updated) in the last 90 days."""
    since = now - timedelta(days=ACTIVE_DAYS)
    took_part = (
        took_part_since(since)
        | posted_since(since)
        | Exists(
            ActivityReport.objects.filter(
                created_by_id=OuterRef("user_id"), village_id=OuterRef("village_id"), updated_at__gte=since
            )
        )
    )
    return Official.objects.active().filter(village__region__code__startswith=code + ".").filter(took_part)
