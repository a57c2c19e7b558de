"""May this user do X to a village, its officials or the directories.

Rules return booleans; a view asks get_village_or_404 for a village the user must be allowed to act
on, so missing and forbidden look alike.
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from accounts.models import User
from villages.models import Official, Village
from villages.roles import covers_village, is_village_manager, roles, staff_covering, staff_scope_q, village_managers


def can_edit_village(user, village):
    """Profile and IDM: the village's managers, district staff in scope, admins."""
    return is_village_manager(user, village) or covers_village(user, village)


def can_see_official_papers(user, village):
    """The SK (number and date) and term of a village's officials: its managers, district staff in
    scope, admins. Each official also sees their own on their profile; other officials and
    outsiders never do."""
    return is_village_manager(user, village) or covers_village(user, village)


def can_decide_officials(user, village):
    """Approve or reject join requests, end terms, invite: the village's managers; while a village
    has no manager yet, district staff whose scope covers it; admins always."""
    if roles(user).is_admin or is_village_manager(user, village):
        return True
    return covers_village(user, village) and not village.officials.managers().exists()


def can_decide_request(user, official):
    """Decide on one join request: can_decide_officials for its village, and never on one's own
    request (district staff asking to join a village in their own scope), except for admins."""
    if official.user_id == user.pk and not roles(user).is_admin:
        return False
    return can_decide_officials(user, official.village)


def decidable_officials_q(user, village_field="village"):
    """can_decide_officials as a Q, for lists: rows of a model with a relation to Village (Official,
    OfficialInvitation) in the villages where the user decides. Matches nothing for anyone else."""
    r = roles(user)
    if r.is_admin:
        return Q()
    q = Q(pk__in=[])
    if r.is_manager:
        q |= Q(**{f"{village_field}_id": r.official.village_id})
    if r.is_staff_member:
        managed = Official.objects.managers().filter(village_id=OuterRef(f"{village_field}_id"))
        q |= staff_scope_q(user, f"{village_field}__region__code") & ~Exists(managed)
    return q


def official_deciders(village):
    """Who is told about a new join request for this village: can_decide_officials from the other
    side. Its managers; while it has none, the district staff whose scope covers it; when nobody in
    the village or the region could decide, the admins, so that no request waits unseen."""
    managers = village_managers([village])
    if managers.exists():
        return managers
    staff = staff_covering([village.region.code])
    if staff.exists():
        return staff
    return User.objects.filter(is_active=True, is_superuser=True)


def can_withdraw_request(user, official):
    """Only the applicant withdraws their own request."""
    return user.is_authenticated and official.user_id == user.pk


def can_see_phone_numbers(user):
    """Phone numbers are for active officials and staff, never for anonymous visitors."""
    r = roles(user)
    return r.is_official or r.is_staff_member or r.is_admin


def can_use_directory(user):
    return can_see_phone_numbers(user)


def get_village_or_404(user, code, *, rule=None):
    """The member village with this code, when `rule` (if given) allows it for this user.

    A village's page is public; pass the rule for what the user is about to do (edit it, decide on
    its officials), and a village they may not act on looks the same as one that never joined.
    """
    village = Village.objects.with_region().filter(region__code=code).first()
    if village is None or (rule is not None and not rule(user, village)):
        raise Http404
    return village


def get_official_or_404(user, pk, *, rule=None):
    """One official (a request, a term) when `rule` allows it for this user; by default, when the
    user decides on the officials of its village."""
    official = (
        Official.objects.select_related("user", "position", "village__region__parent__parent__parent")
        .filter(pk=pk)
        .first()
    )
    allowed = rule or (lambda user, official: can_decide_officials(user, official.village))
    if official is None or not allowed(user, official):
        raise Http404
    return official
