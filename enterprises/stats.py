"""The enterprise figures activity reports are built from."""

import zoneinfo
from datetime import datetime, time, timedelta

from django.db.models import Sum

from enterprises.models import Enterprise, Programme, Support
from meetings.models import Meeting


def village_figures(village, start, end):
    """For a village's report on the days start..end (inclusive): its enterprises and the people
    they employ now, the support they received in the period, and the trainings of its programmes
    held in the period (in the village's time zone; cancelled ones never happened)."""
    zone = zoneinfo.ZoneInfo(village.region.timezone)
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    enterprises = Enterprise.objects.filter(village=village).aggregate(workers=Sum("workers"))
    trainings = (
        Meeting.objects.filter(programmes__in=Programme.objects.filter(village=village), starts_at__gte=since)
        .filter(starts_at__lt=until)
        .exclude(status=Meeting.Status.CANCELLED)
        .distinct()
    )
    return {
        "enterprises": Enterprise.objects.filter(village=village).count(),
        "enterprise_workers": enterprises["workers"] or 0,
        "enterprise_supports": Support.objects.filter(
            enterprise__village=village, given_on__range=(start, end)
        ).count(),
        "programme_trainings": trainings.count(),
    }
