"""Networks (forum komunikasi): list and search, the network page, members and their changes.

Network pages are for signed-in officials and district staff (can_see_networks); anyone else gets
404. Who may change what is in forums.rules; the changes themselves are in forums.networks.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forums.forms.networks import InviteVillageForm, JoinRequestForm, NetworkForm, NetworkSearchForm
from forums.models import Network, NetworkMembership
from forums.networks import (
    MembershipError,
    create_thematic_network,
    decide_membership,
    invite_village,
    leave_network,
    remove_from_network,
    request_membership,
)
from forums.rules import (
    can_create_network,
    can_decide_membership,
    can_leave_network,
    can_read_network,
    can_remove_from_network,
    can_see_networks,
    get_membership_or_404,
    get_network_or_404,
    is_network_coordinator,
)
from villages.roles import is_village_manager, roles

PAGE_SIZE = 20
LATEST_THREADS = 5
MEMBER_ROWS = ("village__region__parent__parent__parent",)


def _active_count():
    return Count("memberships", filter=Q(memberships__state=NetworkMembership.State.ACTIVE), distinct=True)


@login_required
def network_list(request):
    if not can_see_networks(request.user):
        raise Http404
    form = NetworkSearchForm(request.GET)
    form.is_valid()
    official = roles(request.user).official
    show = request.GET.get("tampil") or ("saya" if official else "semua")
    networks = Network.objects.select_related("cover_region").annotate(village_count=_active_count())
    if show == "saya" and official is not None:
        networks = networks.filter(
            memberships__village_id=official.village_id, memberships__state=NetworkMembership.State.ACTIVE
        )
    else:
        show = "semua"
    query = form.cleaned_data.get("q")
    if query:
        networks = networks.filter(Q(name__icontains=query) | Q(topic__icontains=query))
    page = Paginator(networks.order_by("kind", "name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "forums/networks/network_list.html",
        {
            "form": form,
            "page": page,
            "show": show,
            "official": official,
            "query_string": params.urlencode(),
            "can_create": can_create_network(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_create(request):
    if not can_create_network(request.user):
        raise Http404
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        network = create_thematic_network(request.user, **form.cleaned_data)
        messages.success(request, _("Jaringan dibuat. Anda koordinatornya; undang desa lain dari halaman anggota."))
        return redirect("forums:network_detail", slug=network.slug)
    return render(request, "forums/networks/network_form.html", {"form": form, "network": None})


@login_required
@require_http_methods(["GET", "POST"])
def network_edit(request, slug):
    network = get_network_or_404(request.user, slug)
    if not is_network_coordinator(request.user, network):
        raise Http404
    form = NetworkForm(request.POST or None, instance=network)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Perubahan disimpan."))
        return redirect("forums:network_detail", slug=network.slug)
    return render(request, "forums/networks/network_form.html", {"form": form, "network": network})


def _my_membership(request, network):
    """The open membership of the user's village, if they manage one."""
    official = roles(request.user).official
    if official is None:
        return None, None
    membership = (
        NetworkMembership.objects.filter(
            network=network, village_id=official.village_id, state__in=NetworkMembership.OPEN_STATES
        )
        .select_related("village__region", "network")
        .first()
    )
    return official, membership


@login_required
def network_detail(request, slug):
    from forums.models import Thread

    network = get_network_or_404(request.user, slug)
    members = (
        network.memberships.filter(state=NetworkMembership.State.ACTIVE)
        .select_related(*MEMBER_ROWS)
        .order_by("village__region__name")
    )
    member_count = members.count()
    official, membership = _my_membership(request, network)
    readable = can_read_network(request.user, network)
    threads = []
    if readable:
        threads = list(
            Thread.objects.filter(network=network, is_hidden=False)
            .with_last_read(request.user)
            .select_related("author")[:LATEST_THREADS]
        )
    return render(
        request,
        "forums/networks/network_detail.html",
        {
            "network": network,
            "members": members[:PAGE_SIZE],
            "member_count": member_count,
            "coordinators": network.coordinators.all(),
            "is_coordinator": is_network_coordinator(request.user, network),
            "readable": readable,
            "threads": threads,
            "official": official,
            "membership": membership,
            "can_ask": official is not None
            and membership is None
            and is_village_manager(request.user, official.village),
            "can_leave": membership is not None and can_leave_network(request.user, membership),
            "can_answer": membership is not None
            and membership.state == NetworkMembership.State.INVITED
            and can_decide_membership(request.user, membership),
            "join_form": JoinRequestForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_members(request, slug):
    network = get_network_or_404(request.user, slug)
    coordinator = is_network_coordinator(request.user, network)
    invite_form = InviteVillageForm(request.POST or None) if coordinator else None
    if request.method == "POST":
        if not coordinator:
            raise Http404
        if invite_form.is_valid():
            try:
                invite_village(network, invite_form.village, request.user, invite_form.cleaned_data["note"])
            except MembershipError as error:
                invite_form.add_error("code", str(error))
            else:
                messages.success(
                    request,
                    _("%(village)s diundang. Pengelola desanya akan memutuskan.") % {"village": invite_form.village},
                )
                return redirect("forums:network_members", slug=network.slug)
    members = (
        network.memberships.filter(state=NetworkMembership.State.ACTIVE)
        .select_related(*MEMBER_ROWS)
        .order_by("village__region__name", "pk")
    )
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = []
    history = []
    if coordinator:
        pending = list(
            network.memberships.filter(state__in=[NetworkMembership.State.REQUESTED, NetworkMembership.State.INVITED])
            .select_related(*MEMBER_ROWS, "started_by")
            .order_by("created_at")[:PAGE_SIZE]
        )
        history = list(
            network.memberships.exclude(state__in=NetworkMembership.OPEN_STATES)
            .select_related(*MEMBER_ROWS, "decided_by")
            .order_by("-ended_at", "-decided_at")[:PAGE_SIZE]
        )
    for membership in page:
        membership.removable = coordinator
    return render(
        request,
        "forums/networks/network_members.html",
        {
            "network": network,
            "page": page,
            "pending": pending,
            "history": history,
            "is_coordinator": coordinator,
            "invite_form": invite_form,
        },
    )


@login_required
@require_POST
def request_join(request, slug):
    network = get_network_or_404(request.user, slug)
    official = roles(request.user).official
    if official is None or not is_village_manager(request.user, official.village):
        raise Http404
    form = JoinRequestForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        request_membership(network, official.village, request.user, note)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Permintaan bergabung dikirim ke koordinator jaringan."))
    return redirect("forums:network_detail", slug=network.slug)


@login_required
@require_POST
def decide(request, pk):
    membership = get_membership_or_404(request.user, pk, rule=can_decide_membership)
    accept = request.POST.get("decision") == "accept"
    try:
        decide_membership(membership, request.user, accept)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Keputusan disimpan."))
    if is_network_coordinator(request.user, membership.network):
        return redirect("forums:network_members", slug=membership.network.slug)
    return redirect("forums:network_detail", slug=membership.network.slug)


@login_required
@require_POST
def leave(request, pk):
    membership = get_membership_or_404(request.user, pk, rule=can_leave_network)
    try:
        leave_network(membership, request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Desa Anda sudah keluar dari jaringan ini."))
    return redirect("forums:network_detail", slug=membership.network.slug)


@login_required
@require_POST
def remove(request, pk):
    membership = get_membership_or_404(request.user, pk, rule=can_remove_from_network)
    try:
        remove_from_network(membership, request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(village)s dikeluarkan dari jaringan.") % {"village": membership.village})
    return redirect("forums:network_members", slug=membership.network.slug)
