"""The best-practice library: search and list, topic and SDG pages, a practice's page with its
adoptions, comments and similar practices, writing and editing, curation, adoption, downloads.

A practice the user may not see is a 404. Uploads pass through UploadSizeLimit before CSRF reads
the body (see knowledge/views/discussions.py for the same wrapper).
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.paginators import SharedCountPaginator
from core.querysets import in_order
from core.replica import replica_reads
from core.uploads import serve_attachment
from forums.views.discussions import _dropped, _with_upload_limit
from knowledge.forms import AdoptionForm, CommentForm, PracticeForm, PracticeSearchForm, ReturnForm
from knowledge.rules import (
    can_adopt_practice,
    can_comment_practice,
    can_curate_any,
    can_curate_practice,
    can_edit_practice,
    can_mark_useful,
    can_submit_practice,
    can_write_practice,
    get_adoption_or_404,
    get_evaluation_for_adoption_or_404,
    get_practice_attachment_or_404,
    get_practice_or_404,
    visible_practices_q,
)
from regions.models import Region
from villages.roles import roles, staff_scope_q

from .. import practices as services
from ..models import Adoption, Practice, PracticeAttachment, PracticeUseful, SdgGoal, Topic
from ..search import clean_query, search_practices, with_snippets

PAGE_SIZE = 20
CARD_DEFERRED = ["problem", "steps", "results", "return_reason", "search_vector"]


def safe_snippet(snippet):
    """ts_headline returns the stored text with <mark> around matches: escape it all, then restore
    only our own markers, so nothing a writer typed becomes HTML."""
    if not snippet:
        return ""
    escaped = escape(snippet).replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
    return mark_safe(escaped)  # noqa: S308 - escaped just above


def _region_choices(chosen=""):
    """The provinces with published practices and, under the province of the chosen region only,
    its kabupaten: a few dozen options instead of every kabupaten in the country. Choosing a
    province (and pressing Terapkan) offers its kabupaten."""
    tree = cache.get_or_set(services.REGION_CHOICES_KEY, _find_region_tree, services.REGION_CHOICES_SECONDS)
    province = (chosen or "").split(".")[0]
    rows = []
    for code, name, kabupaten in tree:
        rows.append((code, name))
        if code == province:
            rows += [(kab_code, f"— {kab_name}") for kab_code, kab_name in kabupaten]
    return rows


def _find_region_tree():
    """[(province code, name, [(kabupaten code, name)])] of the regions with published practices
    (one query)."""
    published = Practice.objects.published()
    kab = Region.objects.filter(level=2, pk__in=published.values("village__region__parent__parent_id")).select_related(
        "parent"
    )
    tree = {}
    for region in sorted(kab, key=lambda r: (r.parent.name, r.name)):
        tree.setdefault((region.parent.code, region.parent.name), []).append((region.code, region.name))
    return [(code, name, kabupaten) for (code, name), kabupaten in tree.items()]


def _filtered(request, base, fixed=None):
    """Apply the search form to `base`; returns (queryset, form, query_string, query)."""
    params = request.GET.copy()
    for name, value in (fixed or {}).items():
        params[name] = value
    form = PracticeSearchForm(params, regions=_region_choices(params.get("region", "")))
    form.is_valid()
    data = form.cleaned_data
    qs = base
    if data.get("topic"):
        qs = qs.filter(topics=data["topic"])
    if data.get("sdg"):
        qs = qs.filter(sdgs=data["sdg"])
    if data.get("region"):
        code = data["region"]
        qs = qs.filter(Q(village__region__code=code) | Q(village__region__code__startswith=code + "."))
    if data.get("funding"):
        qs = qs.filter(funding_source=data["funding"])
    if data.get("year"):
        qs = qs.filter(published_at__year=data["year"])
    query = clean_query(request.GET.get("q", ""))
    qs = search_practices(qs, query)
    if not query:
        qs = qs.order_by("-published_at", "-pk")
    kept = {k: v for k, v in request.GET.items() if k != "page" and v and k not in (fixed or {})}
    return qs, form, urlencode(kept), query


def _cards(page, user):
    for practice in page:
        practice.snippet_html = safe_snippet(getattr(practice, "snippet", None))
    return page


def _list_queryset():
    # A correlated count evaluated for the page's rows only; a join + GROUP BY would aggregate the
    # adoptions of every published practice before the LIMIT (and inside the pager's COUNT).
    adoptions = (
        Adoption.objects.filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # A card shows the title, place, year and summary: the long texts and the search vector stay behind.
    return (
        Practice.objects.published()
        .for_cards()
        .defer(*CARD_DEFERRED)
        .annotate(adoption_count=Coalesce(Subquery(adoptions), 0))
    )


def _library_page(request, queryset, query=""):
    """One page of published practices. The list is the same for every reader, so its count is
    shared through the cache (under the library's version) while its rows are read fresh. The order
    is found on the practices alone (ids, and the search rank); only the page's rows are then read
    with their villages, regions, adoption counts and search snippets."""
    version = services.library_version()
    ids = queryset.values_list("pk", flat=True)
    paginator = SharedCountPaginator(ids, PAGE_SIZE, key_prefix=f"knowledge:practices:{version}")
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = in_order(with_snippets(_list_queryset(), query), list(page.object_list))
    return page, version


def _filters_key(request, form, version):
    """What the filter form's HTML depends on: the values asked for (the form shows them and their
    errors), the region options they bring, the library's version (topics, goals, regions with
    practices), the language and the year (the year filter's options). Nothing of the reader's:
    every reader sees the same form."""
    asked = [(name, request.GET.getlist(name)) for name in form.fields]
    regions = [(str(value), str(label)) for value, label in form.fields["region"].widget.choices]
    raw = repr((version, translation.get_language(), timezone.localdate().year, asked, regions))
    return hashlib.sha256(raw.encode()).hexdigest()


@login_required
@replica_reads
def practice_list(request):
    qs, form, query_string, query = _filtered(request, _list_queryset())
    page, version = _library_page(request, qs, query)
    r = roles(request.user)
    return render(
        request,
        "knowledge/practices/list.html",
        {
            "page": _cards(page, request.user),
            "form": form,
            "filters_key": _filters_key(request, form, version),
            "library_version": version,
            "query": query,
            "query_string": query_string,
            # Lazy: read only when the cached fragment that lists them is rebuilt.
            "topics": Topic.objects.all(),
            "can_write": can_write_practice(request.user),
            "can_curate": can_curate_any(request.user),
            "own_village": r.official.village if r.is_official else None,
        },
    )


@login_required
@replica_reads
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    qs, form, query_string, query = _filtered(request, _list_queryset(), fixed={"topic": topic.slug})
    page, _version = _library_page(request, qs, query)
    return render(
        request,
        "knowledge/practices/group.html",
        {"heading": topic.name, "kind": _("Topik"), "page": _cards(page, request.user), "query_string": query_string},
    )


@login_required
@replica_reads
def sdg_detail(request, number):
    goal = get_object_or_404(SdgGoal, number=number)
    qs, form, query_string, query = _filtered(request, _list_queryset(), fixed={"sdg": str(goal.number)})
    page, _version = _library_page(request, qs, query)
    return render(
        request,
        "knowledge/practices/group.html",
        {
            "heading": str(goal),
            "kind": _("SDGs Desa"),
            "page": _cards(page, request.user),
            "query_string": query_string,
        },
    )


@login_required
def village_practices(request):
    """The official's own village's practices in every state, and for curators what waits for them."""
    r = roles(request.user)
    if r.is_official:
        qs = Practice.objects.filter(village_id=r.official.village_id)
        heading = _("Praktik baik desa saya")
    elif can_curate_any(request.user):
        qs = Practice.objects.filter(staff_scope_q(request.user, "village__region__code"), status="submitted")
        heading = _("Menunggu kurasi")
    else:
        raise Http404
    qs = qs.filter(visible_practices_q(request.user)).for_cards().order_by("-updated_at", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "knowledge/practices/mine.html", {"page": page, "heading": heading})


@login_required
def curation_queue(request):
    if not can_curate_any(request.user):
        raise Http404
    qs = (
        Practice.objects.filter(staff_scope_q(request.user, "village__region__code"), status="submitted")
        .for_cards()
        .order_by("submitted_at", "pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "knowledge/practices/mine.html", {"page": page, "heading": _("Menunggu kurasi")})


def _adoptions(practice):
    return practice.adoptions.select_related("village__region__parent__parent").order_by("-adopted_on", "-pk")


@login_required
@require_http_methods(["GET"])
def practice_detail(request, pk):
    practice = get_practice_or_404(
        request.user,
        pk,
        queryset=Practice.objects.prefetch_related(
            "topics",
            "sdgs",
            "authors",
            Prefetch("attachments", queryset=PracticeAttachment.objects.order_by("pk")),
            "meetings__host_village__region",
            "meetings__host_region",
        ).annotate(useful_count=Count("useful_marks", distinct=True)),
    )
    user = request.user
    r = roles(user)
    adoptions = Paginator(_adoptions(practice), PAGE_SIZE).get_page(request.GET.get("penerapan"))
    comments = Paginator(
        practice.comments.filter(is_hidden=False).select_related("author", "author_village__region"), PAGE_SIZE
    ).get_page(request.GET.get("komentar"))
    own_adoption = None
    if r.is_official:
        own_adoption = practice.adoptions.filter(village_id=r.official.village_id).first()
    return render(
        request,
        "knowledge/practices/detail.html",
        {
            "practice": practice,
            "adoptions": adoptions,
            "adoption_count": adoptions.paginator.count,
            "by_region": list(practice.adoptions.by_region()[:10]),
            "comments": comments,
            "comment_form": CommentForm() if can_comment_practice(user, practice) else None,
            "similar": services.similar_practices(practice) if practice.is_published else [],
            "whatsapp_text": services.whatsapp_text(practice, request),
            "marked_useful": PracticeUseful.objects.filter(practice=practice, user=user).exists(),
            "can_edit": can_edit_practice(user, practice),
            "can_submit": can_submit_practice(user, practice),
            "can_curate": can_curate_practice(user, practice),
            "return_form": ReturnForm() if can_curate_practice(user, practice) else None,
            "can_adopt": can_adopt_practice(user, practice) and own_adoption is None,
            "own_adoption": own_adoption,
            "can_mark_useful": can_mark_useful(user, practice),
            "revision_count": practice.revisions.count() if practice.is_published else 0,
        },
    )


@login_required
@_with_upload_limit
@require_http_methods(["GET", "POST"])
def practice_create(request):
    if not can_write_practice(request.user):
        raise Http404
    village = roles(request.user).official.village
    form = PracticeForm(request.POST or None, request.FILES or None, user=request.user, dropped=_dropped(request))
    if request.method == "POST" and form.is_valid():
        practice = services.create_practice(
            request.user, village, form.practice_data(), form.cleaned_data["attachments"]
        )
        messages.success(request, _("Draf praktik baik disimpan. Ajukan untuk kurasi bila sudah siap."))
        return redirect(practice)
    return render(request, "knowledge/practices/form.html", {"form": form, "village": village})


@login_required
@_with_upload_limit
@require_http_methods(["GET", "POST"])
def practice_edit(request, pk):
    practice = get_practice_or_404(request.user, pk, rule=can_edit_practice)
    form = PracticeForm(
        request.POST or None,
        request.FILES or None,
        instance=practice,
        user=request.user,
        dropped=_dropped(request),
    )
    if request.method == "POST" and form.is_valid():
        # The form wrote its values onto the instance already; reload so the revision holds the old text.
        current = Practice.objects.get(pk=practice.pk)
        services.update_practice(current, request.user, form.practice_data(), form.cleaned_data["attachments"])
        messages.success(request, _("Perubahan disimpan."))
        return redirect(current)
    return render(
        request, "knowledge/practices/form.html", {"form": form, "village": practice.village, "practice": practice}
    )


@login_required
@require_POST
def practice_submit(request, pk):
    practice = get_practice_or_404(request.user, pk, rule=can_submit_practice)
    if services.submit_practice(practice, request.user):
        messages.success(request, _("Praktik baik diajukan. Kurator kecamatan/kabupaten akan memeriksanya."))
    return redirect(practice)


@login_required
@require_POST
def practice_review(request, pk):
    practice = get_practice_or_404(request.user, pk, rule=can_curate_practice)
    if request.POST.get("action") == "publish":
        if services.publish_practice(practice, request.user):
            messages.success(request, _("Praktik baik diterbitkan."))
        return redirect(practice)
    form = ReturnForm(request.POST)
    if form.is_valid():
        services.return_practice(practice, request.user, form.cleaned_data["reason"])
        messages.success(request, _("Praktik baik dikembalikan kepada penulis."))
        return redirect(practice)
    messages.error(request, form.errors["reason"][0])
    return redirect(practice)


@login_required
def practice_revisions(request, pk):
    practice = get_practice_or_404(request.user, pk)
    revisions = Paginator(practice.revisions.select_related("edited_by"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "knowledge/practices/revisions.html", {"practice": practice, "page": revisions})


@login_required
@require_http_methods(["GET", "POST"])
def practice_adopt(request, pk):
    practice = get_practice_or_404(request.user, pk, rule=can_adopt_practice)
    village = roles(request.user).official.village
    existing = Adoption.objects.filter(practice=practice, village=village).first()
    if existing:
        return redirect("knowledge:adoption_edit", pk=existing.pk)
    form = AdoptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_adoption(
            practice, village, request.user, form.cleaned_data["adopted_on"], form.cleaned_data["changes"]
        )
        Adoption.objects.filter(practice=practice, village=village).update(result=form.cleaned_data["result"])
        messages.success(request, _("Penerapan di desa Anda sudah dicatat. Terima kasih telah berbagi."))
        return redirect(f"{practice.get_absolute_url()}#penerapan")
    return render(request, "knowledge/practices/adopt.html", {"practice": practice, "form": form, "village": village})


@login_required
@require_POST
def adopt_from_evaluation(request, pk):
    """The button beside a training evaluation: its practice, adopted by the attendee's village."""
    evaluation = get_evaluation_for_adoption_or_404(request.user, pk)
    if services.adopt_from_evaluation(evaluation, request.user):
        messages.success(request, _("Penerapan praktik di desa peserta sudah dicatat."))
    else:
        messages.info(request, _("Desa ini sudah mencatat penerapan praktik tersebut."))
    if evaluation.registration.user_id == request.user.pk:
        return redirect("meetings:evaluate", pk=evaluation.meeting_id)
    return redirect("meetings:evaluation_summary", pk=evaluation.meeting_id)


@login_required
@require_http_methods(["GET", "POST"])
def adoption_edit(request, pk):
    adoption = get_adoption_or_404(request.user, pk)
    form = AdoptionForm(request.POST or None, instance=adoption)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Catatan penerapan diperbarui."))
        return redirect(f"{adoption.practice.get_absolute_url()}#penerapan")
    return render(
        request,
        "knowledge/practices/adopt.html",
        {"practice": adoption.practice, "form": form, "village": adoption.village, "adoption": adoption},
    )


@login_required
@require_POST
def practice_comment(request, pk):
    practice = get_practice_or_404(request.user, pk, rule=can_comment_practice)
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = services.add_comment(
            practice, request.user, form.cleaned_data["body"], form.cleaned_data["is_question"]
        )
        messages.success(request, _("Komentar terkirim."))
        return redirect(f"{practice.get_absolute_url()}#komentar-{comment.pk}")
    # Re-display the page with what was typed and the message.
    return render(
        request,
        "knowledge/practices/comment_error.html",
        {"practice": practice, "comment_form": form},
        status=400,
    )


@login_required
@require_POST
def practice_useful(request, pk):
    practice = get_practice_or_404(request.user, pk, rule=can_mark_useful)
    if services.toggle_useful(practice, request.user):
        messages.success(request, _("Ditandai bermanfaat."))
    else:
        messages.info(request, _("Tanda bermanfaat dibatalkan."))
    return redirect(practice)


@login_required
def practice_attachment(request, pk):
    attachment = get_practice_attachment_or_404(request.user, pk)
    return serve_attachment(attachment)
