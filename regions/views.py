from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404
from django.shortcuts import render

from regions.models import Region

PAGE_SIZE = 20
SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 100


def region_list(request):
    provinces = Region.objects.provinces().order_by("name")
    return render(request, "regions/region_list.html", {"provinces": provinces})


def region_detail(request, code):
    region = Region.objects.with_path().filter(code=code).first()
    if region is None:
        raise Http404
    children = region.children.order_by("name", "code")
    if region.level == Region.Level.DISTRICT:
        children = children.select_related("village")
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "regions/region_detail.html", {"region": region, "page": page})


def region_search(request):
    # PostgreSQL refuses NUL in a parameter: drop it with the rest of the cleaning.
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:SEARCH_MAX_LENGTH]
    page = None
    if len(query) >= SEARCH_MIN_LENGTH:
        level = request.GET.get("tingkat")
        results = Region.objects.with_path().filter(name__icontains=query)
        if level in {"1", "2", "3", "4"}:
            results = results.filter(level=int(level))
        # Exact names first ("Serang" before "Serangan"), then by level and code.
        results = results.annotate(exact=Case(When(name__iexact=query, then=Value(0)), default=Value(1))).order_by(
            "exact", "level", "name", "code"
        )
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "regions/region_search.html",
        {
            "query": query,
            "page": page,
            "min_length": SEARCH_MIN_LENGTH,
            "query_string": urlencode({"q": query}),
        },
    )
