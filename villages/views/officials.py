"""Officials: directory, join requests and their decisions, ending terms, invitations.

Who may decide is accounts.permissions.can_decide_officials (and decidable_officials_q for lists).
State changes are compare-and-set updates on the row's status, so two deciders clicking at the same
moment cannot both win, and a request that was already decided is reported instead of overwritten.
"""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import (
    can_decide_officials,
    can_decide_request,
    can_see_phone_numbers,
    can_use_directory,
    can_withdraw_request,
    decidable_officials_q,
    forget_roles,
    official_deciders,
    roles,
)
from notifications.emails import email_address
from notifications.models import NotificationKind
from notifications.services import notify
from regions.models import Region
from villages.forms.officials import (
    EndTermForm,
    JoinVillageForm,
    OfficialDecisionForm,
    OfficialDirectoryFilterForm,
    OfficialInvitationForm,
    manager_position_holder,
    village_local,
)
from villages.models import Official, OfficialInvitation, Village

PAGE_SIZE = 20
SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 100
REGION_CODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")
# Everything a row of officials shows: who, which position, which village and where it lies.
OFFICIAL_ROWS = ("user", "position", "village__region__parent__parent__parent")
# Kept in the data as the decision note of a withdrawn request (shown on the applicant's profile).
WITHDRAWN_NOTE = gettext_noop("Dibatalkan oleh pemohon.")


def _search_text(value):
    return " ".join((value or "").split())[:SEARCH_MAX_LENGTH]


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


def _notify_deciders(official):
    notify(
        official_deciders(official.village),
        kind=NotificationKind.APPROVALS,
        key=f"official-requested:{official.pk}",
        template="villages/emails/official_requested",
        context={"official": official},
        url=reverse("villages:pending_approvals"),
    )


@login_required
def join_village(request):
    """Step 1: search a desa by name (GET ?q=). Step 2: pick one, with a position, and POST."""
    query = _search_text(request.POST.get("q") if request.method == "POST" else request.GET.get("q"))
    if request.method == "POST":
        form = JoinVillageForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    official = form.save()
                    _notify_deciders(official)
            except IntegrityError:
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
    chosen = form["region"].value()
    if chosen and chosen not in {region.code for region in candidates}:
        region = (
            Region.objects.with_path()
            .select_related("village")
            .filter(code=str(chosen)[:13], level=Region.Level.VILLAGE)
            .first()
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
    official = get_object_or_404(Official.objects.select_related(*OFFICIAL_ROWS), pk=pk)
    if not can_decide_officials(request.user, official.village):
        raise Http404
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
            outcome = _decide(official, request.user, form.approved, form.cleaned_data["reason"])
            if outcome == "decided":
                text = (
                    _("%(name)s disetujui sebagai %(position)s di %(village)s.")
                    if form.approved
                    else _("Permohonan %(name)s sebagai %(position)s di %(village)s ditolak.")
                )
                details = {"name": official.user.full_name, "position": official.position.name}
                messages.success(request, text % {**details, "village": official.village.name})
            elif outcome == "conflict":
                messages.error(request, _approval_problem(official) or _("Permohonan ini tidak dapat disetujui."))
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


def _decide(official, decider, approved, reason):
    """Record the decision if the request is still pending, and mail the applicant after the commit."""
    now = timezone.now()
    if approved:
        fields = {"status": Official.Status.ACTIVE, "decided_by": decider, "decided_at": now}
    else:
        fields = {"status": Official.Status.REJECTED, "decided_by": decider, "decided_at": now, "decision_note": reason}
    try:
        with transaction.atomic():
            changed = Official.objects.filter(pk=official.pk, status=Official.Status.PENDING).update(**fields)
            if changed:
                for name, value in fields.items():
                    setattr(official, name, value)
                # Approval results are always delivered, whatever the applicant's email settings.
                notify(
                    [official.user],
                    kind=NotificationKind.APPROVALS,
                    key=f"official-decided:{official.pk}",
                    template="villages/emails/official_decided",
                    context={"official": official, "approved": approved, "reason": reason},
                    url=reverse("accounts:profile"),
                    transactional=True,
                )
    except IntegrityError:  # the applicant became active elsewhere a moment ago
        return "conflict"
    return "decided" if changed else "stale"


def _village_for_decider(request, code):
    village = Village.objects.with_region().filter(region__code=code).first()
    if village is None or not can_decide_officials(request.user, village):
        raise Http404
    return village


@login_required
def manage_officials(request, code):
    """A village's officials for its deciders: active terms, pending requests, open invitations, history."""
    village = _village_for_decider(request, code)
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
    official = get_object_or_404(Official.objects.select_related(*OFFICIAL_ROWS), pk=pk)
    village = official.village
    if not can_decide_officials(request.user, village):
        raise Http404
    manage_url = reverse("villages:manage_officials", args=[village.code])
    if official.status != Official.Status.ACTIVE:
        messages.info(request, _("Masa jabatan ini sudah tidak aktif."))
        return redirect(manage_url)
    today = village_local(timezone.now(), village).date()
    form = EndTermForm(request.POST if request.method == "POST" else None, official=official, today=today)
    if request.method == "POST" and form.is_valid():
        term_end = form.cleaned_data["term_end"]
        changed = Official.objects.filter(pk=official.pk, status=Official.Status.ACTIVE).update(
            status=Official.Status.ENDED, term_end=term_end
        )
        if changed:
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
    village = _village_for_decider(request, code)
    form = OfficialInvitationForm(request.POST if request.method == "POST" else None, village=village)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            invitation = form.save(commit=False)
            invitation.invited_by = request.user
            invitation.save()
            # Someone who already has an account reads it in their own language.
            language = User.objects.filter(email__iexact=invitation.email).values_list("language", flat=True).first()
            email_address(
                invitation.email,
                "villages/emails/official_invitation",
                {"invitation": invitation, "village": village, "inviter": request.user},
                language=language,
            )
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
        now = timezone.now()
        try:
            with transaction.atomic():
                claimed = OfficialInvitation.objects.filter(
                    pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=now
                ).update(accepted_at=now)
                if claimed:
                    # One request or position per person: joining by invitation replaces a waiting request.
                    Official.objects.filter(user=request.user, status=Official.Status.PENDING).update(
                        status=Official.Status.REJECTED,
                        decision_note=WITHDRAWN_NOTE,
                        decided_by=request.user,
                        decided_at=now,
                    )
                    official = Official.objects.create(
                        user=request.user,
                        village=invitation.village,
                        position=invitation.position,
                        status=Official.Status.ACTIVE,
                        decided_by=invitation.invited_by,
                        decided_at=now,
                    )
                    OfficialInvitation.objects.filter(pk=invitation.pk).update(official=official)
        except IntegrityError:
            messages.error(request, _("Undangan tidak dapat diterima karena akun Anda sudah memegang jabatan aktif."))
            return redirect(request.path)
        if not claimed:
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
    official = get_object_or_404(Official.objects.select_related("position", "village__region"), pk=pk)
    if not can_withdraw_request(request.user, official):
        raise Http404
    changed = Official.objects.filter(pk=official.pk, status=Official.Status.PENDING).update(
        status=Official.Status.REJECTED,
        decision_note=WITHDRAWN_NOTE,
        decided_by=request.user,
        decided_at=timezone.now(),
    )
    if changed:
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
