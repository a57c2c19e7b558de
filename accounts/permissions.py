"""The one place that answers "may this user do X to this object".

Views, templates (through the `perms` tags) and the admin all ask here. Scope follows the
Kemendagri code prefix: staff bound to 33.01 (Kabupaten Cilacap) see every village whose code
starts with "33.01.". Rules return booleans; views turn a False into 404 for objects the user may
not even see, so outsiders learn nothing about them.
"""

import contextlib
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q


@dataclass
class Roles:
    """What one user is, loaded once per request (two queries) and cached on the user."""

    official: object = None  # the user's active Official, if any
    staff_codes: list = field(default_factory=list)  # region codes of their active staff roles
    is_admin: bool = False

    @property
    def is_official(self):
        return self.official is not None

    @property
    def is_staff_member(self):
        return bool(self.staff_codes)

    def covers(self, code):
        """Whether a staff role's region contains the region with this code."""
        return any(code == c or code.startswith(c + ".") for c in self.staff_codes)


def roles(user):
    if not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_forumdesa_roles", None)
    if cached is None:
        from villages.models import Official

        official = (
            Official.objects.active()
            .filter(user=user)
            .select_related("position", "village__region__parent__parent__parent")
            .first()
        )
        codes = list(user.staff_roles.filter(is_active=True).values_list("region__code", flat=True))
        cached = Roles(official=official, staff_codes=codes, is_admin=user.is_superuser)
        user._forumdesa_roles = cached
    return cached


def forget_roles(user):
    """Call after changing a user's positions or roles within the same request."""
    # delattr, not user.__dict__: request.user is a SimpleLazyObject, which forwards delattr to the
    # User inside but has a __dict__ of its own.
    with contextlib.suppress(AttributeError):
        del user._forumdesa_roles


def staff_scope_q(user, field="region__code"):
    """A Q limiting a queryset to what the user's staff roles cover; matches nothing without roles."""
    r = roles(user)
    if r.is_admin:
        return Q()
    q = Q(pk__in=[])
    for code in r.staff_codes:
        q |= Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})
    return q


def is_village_manager(user, village):
    r = roles(user)
    return r.is_official and r.official.village_id == village.pk and r.official.position.manages_village


def is_member_of(user, village):
    r = roles(user)
    return r.is_official and r.official.village_id == village.pk


def covers_village(user, village):
    r = roles(user)
    return r.is_admin or r.covers(village.region.code)


def can_edit_village(user, village):
    """Profile and IDM: the village's managers, district staff in scope, admins."""
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
    from villages.models import Official

    r = roles(user)
    if r.is_admin:
        return Q()
    q = Q(pk__in=[])
    if r.is_official and r.official.position.manages_village:
        q |= Q(**{f"{village_field}_id": r.official.village_id})
    if r.is_staff_member:
        managed = Official.objects.managers().filter(village_id=OuterRef(f"{village_field}_id"))
        q |= staff_scope_q(user, f"{village_field}__region__code") & ~Exists(managed)
    return q


def official_deciders(village):
    """Who is told about a new join request for this village: its managers; while it has none, the
    district staff whose scope covers it; when nobody in the village or the region could decide,
    the admins, so that no request waits unseen."""
    from accounts.models import User

    active = User.objects.filter(is_active=True)
    managers = active.filter(
        positions__village=village, positions__status="active", positions__position__manages_village=True
    )
    if managers.exists():
        return managers.distinct()
    parts = village.region.code.split(".")
    enclosing = [".".join(parts[:n]) for n in range(1, len(parts) + 1)]
    staff = active.filter(staff_roles__is_active=True, staff_roles__region__code__in=enclosing)
    if staff.exists():
        return staff.distinct()
    return active.filter(is_superuser=True)


def can_withdraw_request(user, official):
    """Only the applicant withdraws their own request."""
    return user.is_authenticated and official.user_id == user.pk


def can_see_phone_numbers(user):
    """Phone numbers are for active officials and staff, never for anonymous visitors."""
    r = roles(user)
    return r.is_official or r.is_staff_member or r.is_admin


def can_use_directory(user):
    return can_see_phone_numbers(user)
