"""Dates as the places they belong to see them."""

from datetime import datetime, time, timedelta

from django.utils import timezone


def day_bounds(start, end, zone=None):
    """The days start..end (inclusive) as the half-open range [since, until) of aware datetimes in
    `zone` (the project's zone, WIB, when none is given)."""
    zone = zone or timezone.get_default_timezone()
    return datetime.combine(start, time.min, tzinfo=zone), datetime.combine(
        end + timedelta(days=1), time.min, tzinfo=zone
    )
