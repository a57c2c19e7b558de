"""Officials: directory, join requests and their decisions, ending terms, invitations.

Who may decide is villages.rules.can_decide_officials (and decidable_officials_q for lists).
The state changes, and whom they notify, are in villages.services.
"""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regions.models import Region
from villages import services
from villages.forms.officials import (
    EndTermForm,
    JoinVillageForm,
    OfficialDecisionForm,
    OfficialDirectoryFilterForm,
    OfficialInvitationForm,
    manager_position_holder,
    village_local,
)
from villages.models import Official, OfficialInvitation
from villages.roles import forget_roles, roles
from villages.rules import (
    can_decide_officials,
    can_decide_request,
    can_see_phone_numbers,
    can_use_directory,
    can_withdraw_request,
    decidable_officials_q,
    get_official_or_404,
    get_village_or_404,
)

PAGE_SIZE = 20
SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 100
REGION_CODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")
# Everything a row of officials shows: who, which position, which village and where it lies.
OFFICIAL_ROWS = ("user", "position", "village__region__parent__parent__parent")


def _search_text(value):
    # NUL is no text to search for (PostgreSQL refuses it in a query parameter).
    return " ".join((value or "").replace("\x00", " ").split())[:SEARCH_MAX_LENGTH]


def _next_url(request, default):
    """The page a decision came from (pending list or a village's page), when it is ours."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _village_regions_matching(query):
    """Desa/kelurahan by name; "Serang, Cipari" narrows the many Serangs by kecamatan/kabupaten/provinsi."""
    name, _sep, place = query.partition(",")
    name, place = name.strip(), place.strip()
    regions = (
        Region.objects.with_path().select_related("village").filter(level=Region.Level.VILLAGE, name__icontains=name)
    )
    if place:
        regions = regions.filter(
            Q(parent__name__icontains=place)
            | Q(parent__parent__name__icontains=place)
            | Q(parent__parent__parent__name__icontains=place)
        )
    # Exact names first ("Serang" before "Serangan"), then alphabetically, then by code.
    exact = Case(When(name__iexact=name, then=Value(0)), default=Value(1))
    return regions.annotate(exact=exact).order_by("exact", "name", "code")


@login_required
def join_village(request):
    """Step 1: search a desa by name (GET ?q=). Step 2: pick one, with a position, and POST."""
    query = _search_text(request.POST.get("q") if request.method == "POST" else request.GET.get("q"))
    if request.method == "POST":
        form = JoinVillageForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                official = services.request_position(form.instance, form.cleaned_data["region"])
            except services.PositionConflict:
                # Another request of this user was saved in the meantime: validate again to say which.
                form = JoinVillageForm(request.POST, user=request.user)
                if form.is_valid():
                    form.add_error(None, _("Permohonan Anda tidak dapat disimpan. Silakan coba lagi."))
            else:
                messages.success(
                    request,
                    _(
                        "Permohonan Anda sebagai %(position)s di %(village)s sudah dikirim. Pengelola desa akan "
                        "memeriksanya; Anda akan menerima email setelah diputuskan."
                    )
                    % {"position": official.position.name, "village": official.village.name},
                )
                return redirect("accounts:profile")
    else:
        form = JoinVillageForm(user=request.user, initial={"region": request.GET.get("wilayah")})

    page = None
    name = query.partition(",")[0].strip()
    if len(name) >= SEARCH_MIN_LENGTH:
        page = Paginator(_village_regions_matching(query), PAGE_SIZE).get_page(request.GET.get("page"))
    candidates = list(page) if page is not None else []
    # Keep the chosen desa on offer when the form comes back with an error or from a direct link.
    # (Not a code with a NUL byte, from ?wilayah= or the form: PostgreSQL refuses it in a query.)
    chosen = str(form["region"].value() or "")[:13]
    if chosen and "\x00" not in chosen and chosen not in {region.code for region in candidates}:
        region = (
            Region.objects.with_path().select_related("village").filter(code=chosen, level=Region.Level.VILLAGE).first()
        )
        if region is not None:
            candidates.insert(0, region)
    form.show_regions(candidates)

    mine = Official.objects.filter(user=request.user, status__in=[Official.Status.PENDING, Official.Status.ACTIVE])
    current = list(mine.select_related(*OFFICIAL_ROWS).order_by("status"))
    return render(
        request,
        "villages/officials/join.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "candidates": candidates,
            "min_length": SEARCH_MIN_LENGTH,
            "query_string": urlencode({"q": query}),
            "current": current,
            # A user who already has a request or a position sees it first; the form stays available
            # after a POST so that its error is shown next to what they typed.
            "show_form": request.method == "POST" or not current,
        },
    )


@login_required
def pending_approvals(request):
    """The pending requests this user may decide, oldest first."""
    pending = Official.objects.filter(status=Official.Status.PENDING).filter(decidable_officials_q(request.user))
    if not roles(request.user).is_admin:
        pending = pending.exclude(user=request.user)
    pending = pending.select_related(*OFFICIAL_ROWS).order_by("created_at", "pk")
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "villages/officials/pending.html", {"page": page, "next": request.get_full_path()})


@login_required
def decide_official(request, pk):
    """GET: one request with the decision form. POST: approve, or reject with a reason."""
    official = get_official_or_404(request.user, pk)
    next_url = _next_url(request, reverse("villages:pending_approvals"))
    if official.status != Official.Status.PENDING:
        messages.info(
            request,
            _("Permohonan %(name)s sudah diputuskan sebelumnya (%(status)s).")
            % {"name": official.user.full_name, "status": official.get_status_display()},
        )
        return redirect(next_url)
    if not can_decide_request(request.user, official):
        messages.error(request, _("Anda tidak dapat memutuskan permohonan Anda sendiri."))
        return redirect(next_url)

    form = OfficialDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        problem = _approval_problem(official) if form.approved else None
        if problem:
            messages.error(request, problem)
        else:
            try:
                decided = services.decide_request(
                    official, request.user, approved=form.approved, reason=form.cleaned_data["reason"]
                )
            except services.PositionConflict:  # the applicant became active elsewhere a moment ago
                messages.error(request, _approval_problem(official) or _("Permohonan ini tidak dapat disetujui."))
                return redirect(next_url)
            if decided:
                text = (
                    _("%(name)s disetujui sebagai %(position)s di %(village)s.")
                    if form.approved
                    else _("Permohonan %(name)s sebagai %(position)s di %(village)s ditolak.")
                )
                details = {"name": official.user.full_name, "position": official.position.name}
                messages.success(request, text % {**details, "village": official.village.name})
            else:
                messages.info(request, _("Permohonan ini sudah diputuskan oleh orang lain."))
            return redirect(next_url)
    return render(request, "villages/officials/decide.html", {"official": official, "form": form, "next": next_url})


def _approval_problem(official):
    """Why approving would break a rule: the applicant already holds a position, or the village
    already has its Kepala Desa / Sekretaris Desa."""
    held = (
        Official.objects.active()
        .filter(user_id=official.user_id)
        .exclude(pk=official.pk)
        .select_related("position", "village__region")
        .first()
    )
    if held:
        return _(
            "%(name)s masih tercatat sebagai %(position)s yang aktif di %(village)s. Permohonan ini baru dapat "
            "disetujui setelah jabatan itu berakhir; Anda juga dapat menolaknya."
        ) % {"name": official.user.full_name, "position": held.position.name, "village": held.village.name}
    holder = manager_position_holder(official.village, official.position)
    if holder:
        return _(
            "%(village)s sudah memiliki %(position)s yang aktif (%(holder)s). Akhiri dulu masa jabatannya di "
            "halaman Kelola perangkat sebelum menyetujui permohonan ini."
        ) % {"village": official.village.name, "position": official.position.name, "holder": holder.user.full_name}
    return None


@login_required
def manage_officials(request, code):
    """A village's officials for its deciders: active terms, pending requests, open invitations, history."""
    village = get_village_or_404(request.user, code, rule=can_decide_officials)
    officials = village.officials.select_related("user", "position")
    lists = {
        "active": (officials.active().order_by("position__order", "user__full_name", "pk"), "aktif"),
        "pending": (officials.filter(status=Official.Status.PENDING).order_by("created_at", "pk"), "menunggu"),
        "invitations": (
            village.invitations.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())
            .select_related("position", "invited_by")
            .order_by("-created_at", "pk"),
            "undangan",
        ),
        "history": (
            officials.filter(status=Official.Status.ENDED).order_by("-term_end", "-pk"),
            "riwayat",
        ),
    }
    context = {"village": village, "today": village_local(timezone.now(), village).date()}
    for name, (queryset, param) in lists.items():
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(param))
        context[name] = page
        context[f"{name}_links"] = _page_links(request, page, param)
    context["next"] = request.get_full_path()
    return render(request, "villages/officials/manage.html", context)


def _page_links(request, page, param):
    """Previous/next links for one of several lists on a page, each paged by its own parameter."""
    links = {}
    for rel, wanted, number in [
        ("prev", page.has_previous(), page.number - 1),
        ("next", page.has_next(), page.number + 1),
    ]:
        if wanted:
            params = request.GET.copy()
            params[param] = number
            links[rel] = f"?{params.urlencode()}"
    return links


@login_required
def end_term(request, pk):
    """GET: confirm, with an optional end date. POST: the term ends; the row stays as history."""
    official = get_official_or_404(request.user, pk)
    village = official.village
    manage_url = reverse("villages:manage_officials", args=[village.code])
    if official.status != Official.Status.ACTIVE:
        messages.info(request, _("Masa jabatan ini sudah tidak aktif."))
        return redirect(manage_url)
    today = village_local(timezone.now(), village).date()
    form = EndTermForm(request.POST if request.method == "POST" else None, official=official, today=today)
    if request.method == "POST" and form.is_valid():
        if services.end_term(official, form.cleaned_data["term_end"], actor=request.user):
            messages.success(
                request,
                _("Masa jabatan %(name)s sebagai %(position)s sudah diakhiri. Riwayatnya tetap tersimpan.")
                % {"name": official.user.full_name, "position": official.position.name},
            )
        forget_roles(request.user)
        # A manager who ended their own term may no longer manage the village.
        if not can_decide_officials(request.user, village):
            return redirect("accounts:profile")
        return redirect(manage_url)
    return render(request, "villages/officials/end_term.html", {"official": official, "form": form})


@login_required
def invite_official(request, code):
    village = get_village_or_404(request.user, code, rule=can_decide_officials)
    form = OfficialInvitationForm(request.POST if request.method == "POST" else None, village=village)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite(form.save(commit=False), request.user)
        messages.success(
            request,
            _("Undangan sebagai %(position)s sudah dikirim ke %(email)s.")
            % {"position": invitation.position.name, "email": invitation.email},
        )
        return redirect("villages:manage_officials", code=village.code)
    return render(request, "villages/officials/invite.html", {"village": village, "form": form})


def accept_invitation(request, token):
    invitation = (
        OfficialInvitation.objects.select_related("position", "invited_by", "village__region__parent__parent__parent")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise Http404
    if not invitation.is_usable:
        return _invitation_unusable(request, invitation)
    if not request.user.is_authenticated:
        return render(
            request,
            "villages/officials/invitation_login.html",
            {"invitation": invitation, "next_query": urlencode({"next": request.get_full_path()})},
        )

    held = Official.objects.active().filter(user=request.user).select_related(*OFFICIAL_ROWS).first()
    pending = Official.objects.filter(user=request.user, status=Official.Status.PENDING)
    pending = pending.select_related(*OFFICIAL_ROWS).first()
    holder = manager_position_holder(invitation.village, invitation.position)
    if request.method == "POST" and not held and not holder:
        try:
            official = services.accept_invitation(invitation, request.user)
        except services.PositionConflict:
            messages.error(request, _("Undangan tidak dapat diterima karena akun Anda sudah memegang jabatan aktif."))
            return redirect(request.path)
        if official is None:
            invitation.refresh_from_db()
            return _invitation_unusable(request, invitation)
        forget_roles(request.user)
        messages.success(
            request,
            _("Selamat bergabung! Anda kini tercatat sebagai %(position)s di %(village)s.")
            % {"position": invitation.position.name, "village": invitation.village.name},
        )
        return redirect("accounts:profile")
    return render(
        request,
        "villages/officials/invitation_accept.html",
        {"invitation": invitation, "held": held, "pending": pending, "holder": holder},
    )


def _invitation_unusable(request, invitation):
    return render(request, "villages/officials/invitation_unusable.html", {"invitation": invitation}, status=410)


@login_required
@require_POST
def withdraw_request(request, pk):
    official = get_official_or_404(request.user, pk, rule=can_withdraw_request)
    if services.withdraw_request(official, request.user):
        messages.success(
            request,
            _("Permohonan Anda sebagai %(position)s di %(village)s sudah dibatalkan.")
            % {"position": official.position.name, "village": official.village.name},
        )
    else:
        messages.info(request, _("Permohonan ini sudah diputuskan, jadi tidak dapat dibatalkan lagi."))
    return redirect(_next_url(request, reverse("accounts:profile")))


@login_required
def official_directory(request):
    """Active officials across villages, filtered by region (code prefix) and name."""
    if not can_use_directory(request.user):
        return render(request, "villages/officials/directory_forbidden.html", status=403)

    code = request.GET.get("wilayah", "").strip()
    area = None
    if code and REGION_CODE.fullmatch(code):
        area = Region.objects.with_path().filter(code=code).first()
    if area is None:
        area_choices = [(r.code, r.name) for r in Region.objects.provinces().order_by("name")]
    else:
        chain = [*reversed(area.ancestors()), area]
        area_choices = [(r.code, r.display_name) for r in chain]
        if area.level < Region.Level.VILLAGE:
            children = area.children.order_by("name")
            label = _("Di dalam %(region)s") % {"region": area.display_name}
            area_choices.append((label, [(r.code, r.display_name) for r in children]))
    query = _search_text(request.GET.get("q"))
    # Unbound, with what was asked as initial values: an unknown code gets one clear message below.
    form = OfficialDirectoryFilterForm(
        initial={"q": query, "wilayah": area.code if area else ""}, area_choices=area_choices
    )

    officials = Official.objects.active().select_related(*OFFICIAL_ROWS)
    if area is not None:
        officials = officials.filter(
            Q(village__region__code=area.code) | Q(village__region__code__startswith=f"{area.code}.")
        )
    if query:
        officials = officials.filter(user__full_name__icontains=query)
    officials = officials.order_by("village__region__code", "position__order", "user__full_name", "pk")
    page = Paginator(officials, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "villages/officials/directory.html",
        {
            "form": form,
            "page": page,
            "area": area,
            "unknown_code": code if code and area is None else "",
            "query": query,
            "show_phones": can_see_phone_numbers(request.user),
            "query_string": urlencode([(k, v) for k, v in [("q", query), ("wilayah", area.code if area else "")] if v]),
        },
    )
