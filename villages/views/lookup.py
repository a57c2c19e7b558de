"""The search-as-you-type list behind the village and region fields (see villages/lookup.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from villages import lookup


@login_required
@require_GET
def lookup_options(request):
    """<option> elements for a <datalist>: the places whose name fits `q`, within what the user may pick."""
    kind = request.GET.get("jenis")
    if kind not in (lookup.VILLAGES, lookup.REGIONS):
        raise Http404
    query = request.GET.get("q", "").replace("\x00", "")[:100]  # PostgreSQL refuses NUL in a parameter
    regions = lookup.search(request.user, kind, query)
    response = render(
        request, "villages/lookup/options.html", {"options": [(lookup.option_label(r), r) for r in regions]}
    )
    response["Cache-Control"] = "private, max-age=300"
    return response
