"""The cooperation figures activity reports are built from."""

from django.db.models import Count, Q

from .models import Agreement, AgreementParty, AgreementUpdate, StaffExchange


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


# Agreements that came into force (running, completed or ended early) and exchanges that took place.
AGREEMENT_HAPPENED = (Agreement.Status.ACTIVE, Agreement.Status.COMPLETED, Agreement.Status.TERMINATED)
EXCHANGE_HAPPENED = (StaffExchange.Status.ACCEPTED, StaffExchange.Status.REPORTED)


def collaboration_by_village(code, start, end):
    """{village id: {"agreements", "exchanges"}} for the villages within `code` over the days
    start..end (inclusive): the agreements it is a party to that were in force during those days,
    and the staff exchanges it sent or hosted that overlap them. Three queries."""
    within = f"{code}."
    agreements = (
        AgreementParty.objects.filter(
            village__region__code__startswith=within,
            agreement__status__in=AGREEMENT_HAPPENED,
            agreement__starts_on__lte=end,
            agreement__ends_on__gte=start,
        )
        .values("village_id")
        .annotate(n=Count("agreement", distinct=True))
    )
    exchanges = StaffExchange.objects.filter(status__in=EXCHANGE_HAPPENED, starts_on__lte=end, ends_on__gte=start)
    found = {}

    def add(rows, key, measure):
        for row in rows:
            figures = found.setdefault(row[key], {"agreements": 0, "exchanges": 0})
            figures[measure] += row["n"]

    add(agreements, "village_id", "agreements")
    for side in ("home_village", "host_village"):
        rows = (
            exchanges.filter(**{f"{side}__region__code__startswith": within})
            .values(f"{side}_id")
            .annotate(n=Count("pk"))
        )
        add(rows, f"{side}_id", "exchanges")
    return found
