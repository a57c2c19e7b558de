"""Potensi & Usaha: the catalogue of village enterprises, a village's potentials and enterprises,
"Hubungi desa", and micro-enterprise programmes.

Who may do what is in enterprises.rules, changes in enterprises.services. What a user may not see
or change is a 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from enterprises import rules, services
from enterprises.forms import (
    CatalogueFilterForm,
    ContactForm,
    EnterpriseForm,
    PotentialForm,
    ProgrammeForm,
    SupportForm,
)
from enterprises.models import Enterprise, Programme
from enterprises.questions import read_question
from enterprises.search import search_enterprises
from villages.models import Village
from villages.roles import roles

PAGE_SIZE = 20


def _managed_village(user):
    """The village the user manages, or 404."""
    r = roles(user)
    if not r.is_manager:
        raise Http404
    return r.official.village


# ---- The catalogue ------------------------------------------------------------------------------


def catalogue(request):
    form = CatalogueFilterForm(request.GET, user=request.user)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    enterprises = Enterprise.objects.filter(rules.visible_enterprises_q(request.user)).for_cards()
    # "siapa yang membuat anyaman pandan di Kabupaten Cilacap?": the product, and the place it names.
    text, asked_region = read_question(data.get("q", ""))
    region = data.get("wilayah") or asked_region
    if region is not None:
        if region.level == region.Level.VILLAGE:
            enterprises = enterprises.filter(village__region=region)
        else:
            enterprises = enterprises.within(region.code)
    if data.get("sektor"):
        enterprises = enterprises.filter(sector=data["sektor"])
    if data.get("jenis"):
        enterprises = enterprises.filter(kind=data["jenis"])
    searched = search_enterprises(enterprises, text)
    if searched is enterprises:
        searched = enterprises.order_by("name", "pk")
    page = Paginator(searched, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k in form.fields and v}
    return render(
        request,
        "enterprises/catalogue.html",
        {
            "form": form,
            "page": page,
            "query_string": urlencode(query),
            "can_add": roles(request.user).is_manager,
            "asked_region": asked_region if not data.get("wilayah") else None,
        },
    )


@require_http_methods(["GET", "POST"])
def enterprise_detail(request, pk):
    enterprise = rules.get_enterprise_or_404(request.user, pk)
    can_contact = rules.can_contact_village(request.user, enterprise)
    form = ContactForm(request.POST or None) if can_contact else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_contact:
            raise Http404
        if form.is_valid():
            try:
                services.contact_village(enterprise, request.user, form.cleaned_data["text"])
            except services.ContactRefused as refused:
                messages.warning(request, str(refused))
            else:
                messages.success(
                    request, _("Pesan Anda dikirim ke pengelola %(village)s.") % {"village": enterprise.village.name}
                )
                return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    can_read = rules.can_read_messages(request.user, enterprise)
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "supports": list(enterprise.supports.select_related("meeting")),
            "programmes": list(enterprise.programmes.order_by("-starts_on")),
            "contact_form": form,
            "can_edit": rules.can_edit_enterprise(request.user, enterprise),
            "enterprise_messages": list(enterprise.messages.select_related("sender", "sender_village__region")[:50])
            if can_read
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request):
    village = _managed_village(request.user)
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enterprise = form.save(commit=False)
        enterprise.village = village
        services.save_enterprise(enterprise, request.user)
        messages.success(request, _("Usaha dicatat."))
        return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(request, "enterprises/enterprise_form.html", {"form": form, "village": village})


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk):
    enterprise = rules.get_enterprise_or_404(request.user, pk, rule=rules.can_edit_enterprise)
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        services.save_enterprise(form.save(commit=False), request.user)
        messages.success(request, _("Perubahan disimpan."))
        return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/enterprise_form.html",
        {"form": form, "village": enterprise.village, "enterprise": enterprise},
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_add(request, pk):
    enterprise = rules.get_enterprise_or_404(request.user, pk, rule=rules.can_edit_enterprise)
    form = SupportForm(request.POST or None, village=enterprise.village)
    if request.method == "POST" and form.is_valid():
        services.add_support(enterprise, form.save(commit=False))
        messages.success(request, _("Dukungan dicatat."))
        return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(request, "enterprises/support_form.html", {"form": form, "enterprise": enterprise})


# ---- One village's potentials and enterprises ---------------------------------------------------


def village_economy(request, code):
    village = get_object_or_404(Village.objects.with_region(), region__code=code)
    potentials = Paginator(village.economic_potentials.order_by("sector", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("potensi")
    )
    enterprises = (
        Enterprise.objects.filter(rules.visible_enterprises_q(request.user), village=village)
        .for_cards()
        .order_by("name", "pk")
    )
    page = Paginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/village_economy.html",
        {
            "village": village,
            "potentials": potentials,
            "page": page,
            "can_manage": rules.can_manage_village_economy(request.user, village),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def potential_create(request):
    village = _managed_village(request.user)
    form = PotentialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        potential = form.save(commit=False)
        potential.village = village
        services.save_potential(potential)
        messages.success(request, _("Potensi dicatat."))
        return redirect("enterprises:village", code=village.code)
    return render(request, "enterprises/potential_form.html", {"form": form, "village": village})


@login_required
@require_http_methods(["GET", "POST"])
def potential_edit(request, pk):
    potential = rules.get_potential_or_404(request.user, pk)
    form = PotentialForm(request.POST or None, instance=potential)
    if request.method == "POST" and form.is_valid():
        services.save_potential(form.save(commit=False))
        messages.success(request, _("Perubahan disimpan."))
        return redirect("enterprises:village", code=potential.village.code)
    return render(
        request, "enterprises/potential_form.html", {"form": form, "village": potential.village, "potential": potential}
    )


@login_required
@require_POST
def potential_delete(request, pk):
    potential = rules.get_potential_or_404(request.user, pk)
    code = potential.village.code
    services.delete_potential(potential)
    messages.success(request, _("Potensi dihapus."))
    return redirect("enterprises:village", code=code)


# ---- Programmes ---------------------------------------------------------------------------------


@login_required
def programme_list(request):
    programmes = (
        Programme.objects.select_related("village__region__parent", "network")
        .prefetch_related("trainings", "enterprises")
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    village, networks = rules.programme_owners(request.user)
    return render(
        request, "enterprises/programme_list.html", {"page": page, "can_start": village is not None or bool(networks)}
    )


@login_required
def programme_detail(request, pk):
    programme = rules.get_programme_or_404(request.user, pk)
    return render(
        request,
        "enterprises/programme_detail.html",
        {
            "programme": programme,
            "figures": services.programme_figures(programme),
            "trainings": list(services.held_trainings(programme)),
            "enterprises": list(
                programme.enterprises.filter(rules.visible_enterprises_q(request.user))
                .select_related("village__region")
                .order_by("name")
            ),
            "practices": list(services.practices_with_adoptions(programme)),
            "can_edit": rules.can_edit_programme(request.user, programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    village, networks = rules.programme_owners(request.user)
    if village is None and not networks:
        raise Http404
    form = ProgrammeForm(request.POST or None, user=request.user, village=village, networks=networks)
    if request.method == "POST" and form.is_valid():
        programme = services.save_programme(
            form.save(commit=False),
            request.user,
            trainings=form.cleaned_data["trainings"],
            enterprises=form.cleaned_data["enterprises"],
            practices=form.cleaned_data["practices"],
        )
        messages.success(request, _("Program dibuat."))
        return redirect("enterprises:programme_detail", pk=programme.pk)
    return render(request, "enterprises/programme_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk):
    programme = rules.get_programme_or_404(request.user, pk, rule=rules.can_edit_programme)
    form = ProgrammeForm(request.POST or None, user=request.user, instance=programme)
    if request.method == "POST" and form.is_valid():
        services.save_programme(
            form.save(commit=False),
            request.user,
            trainings=form.cleaned_data["trainings"],
            enterprises=form.cleaned_data["enterprises"],
            practices=form.cleaned_data["practices"],
        )
        messages.success(request, _("Perubahan disimpan."))
        return redirect("enterprises:programme_detail", pk=programme.pk)
    return render(request, "enterprises/programme_form.html", {"form": form, "programme": programme})
