"""May this user see or act on a cooperation agreement, a staff exchange or a resource board post.

An agreement is seen by the officials of its village parties, by staff whose scope covers one of
those villages, by admins, and, once it has been proposed and is marked public, by everyone signed
in. A draft stays with its parties. A village's manager acts only for their own village: they
confirm, report and close for it, never for another party.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from cooperation.models import Agreement, AgreementParty, ResourcePost, StaffExchange
from villages.models import Official
from villages.roles import covers_village, is_village_manager, roles, staff_scope_q

AGREEMENT_OPEN = ("draft", "proposed", "active")


def agreement_village_ids(agreement):
    """Ids of the agreement's village parties, from prefetched parties when the caller has them."""
    return [party.village_id for party in agreement.parties.all() if party.village_id is not None]


def agreement_village_codes(agreement):
    return [party.village.region.code for party in agreement.parties.all() if party.village_id is not None]


def visible_agreements_q(user):
    """can_see_agreement as a Q on Agreement, for lists (no joins, so no duplicate rows)."""
    r = roles(user)
    if not user.is_authenticated:
        return Q(pk__in=[])
    if r.is_admin:
        return Q()
    q = Q(is_public=True) & ~Q(status="draft")
    if r.is_official:
        q |= Exists(AgreementParty.objects.filter(agreement=OuterRef("pk"), village_id=r.official.village_id))
    if r.is_staff_member:
        in_scope = AgreementParty.objects.filter(staff_scope_q(user, "village__region__code"), agreement=OuterRef("pk"))
        q |= Exists(in_scope)
    return q


def is_agreement_party(user, agreement):
    """An active official of one of the agreement's villages."""
    r = roles(user)
    return r.is_official and r.official.village_id in agreement_village_ids(agreement)


def can_see_agreement(user, agreement):
    r = roles(user)
    if not user.is_authenticated:
        return False
    if r.is_admin or is_agreement_party(user, agreement):
        return True
    if any(r.covers(code) for code in agreement_village_codes(agreement)):
        return True
    return agreement.is_public and agreement.status != "draft"


def managed_party(user, agreement):
    """The party this user may act for: the one whose village they manage, or None."""
    r = roles(user)
    if not r.is_manager:
        return None
    return next((p for p in agreement.parties.all() if p.village_id == r.official.village_id), None)


def can_start_agreement(user):
    """Only a village's manager proposes an agreement, for their own village."""
    return roles(user).is_manager


def can_edit_agreement(user, agreement):
    """The draft belongs to the proposing village: its managers (and admins) shape it."""
    if agreement.status != "draft":
        return False
    return roles(user).is_admin or is_village_manager(user, agreement.lead_village)


def can_confirm_party(user, party):
    """Confirm the proposed agreement for one's own village only."""
    return (
        party.agreement.status == "proposed"
        and party.village_id is not None
        and party.confirmed_at is None
        and is_village_manager(user, party.village)
    )


def unmanaged_village_ids(agreement):
    """Party villages with nobody on ForumDesa who may confirm for them (no active Kades/Sekdes)."""
    cached = getattr(agreement, "_unmanaged_village_ids", None)
    if cached is None:
        ids = {p.village_id for p in agreement.parties.all() if p.village_id}
        managed = set(Official.objects.managers().filter(village_id__in=ids).values_list("village_id", flat=True))
        cached = agreement._unmanaged_village_ids = ids - managed
    return cached


def can_confirm_on_behalf(user, party):
    """A village without a manager on ForumDesa: staff covering it (or an admin) confirm for it, and
    the party records who did."""
    return (
        party.agreement.status == "proposed"
        and party.village_id is not None
        and party.confirmed_at is None
        and party.village_id in unmanaged_village_ids(party.agreement)
        and covers_village(user, party.village)
    )


def can_act_for_agreement(user, agreement):
    """A manager of any party village (or an admin): milestones, regulation document, closing."""
    return roles(user).is_admin or managed_party(user, agreement) is not None


def can_manage_milestones(user, agreement):
    return agreement.status in AGREEMENT_OPEN and can_act_for_agreement(user, agreement)


def can_complete_agreement(user, agreement):
    return agreement.status == "active" and can_act_for_agreement(user, agreement)


def can_terminate_agreement(user, agreement):
    return agreement.status in ("proposed", "active") and can_act_for_agreement(user, agreement)


def can_post_agreement_update(user, agreement):
    """Any official of a party village writes the timeline while the agreement runs (and after)."""
    return agreement.status in ("active", "completed") and (is_agreement_party(user, agreement) or roles(user).is_admin)


def can_edit_regulation(user, agreement):
    """The Peraturan Bersama Kepala Desa, while the agreement is open."""
    return agreement.is_open and can_act_for_agreement(user, agreement)


def can_request_exchange(user):
    """The home village's manager sends one of their officials."""
    return can_start_agreement(user)


def visible_exchanges_q(user):
    r = roles(user)
    if not user.is_authenticated:
        return Q(pk__in=[])
    if r.is_admin:
        return Q()
    q = Q(pk__in=[])
    if r.is_official:
        q |= Q(home_village_id=r.official.village_id) | Q(host_village_id=r.official.village_id)
    if r.is_staff_member:
        q |= staff_scope_q(user, "home_village__region__code") | staff_scope_q(user, "host_village__region__code")
    return q


def can_see_exchange(user, exchange):
    """Both villages (the report is for both), staff covering either, admins, and the visitor."""
    r = roles(user)
    if not user.is_authenticated:
        return False
    if r.is_admin or exchange.visitor.user_id == user.pk:
        return True
    if r.is_official and r.official.village_id in (exchange.home_village_id, exchange.host_village_id):
        return True
    return r.covers(exchange.home_village.region.code) or r.covers(exchange.host_village.region.code)


def can_decide_exchange(user, exchange):
    """The host village's manager accepts or declines."""
    return exchange.status == "requested" and is_village_manager(user, exchange.host_village)


def can_cancel_exchange(user, exchange):
    return exchange.status in ("requested", "accepted") and is_village_manager(user, exchange.home_village)


def can_report_exchange(user, exchange):
    """The visitor writes the report once the visit has begun."""
    return (
        exchange.status in ("accepted", "reported")
        and exchange.visitor.user_id == user.pk
        and timezone.localdate() >= exchange.starts_on
    )


def can_use_resource_board(user):
    r = roles(user)
    return r.is_official or r.is_staff_member or r.is_admin


def can_post_resource(user):
    """Posts speak for a village: its active officials write them."""
    return roles(user).is_official


def can_contact_poster(user, post):
    """Anyone on the board but the poster's own village writes to the poster's managers."""
    r = roles(user)
    if post.status != "open" or not can_use_resource_board(user):
        return False
    return not (r.is_official and r.official.village_id == post.village_id)


def can_close_resource(user, post):
    if post.status != "open":
        return False
    return post.author_id == user.pk or is_village_manager(user, post.village) or roles(user).is_admin


# ---- Fetching what the user may see: missing and forbidden are the same 404 ----

PARTIES = Prefetch("parties", queryset=AgreementParty.objects.select_related("village__region", "confirmed_by"))
EXCHANGE_ROWS = ("visitor__user", "visitor__position", "home_village__region", "host_village__region")


def get_agreement_or_404(user, pk, *, rule=None):
    """The agreement (with its parties) when the user may see it and `rule`, if given, allows what
    they are about to do."""
    agreement = Agreement.objects.select_related("lead_village__region").prefetch_related(PARTIES).filter(pk=pk).first()
    if agreement is None or not can_see_agreement(user, agreement) or (rule and not rule(user, agreement)):
        raise Http404
    return agreement


def get_exchange_or_404(user, pk, *, rule=None):
    """The exchange when the user may see it and `rule`, if given, allows what they are about to do."""
    exchange = StaffExchange.objects.select_related(*EXCHANGE_ROWS, "host_mentor__user").filter(pk=pk).first()
    if exchange is None or not can_see_exchange(user, exchange) or (rule and not rule(user, exchange)):
        raise Http404
    return exchange


def get_resource_or_404(user, pk, *, rule=None):
    """A post on the board, for those who use the board and whom `rule`, if given, allows."""
    if not can_use_resource_board(user):
        raise Http404
    post = (
        ResourcePost.objects.select_related("village__region", "region", "fulfilled_with__region", "author")
        .filter(pk=pk)
        .first()
    )
    if post is None or (rule and not rule(user, post)):
        raise Http404
    return post
