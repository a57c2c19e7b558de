"""Who may see and change a village's potentials, enterprises and programmes.

The catalogue is public: anyone reads a listed enterprise and the village's potentials. An unlisted
enterprise is seen by its village's officials and by staff whose region covers the village. Only the
village's managers (villages/roles.py) record and edit potentials, enterprises and their support; a
network's programme is kept by the network's coordinators. Signed-in users of other villages contact
a village about an enterprise; its managers read those messages. Anything a user may not see is a
404, missing or not.
"""

from django.db.models import Q
from django.http import Http404

from enterprises.models import Enterprise, Potential, Programme
from forums.models import Network
from forums.rules import is_network_coordinator
from villages.roles import covers_village, is_member_of, is_village_manager, roles, staff_scope_q


def can_manage_village_economy(user, village):
    """Record potentials, enterprises and programmes of this village."""
    return is_village_manager(user, village)


def visible_enterprises_q(user):
    """can_see_enterprise as a Q over Enterprise, for lists."""
    r = roles(user)
    if r.is_admin:
        return Q()
    q = Q(is_listed=True)
    if r.is_official:
        q |= Q(village_id=r.official.village_id)
    if r.is_staff_member:
        q |= staff_scope_q(user, "village__region__code")
    return q


def can_see_enterprise(user, enterprise):
    return enterprise.is_listed or is_member_of(user, enterprise.village) or covers_village(user, enterprise.village)


def can_edit_enterprise(user, enterprise):
    return can_manage_village_economy(user, enterprise.village)


def can_contact_village(user, enterprise):
    """Signed-in users from elsewhere; the village does not message itself."""
    return user.is_authenticated and not is_member_of(user, enterprise.village)


def can_read_messages(user, enterprise):
    return is_village_manager(user, enterprise.village)


def can_see_programme(user, programme):
    return user.is_authenticated


def can_edit_programme(user, programme):
    if programme.village_id:
        return is_village_manager(user, programme.village)
    return is_network_coordinator(user, programme.network) or roles(user).is_admin


def programme_owners(user):
    """(village, networks) the user may start a programme for: their village when they manage it,
    and the networks they coordinate."""
    r = roles(user)
    village = r.official.village if r.is_manager else None
    networks = list(Network.objects.filter(coordinators=user).order_by("name")) if user.is_authenticated else []
    return village, networks


# ---- Fetching: missing and forbidden are the same 404 ----


def get_enterprise_or_404(user, pk, *, rule=None):
    enterprise = Enterprise.objects.select_related("village__region__parent__parent").filter(pk=pk).first()
    if enterprise is None or not can_see_enterprise(user, enterprise) or (rule and not rule(user, enterprise)):
        raise Http404
    return enterprise


def get_potential_or_404(user, pk):
    """A potential its village's manager is about to change."""
    potential = Potential.objects.select_related("village__region").filter(pk=pk).first()
    if potential is None or not can_manage_village_economy(user, potential.village):
        raise Http404
    return potential


def get_programme_or_404(user, pk, *, rule=None):
    programme = Programme.objects.select_related("village__region__parent__parent", "network").filter(pk=pk).first()
    if programme is None or not can_see_programme(user, programme) or (rule and not rule(user, programme)):
        raise Http404
    return programme
