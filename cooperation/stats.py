"""The cooperation figures activity reports are built from."""

from django.db.models import Q

from .models import Agreement, AgreementUpdate, StaffExchange


def village_figures(village, start, end):
    """For a village's report on the days start..end (inclusive): its agreements running now, the
    updates it wrote on them in the period, and the staff exchanges it sent or hosted that overlap
    the period (declined and cancelled ones never happened)."""
    return {
        "agreements_active": Agreement.objects.filter(parties__village=village, status="active").distinct().count(),
        "agreement_updates": AgreementUpdate.objects.filter(village=village, happened_on__range=(start, end)).count(),
        "exchanges": StaffExchange.objects.filter(
            Q(home_village=village) | Q(host_village=village), starts_on__lte=end, ends_on__gte=start
        )
        .exclude(status__in=["declined", "cancelled"])
        .count(),
    }
