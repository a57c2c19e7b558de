"""The document library: templates and references (Perdes drafts, SOPs, forms) that every signed-in
user may download; officials and district staff add them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.audit import Action, record
from core.uploads import serve_attachment
from forums.views.discussions import _dropped, _with_upload_limit
from knowledge.forms import DocumentForm, DocumentSearchForm
from knowledge.rules import can_add_document, can_delete_document, get_document_or_404
from villages.roles import roles

from ..models import Document
from ..search import clean_query, search_documents
from .practices import safe_snippet

PAGE_SIZE = 20


@login_required
def document_list(request):
    form = DocumentSearchForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    qs = Document.objects.select_related("village__region").order_by("-year", "title", "pk")
    if data.get("category"):
        qs = qs.filter(category=data["category"])
    if data.get("year"):
        qs = qs.filter(year=data["year"])
    query = clean_query(request.GET.get("q", ""))
    qs = search_documents(qs, query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for document in page:
        document.snippet_html = safe_snippet(getattr(document, "snippet", None))
        document.deletable = can_delete_document(request.user, document)
    kept = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "knowledge/documents/list.html",
        {
            "page": page,
            "form": form,
            "query": query,
            "query_string": urlencode(kept),
            "can_add": can_add_document(request.user),
        },
    )


@login_required
@_with_upload_limit
@require_http_methods(["GET", "POST"])
def document_create(request):
    if not can_add_document(request.user):
        raise Http404
    form = DocumentForm(request.POST or None, request.FILES or None, dropped=_dropped(request))
    if request.method == "POST" and form.is_valid():
        official = roles(request.user).official
        document = Document.from_upload(
            form.cleaned_data["upload"],
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            category=form.cleaned_data["category"],
            year=form.cleaned_data["year"],
            village=official.village if official else None,
            uploaded_by=request.user,
        )
        document.save()
        document.topics.set(form.cleaned_data["topics"])
        messages.success(request, _("Dokumen ditambahkan ke pustaka."))
        return redirect("knowledge:document_list")
    return render(request, "knowledge/documents/form.html", {"form": form})


@login_required
def document_download(request, pk):
    document = get_document_or_404(request.user, pk)
    return serve_attachment(document, inline=False)


@login_required
@require_POST
def document_delete(request, pk):
    document = get_document_or_404(request.user, pk, rule=can_delete_document)
    with transaction.atomic():
        region = document.village.region.code if document.village_id else ""
        record(request.user, Action.DELETED, document, region, request=request, judul=document.title)
        document.delete()
    messages.success(request, _("Dokumen dihapus."))
    return redirect("knowledge:document_list")
