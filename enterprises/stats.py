"""The enterprise figures activity reports are built from."""

import zoneinfo

from django.db.models import Count, Sum

from core.dates import day_bounds
from enterprises.models import Enterprise, Potential, Programme, Support
from meetings.models import Meeting


def village_figures(village, start, end):
    """For a village's report on the days start..end (inclusive): its enterprises and the people
    they employ now, the support they received in the period, and the trainings of its programmes
    held in the period (in the village's time zone; cancelled ones never happened)."""
    zone = zoneinfo.ZoneInfo(village.region.timezone)
    since, until = day_bounds(start, end, zone)
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


def region_figures(region, start, end):
    """For a kecamatan, kabupaten or province dashboard: the potentials and enterprises recorded by
    its villages (counts, none of them named), the people those enterprises employ, the support they
    received on the days start..end, and the trainings of the villages' programmes held then (in the
    region's time zone; cancelled ones never happened). Four queries, whatever the region's size."""
    prefix = f"{region.code}."
    zone = zoneinfo.ZoneInfo(region.timezone)
    since, until = day_bounds(start, end, zone)
    enterprises = Enterprise.objects.filter(village__region__code__startswith=prefix).aggregate(
        n=Count("pk"), workers=Sum("workers")
    )
    trainings = (
        Meeting.objects.filter(
            programmes__village__region__code__startswith=prefix, starts_at__gte=since, starts_at__lt=until
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .values("pk")
        .distinct()
    )
    return {
        "potentials": Potential.objects.filter(village__region__code__startswith=prefix).count(),
        "enterprises": enterprises["n"],
        "enterprise_workers": enterprises["workers"] or 0,
        "enterprise_supports": Support.objects.filter(
            enterprise__village__region__code__startswith=prefix, given_on__range=(start, end)
        ).count(),
        "programme_trainings": trainings.count(),
    }
