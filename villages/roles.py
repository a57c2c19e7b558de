"""Who a user is, asked once per request, and the two questions the other way round: who manages a
village, and which district staff cover a region. Every app's rules.py builds on these.

Scope follows the Kemendagri code prefix, by whole segments: staff bound to 33.01 (Kabupaten
Cilacap) cover 33.01 itself and every region whose code starts with "33.01."; a code that only
begins with the same characters ("33.011") is outside.
"""

import contextlib
from dataclasses import dataclass, field

from django.db.models import Q

from accounts.models import StaffRole, User
from regions.models import enclosing_codes
from villages.models import Official


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
    def is_manager(self):
        """An active official whose position manages their village (Kepala Desa, Sekretaris Desa)."""
        return self.official is not None and self.official.position.manages_village

    @property
    def is_staff_member(self):
        return bool(self.staff_codes)

    def covers(self, code):
        """Whether a staff role's region is the region with this code or lies around it."""
        return not set(self.staff_codes).isdisjoint(enclosing_codes(code))


def roles(user):
    if not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_forumdesa_roles", None)
    if cached is None:
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
    return r.is_manager and r.official.village_id == village.pk


def is_member_of(user, village):
    r = roles(user)
    return r.is_official and r.official.village_id == village.pk


def covers_village(user, village):
    r = roles(user)
    return r.is_admin or r.covers(village.region.code)


def village_managers(villages):
    """Active users holding an active position that manages one of these villages (objects or ids):
    among active accounts, the users is_village_manager says yes to."""
    ids = [getattr(village, "pk", village) for village in villages]
    managing = Official.objects.managers().filter(village_id__in=ids).values("user_id")
    return User.objects.filter(is_active=True, pk__in=managing)


def staff_covering(codes):
    """Active users with an active staff role over one of these regions or a region around one:
    among active accounts, the users whose Roles.covers says yes."""
    enclosing = {prefix for code in codes for prefix in enclosing_codes(code)}
    covering = StaffRole.objects.filter(is_active=True, region__code__in=enclosing).values("user_id")
    return User.objects.filter(is_active=True, pk__in=covering)
