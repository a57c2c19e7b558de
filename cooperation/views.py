"""Kerja Sama Antar Desa, staff exchanges and the resource board.

Who may do what is in cooperation.rules; the state changes and their
notifications are in cooperation.services. An agreement, exchange or post the user may not see is a
404, never a 403, so outsiders learn nothing about it.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from cooperation import rules, services
from cooperation.forms import (
    AgreementFilterForm,
    AgreementForm,
    AgreementUpdateForm,
    ClosePostForm,
    ContactForm,
    ExchangeDecisionForm,
    ExchangeForm,
    ExchangeReportForm,
    FundingForm,
    MilestoneForm,
    PartyTermsForm,
    RegulationForm,
    ResourceFilterForm,
    ResourcePostForm,
    TerminateForm,
    ThirdPartyForm,
    VillageSearchForm,
)
from cooperation.models import (
    Agreement,
    AgreementDocument,
    AgreementFunding,
    AgreementParty,
    AgreementPhoto,
    AgreementUpdate,
    Milestone,
    ResourcePost,
    StaffExchange,
)
from core.images import UploadSizeLimit
from core.uploads import MAX_ATTACHMENT_BYTES, serve_attachment
from regions.models import Region
from villages.models import Village
from villages.roles import is_village_manager, roles

PAGE_SIZE = 20


def _query_string(form):
    return urlencode({name: value for name, value in form.cleaned_data.items() if value})


def _refused(request, refused):
    messages.warning(request, str(refused))


# ---- Agreement lists ----------------------------------------------------------------------------


def _agreement_rows(user):
    return (
        Agreement.objects.filter(rules.visible_agreements_q(user))
        .with_progress()
        .select_related("lead_village__region")
        .prefetch_related(rules.PARTIES)
    )


@login_required
def agreement_list(request, code=None):
    """Every agreement the user may see; under /wilayah/<code>/ or /desa/<code>/ those with a
    party village in that region (or that village)."""
    region = get_object_or_404(Region.objects.with_path(), code=code) if code else None
    provinces = list(Region.objects.provinces().order_by("name"))
    form = AgreementFilterForm(request.GET, provinces=provinces)
    form.is_valid()
    agreements = _agreement_rows(request.user)
    if region is not None:
        if region.level == Region.Level.VILLAGE:
            party = AgreementParty.objects.filter(agreement=OuterRef("pk"), village__region=region)
            agreements = agreements.filter(Exists(party))
        else:
            agreements = agreements.within(region.code)
    if form.cleaned_data.get("provinsi"):
        agreements = agreements.within(form.cleaned_data["provinsi"])
    if form.cleaned_data.get("bidang"):
        agreements = agreements.filter(field=form.cleaned_data["bidang"])
    if form.cleaned_data.get("status"):
        agreements = agreements.filter(status=form.cleaned_data["status"])
    page = Paginator(agreements.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cooperation/agreement_list.html",
        {
            "form": form,
            "page": page,
            "region": region,
            "query_string": _query_string(form),
            "can_start": rules.can_start_agreement(request.user),
        },
    )


# ---- One agreement ------------------------------------------------------------------------------


@login_required
def agreement_detail(request, pk):
    agreement = rules.get_agreement_or_404(request.user, pk)
    user = request.user
    milestones = list(agreement.milestones.all())
    updates = list(agreement.updates.select_related("author", "village__region").prefetch_related("photos")[:50])
    funding = list(agreement.funding.select_related("party__village__region"))
    total = sum((f.amount for f in funding), 0)
    apbdes = sum((f.amount for f in funding if f.source == "apbdes"), 0)
    document = AgreementDocument.objects.filter(agreement=agreement).first()
    can_edit = rules.can_edit_agreement(user, agreement)
    own_party = rules.managed_party(user, agreement)
    context = {
        "agreement": agreement,
        "parties": list(agreement.parties.all()),
        "milestones": milestones,
        "updates": updates,
        "funding": funding,
        "funding_total": total,
        "apbdes_share": round(apbdes * 100 / total, 1) if total else None,
        "document": document,
        "progress": agreement.progress,
        "can_edit": can_edit,
        "own_party": own_party,
        "can_confirm": own_party is not None and rules.can_confirm_party(user, own_party),
        "unmanaged": rules.unmanaged_village_ids(agreement) if agreement.status != Agreement.Status.DRAFT else set(),
        "confirm_for": {p.pk for p in agreement.parties.all() if rules.can_confirm_on_behalf(user, p)}
        if agreement.status == Agreement.Status.PROPOSED
        else set(),
        "can_milestones": rules.can_manage_milestones(user, agreement),
        "can_complete": rules.can_complete_agreement(user, agreement),
        "can_terminate": rules.can_terminate_agreement(user, agreement),
        "can_update": rules.can_post_agreement_update(user, agreement),
        "can_regulation": rules.can_edit_regulation(user, agreement),
        "milestone_form": MilestoneForm(instance=Milestone(agreement=agreement)),
        "update_form": AgreementUpdateForm(),
        "whatsapp_text": services.whatsapp_text(agreement, request),
    }
    if can_edit:
        search = VillageSearchForm(request.GET)
        search.is_valid()
        query = search.cleaned_data.get("q")
        taken = [p.village_id for p in agreement.parties.all() if p.village_id]
        context.update(
            search_form=search,
            search_results=list(
                Village.objects.with_region().filter(region__name__icontains=query).exclude(pk__in=taken)[:10]
            )
            if query
            else None,
            third_party_form=ThirdPartyForm(),
            funding_form=FundingForm(agreement=agreement),
        )
    return render(request, "cooperation/agreement_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request):
    if not rules.can_start_agreement(request.user):
        raise Http404
    village = roles(request.user).official.village
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agreement = services.start_agreement(form.save(commit=False), request.user, village)
        messages.success(request, _("Draf kerja sama disimpan. Tambahkan desa mitra, lalu ajukan."))
        return redirect("cooperation:agreement_detail", pk=agreement.pk)
    return render(request, "cooperation/agreement_form.html", {"form": form, "village": village})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk):
    agreement = rules.get_agreement_or_404(request.user, pk, rule=rules.can_edit_agreement)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Kerja sama disimpan."))
        return redirect("cooperation:agreement_detail", pk=agreement.pk)
    return render(request, "cooperation/agreement_form.html", {"form": form, "agreement": agreement})


@login_required
@require_POST
def party_add(request, pk):
    agreement = rules.get_agreement_or_404(request.user, pk, rule=rules.can_edit_agreement)
    if "village" in request.POST:
        village = Village.objects.filter(pk=request.POST.get("village")).first()
        if village is None:
            raise Http404
        _party, created = AgreementParty.objects.get_or_create(agreement=agreement, village=village)
        if created:
            messages.success(request, _("%(village)s ditambahkan sebagai pihak.") % {"village": village.name})
        return redirect("cooperation:agreement_detail", pk=agreement.pk)
    form = ThirdPartyForm(request.POST, instance=AgreementParty(agreement=agreement))
    if form.is_valid():
        form.save()
        messages.success(request, _("Pihak ketiga ditambahkan."))
        return redirect("cooperation:agreement_detail", pk=agreement.pk)
    return render(request, "cooperation/party_form.html", {"form": form, "agreement": agreement})


def _party(request, pk):
    party = get_object_or_404(AgreementParty.objects.select_related("village__region"), pk=pk)
    agreement = rules.get_agreement_or_404(request.user, party.agreement_id, rule=rules.can_edit_agreement)
    return party, agreement


@login_required
@require_http_methods(["GET", "POST"])
def party_edit(request, pk):
    party, agreement = _party(request, pk)
    form = PartyTermsForm(request.POST or None, instance=party)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Hak dan kewajiban %(party)s disimpan.") % {"party": party.display_name})
        return redirect("cooperation:agreement_detail", pk=agreement.pk)
    return render(request, "cooperation/party_form.html", {"form": form, "agreement": agreement, "party": party})


@login_required
@require_POST
def party_remove(request, pk):
    party, agreement = _party(request, pk)
    if party.village_id == agreement.lead_village_id:
        messages.warning(request, _("Desa pengusul tidak dapat dihapus dari kerja samanya sendiri."))
    else:
        party.delete()
        messages.success(request, _("Pihak dihapus."))
    return redirect("cooperation:agreement_detail", pk=agreement.pk)


@login_required
@require_POST
def funding_add(request, pk):
    agreement = rules.get_agreement_or_404(request.user, pk, rule=rules.can_edit_agreement)
    form = FundingForm(request.POST, agreement=agreement, instance=AgreementFunding(agreement=agreement))
    if form.is_valid():
        form.save()
        messages.success(request, _("Sumber dana ditambahkan."))
        return redirect("cooperation:agreement_detail", pk=agreement.pk)
    return render(request, "cooperation/funding_form.html", {"form": form, "agreement": agreement})


@login_required
@require_POST
def funding_remove(request, pk):
    funding = get_object_or_404(AgreementFunding, pk=pk)
    agreement = rules.get_agreement_or_404(request.user, funding.agreement_id, rule=rules.can_edit_agreement)
    funding.delete()
    return redirect("cooperation:agreement_detail", pk=agreement.pk)


@login_required
@require_POST
def agreement_propose(request, pk):
    agreement = rules.get_agreement_or_404(request.user, pk, rule=rules.can_edit_agreement)
    try:
        services.propose(agreement, request.user)
    except services.StepRefused as refused:
        _refused(request, refused)
    else:
        if agreement.status == Agreement.Status.ACTIVE:
            messages.success(request, _("Kerja sama berjalan."))
        else:
            messages.success(request, _("Kerja sama diajukan. Pengelola desa mitra diminta mengonfirmasi."))
    return redirect("cooperation:agreement_detail", pk=agreement.pk)


@login_required
@require_POST
def agreement_confirm(request, pk):
    agreement = rules.get_agreement_or_404(request.user, pk)
    if request.POST.get("atas_nama"):
        # Staff confirming for a village that has no manager on ForumDesa; the party records who.
        party = next((p for p in agreement.parties.all() if str(p.pk) == request.POST["atas_nama"]), None)
        if party is None or not rules.can_confirm_on_behalf(request.user, party):
            raise Http404
    else:
        # A manager confirms for their own village only: there is no way to name another one.
        party = rules.managed_party(request.user, agreement)
        if party is None or not rules.can_confirm_party(request.user, party):
            raise Http404
    try:
        services.confirm(party, request.user)
    except services.StepRefused as refused:
        _refused(request, refused)
    else:
        if agreement.status == Agreement.Status.ACTIVE:
            messages.success(request, _("Semua desa sudah mengonfirmasi: kerja sama kini berjalan."))
        else:
            messages.success(request, _("Konfirmasi %(village)s tercatat.") % {"village": party.display_name})
    return redirect("cooperation:agreement_detail", pk=agreement.pk)


@login_required
@require_POST
def agreement_complete(request, pk):
    agreement = rules.get_agreement_or_404(request.user, pk, rule=rules.can_complete_agreement)
    try:
        services.complete(agreement, request.user)
    except services.StepRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("Kerja sama dinyatakan selesai."))
    return redirect("cooperation:agreement_detail", pk=agreement.pk)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_terminate(request, pk):
    agreement = rules.get_agreement_or_404(request.user, pk, rule=rules.can_terminate_agreement)
    form = TerminateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.terminate(agreement, request.user, form.cleaned_data["reason"])
        except services.StepRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("Kerja sama dihentikan."))
        return redirect("cooperation:agreement_detail", pk=agreement.pk)
    return render(request, "cooperation/agreement_terminate.html", {"form": form, "agreement": agreement})


@login_required
@require_POST
def milestone_add(request, pk):
    agreement = rules.get_agreement_or_404(request.user, pk, rule=rules.can_manage_milestones)
    form = MilestoneForm(request.POST, instance=Milestone(agreement=agreement))
    if form.is_valid():
        services.save_milestone(form.save(commit=False))
        messages.success(request, _("Tahapan ditambahkan."))
        return redirect("cooperation:agreement_detail", pk=agreement.pk)
    return render(request, "cooperation/milestone_form.html", {"form": form, "agreement": agreement})


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk):
    milestone = get_object_or_404(Milestone, pk=pk)
    agreement = rules.get_agreement_or_404(request.user, milestone.agreement_id, rule=rules.can_manage_milestones)
    milestone.agreement = agreement
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.save_milestone(form.save(commit=False))
        messages.success(request, _("Tahapan disimpan."))
        return redirect("cooperation:agreement_detail", pk=agreement.pk)
    return render(
        request,
        "cooperation/milestone_form.html",
        {"form": form, "agreement": agreement, "milestone": milestone},
    )


@csrf_exempt
@login_required
def update_add(request, pk):
    # The size limit must be in place before anything reads the upload; the CSRF middleware reads
    # request.POST before a view runs, hence exempt here and protected just below.
    limit = UploadSizeLimit(request, limit=MAX_ATTACHMENT_BYTES)
    request.upload_handlers.insert(0, limit)
    return _update_add(request, pk, limit)


@csrf_protect
@require_POST
def _update_add(request, pk, limit):
    agreement = rules.get_agreement_or_404(request.user, pk, rule=rules.can_post_agreement_update)
    form = AgreementUpdateForm(request.POST, request.FILES, oversized=limit.too_large)
    if form.is_valid():
        with transaction.atomic():
            official = roles(request.user).official
            update = AgreementUpdate.objects.create(
                agreement=agreement,
                happened_on=form.cleaned_data["happened_on"],
                text=form.cleaned_data["text"],
                author=request.user,
                village=official.village if official else None,
            )
            for photo in form.cleaned_data["photos"]:
                AgreementPhoto.from_upload(photo, update=update, uploaded_by=request.user).save()
        messages.success(request, _("Kabar ditambahkan ke linimasa."))
        return redirect("cooperation:agreement_detail", pk=agreement.pk)
    return render(request, "cooperation/update_form.html", {"form": form, "agreement": agreement})


@login_required
def agreement_photo(request, pk):
    photo = get_object_or_404(AgreementPhoto.objects.select_related("update"), pk=pk)
    rules.get_agreement_or_404(request.user, photo.update.agreement_id)
    return serve_attachment(photo)


@csrf_exempt
@login_required
def regulation_edit(request, pk):
    limit = UploadSizeLimit(request, limit=MAX_ATTACHMENT_BYTES)
    request.upload_handlers.insert(0, limit)
    return _regulation_edit(request, pk, limit)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _regulation_edit(request, pk, limit):
    agreement = rules.get_agreement_or_404(request.user, pk, rule=rules.can_edit_regulation)
    if request.method == "POST":
        form = RegulationForm(request.POST, request.FILES, instance=agreement, oversized=limit.too_large)
        if form.is_valid():
            with transaction.atomic():
                form.save()
                upload = form.cleaned_data.get("document")
                if upload:
                    AgreementDocument.objects.filter(agreement=agreement).delete()
                    AgreementDocument.from_upload(upload, agreement=agreement, uploaded_by=request.user).save()
            messages.success(request, _("Peraturan Bersama Kepala Desa disimpan."))
            return redirect("cooperation:agreement_detail", pk=agreement.pk)
    else:
        form = RegulationForm(instance=agreement)
    return render(request, "cooperation/regulation_form.html", {"form": form, "agreement": agreement})


@login_required
def regulation_document(request, pk):
    agreement = rules.get_agreement_or_404(request.user, pk)
    return serve_attachment(get_object_or_404(AgreementDocument, agreement=agreement))


# ---- Staff exchanges ----------------------------------------------------------------------------


@login_required
def exchange_list(request):
    if not rules.can_use_resource_board(request.user):
        raise Http404
    exchanges = (
        StaffExchange.objects.filter(rules.visible_exchanges_q(request.user) | Q(visitor__user=request.user))
        .select_related(*rules.EXCHANGE_ROWS)
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(exchanges, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cooperation/exchange_list.html",
        {"page": page, "can_request": rules.can_request_exchange(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def exchange_create(request):
    if not rules.can_request_exchange(request.user):
        raise Http404
    home = roles(request.user).official.village
    initial = {"host_code": request.GET.get("desa", "")}
    form = ExchangeForm(request.POST or None, home_village=home, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        exchange = services.request_exchange(form.save(commit=False), request.user)
        messages.success(request, _("Permohonan pertukaran dikirim ke pengelola desa tujuan."))
        return redirect("cooperation:exchange_detail", pk=exchange.pk)
    return render(
        request,
        "cooperation/exchange_form.html",
        {"form": form, "home": home},
    )


@login_required
def exchange_detail(request, pk):
    exchange = rules.get_exchange_or_404(request.user, pk)
    user = request.user
    can_decide = rules.can_decide_exchange(user, exchange)
    return render(
        request,
        "cooperation/exchange_detail.html",
        {
            "exchange": exchange,
            "decision_form": ExchangeDecisionForm(host_village=exchange.host_village) if can_decide else None,
            "can_cancel": rules.can_cancel_exchange(user, exchange),
            "can_report": rules.can_report_exchange(user, exchange),
        },
    )


@login_required
@require_POST
def exchange_decide(request, pk):
    exchange = rules.get_exchange_or_404(request.user, pk, rule=rules.can_decide_exchange)
    form = ExchangeDecisionForm(request.POST, host_village=exchange.host_village)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.decide_exchange(
                exchange,
                request.user,
                accept=accept,
                mentor=form.cleaned_data["mentor"],
                note=form.cleaned_data["note"],
            )
        except services.StepRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("Pertukaran diterima.") if accept else _("Pertukaran ditolak."))
        return redirect("cooperation:exchange_detail", pk=exchange.pk)
    return render(
        request,
        "cooperation/exchange_detail.html",
        {"exchange": exchange, "decision_form": form},
    )


@login_required
@require_POST
def exchange_cancel(request, pk):
    exchange = rules.get_exchange_or_404(request.user, pk, rule=rules.can_cancel_exchange)
    try:
        services.cancel_exchange(exchange, request.user)
    except services.StepRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("Pertukaran dibatalkan."))
    return redirect("cooperation:exchange_detail", pk=exchange.pk)


@login_required
@require_http_methods(["GET", "POST"])
def exchange_report(request, pk):
    exchange = rules.get_exchange_or_404(request.user, pk, rule=rules.can_report_exchange)
    form = ExchangeReportForm(request.POST or None, instance=exchange)
    if request.method == "POST" and form.is_valid():
        services.report_exchange(form.save(commit=False), request.user)
        messages.success(request, _("Laporan pertukaran disimpan. Kedua desa dapat membacanya."))
        return redirect("cooperation:exchange_detail", pk=exchange.pk)
    return render(request, "cooperation/exchange_report.html", {"form": form, "exchange": exchange})


# ---- Resource board -----------------------------------------------------------------------------


@login_required
def resource_list(request):
    if not rules.can_use_resource_board(request.user):
        raise Http404
    provinces = list(Region.objects.provinces().order_by("name"))
    form = ResourceFilterForm(request.GET, provinces=provinces)
    form.is_valid()
    posts = ResourcePost.objects.open(timezone.localdate()).select_related("village__region", "region")
    if form.cleaned_data.get("jenis"):
        posts = posts.filter(kind=form.cleaned_data["jenis"])
    if form.cleaned_data.get("kategori"):
        posts = posts.filter(category=form.cleaned_data["kategori"])
    code = form.cleaned_data.get("provinsi")
    if code:
        posts = posts.filter(Q(village__region__code__startswith=f"{code}.") | Q(region__code=code))
    page = Paginator(posts.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cooperation/resource_list.html",
        {
            "form": form,
            "page": page,
            "query_string": _query_string(form),
            "can_post": rules.can_post_resource(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request):
    if not rules.can_post_resource(request.user):
        raise Http404
    village = roles(request.user).official.village
    form = ResourcePostForm(request.POST or None, village=village)
    if request.method == "POST" and form.is_valid():
        post = form.save(commit=False)
        post.village, post.author = village, request.user
        post.save()
        messages.success(request, _("Pos dimuat di papan berbagi."))
        return redirect("cooperation:resource_detail", pk=post.pk)
    return render(request, "cooperation/resource_form.html", {"form": form, "village": village})


@login_required
@require_http_methods(["GET", "POST"])
def resource_detail(request, pk):
    post = rules.get_resource_or_404(request.user, pk)
    can_contact = rules.can_contact_poster(request.user, post)
    form = ContactForm(request.POST or None) if can_contact else None
    if request.method == "POST":
        if not can_contact:
            raise Http404
        if form.is_valid():
            official = roles(request.user).official
            services.contact_poster(
                post, request.user, form.cleaned_data["text"], sender_village=official.village if official else None
            )
            messages.success(request, _("Pesan Anda dikirim ke pengelola %(village)s.") % {"village": post.village})
            return redirect("cooperation:resource_detail", pk=post.pk)
    can_close = rules.can_close_resource(request.user, post)
    sees_messages = can_close or is_village_manager(request.user, post.village)
    return render(
        request,
        "cooperation/resource_detail.html",
        {
            "post": post,
            "contact_form": form,
            "can_close": can_close,
            "post_messages": list(post.messages.select_related("sender", "sender_village__region"))
            if sees_messages
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_close(request, pk):
    post = rules.get_resource_or_404(request.user, pk, rule=rules.can_close_resource)
    form = ClosePostForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_post(
                post,
                request.user,
                fulfilled=form.cleaned_data["fulfilled"],
                partner=form.cleaned_data["partner"],
                note=form.cleaned_data["note"],
            )
        except services.StepRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("Pos ditutup."))
        return redirect("cooperation:resource_detail", pk=post.pk)
    return render(request, "cooperation/resource_close.html", {"form": form, "post": post})
