"""The practice library's figures for reports and the evidence page."""

from django.db.models import Count

from .models import Adoption


def adoptions_by_village(code, start, end):
    """{village id: {"practices_adopted": n}} for the villages within `code`: the practices each
    recorded as adopted on a day in start..end (inclusive). One query."""
    rows = (
        Adoption.objects.filter(village__region__code__startswith=f"{code}.", adopted_on__range=(start, end))
        .values("village_id")
        .annotate(n=Count("pk"))
    )
    return {row["village_id"]: {"practices_adopted": row["n"]} for row in rows}
