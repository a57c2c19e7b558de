"""Networks (forum komunikasi): default kecamatan networks, thematic networks, and membership.

Membership changes are compare-and-set updates on the row's state, so two people acting on the same
request at once cannot both win; rows are closed (declined, left, removed), never deleted, so the
history stays.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from forums.models import Network, NetworkMembership
from notifications.models import NotificationKind
from notifications.services import notify
from regions.models import Region
from villages.models import Village
from villages.roles import roles, staff_covering, village_managers

# Slugs that would collide with fixed paths under /jaringan/.
RESERVED_SLUGS = {"baru", "cari", "saya"}


class MembershipError(Exception):
    """A membership change that cannot happen (already decided, already a member...)."""


def unique_slug(name):
    base = slugify(name)[:140] or "jaringan"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Network.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def kecamatan_network_name(kecamatan):
    return _("Forum Perangkat Desa %(kecamatan)s") % {"kecamatan": kecamatan.display_name}


def ensure_kecamatan_network(village):
    """The default network of the village's kecamatan, created when missing, with the village in it.

    A village that once left or was removed is not put back: its history row says so.
    """
    # Names are stored as data: in the site's first language, whoever's request created them.
    kecamatan = village.region.parent
    if kecamatan is None:
        return None
    network = Network.objects.filter(kind=Network.Kind.KECAMATAN, cover_region=kecamatan).first()
    if network is None:
        try:
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                network = Network.objects.create(
                    kind=Network.Kind.KECAMATAN,
                    cover_region=kecamatan,
                    name=kecamatan_network_name(kecamatan),
                    slug=unique_slug(f"forum-{kecamatan.name}-{kecamatan.code}"),
                    topic=_("Forum perangkat desa se-kecamatan"),
                )
        except IntegrityError:  # created by a concurrent request
            network = Network.objects.get(kind=Network.Kind.KECAMATAN, cover_region=kecamatan)
    if not NetworkMembership.objects.filter(network=network, village=village).exists():
        try:
            with transaction.atomic():
                NetworkMembership.objects.create(
                    network=network, village=village, state=NetworkMembership.State.ACTIVE, decided_at=timezone.now()
                )
        except IntegrityError:
            pass
    return network


def ensure_all_kecamatan_networks():
    """For villages that joined before networks existed; returns how many villages were checked."""
    count = 0
    for village in Village.objects.select_related("region__parent").iterator():
        ensure_kecamatan_network(village)
        count += 1
    return count


def create_thematic_network(creator, *, name, description="", topic="", cover_region=None):
    """An official's village becomes the first member and the official its coordinator; staff coordinate."""
    with transaction.atomic():
        network = Network.objects.create(
            kind=Network.Kind.THEMATIC,
            name=name,
            slug=unique_slug(name),
            description=description,
            topic=topic,
            cover_region=cover_region,
            created_by=creator,
        )
        network.coordinators.add(creator)
        official = roles(creator).official
        if official is not None:
            NetworkMembership.objects.create(
                network=network,
                village=official.village,
                state=NetworkMembership.State.ACTIVE,
                started_by=creator,
                decided_by=creator,
                decided_at=timezone.now(),
            )
    return network


def network_coordinators(network):
    """Everyone who coordinates: listed coordinators and, for a kecamatan network, staff covering it."""
    q = Q(coordinated_networks=network)
    if network.kind == Network.Kind.KECAMATAN and network.cover_region_id:
        q |= Q(pk__in=staff_covering([network.cover_region.code]).values("pk"))
    return User.objects.filter(q, is_active=True).distinct()


def _tell(recipients, membership, event, actor):
    notify(
        recipients,
        kind=NotificationKind.APPROVALS,
        key=f"network-membership:{membership.pk}:{event}",
        template="forums/emails/network_membership",
        context={"event": event, "network": membership.network.name, "village": membership.village.name},
        url=f"/jaringan/{membership.network.slug}/anggota/",
        exclude=actor,
    )


def _open(network, village, state, actor, note=""):
    try:
        with transaction.atomic():
            membership = NetworkMembership.objects.create(
                network=network, village=village, state=state, started_by=actor, note=note
            )
    except IntegrityError:
        raise MembershipError(
            _("Desa ini sudah anggota, sudah diundang, atau permintaannya sedang menunggu.")
        ) from None
    return membership


def request_membership(network, village, actor, note=""):
    membership = _open(network, village, NetworkMembership.State.REQUESTED, actor, note)
    _tell(network_coordinators(network), membership, "requested", actor)
    return membership


def invite_village(network, village, actor, note=""):
    membership = _open(network, village, NetworkMembership.State.INVITED, actor, note)
    _tell(village_managers([village]), membership, "invited", actor)
    return membership


def _move(membership, from_state, to_state, actor, *, end=False):
    now = timezone.now()
    fields = {"state": to_state, "decided_by": actor, "decided_at": now}
    if end:
        fields = {"state": to_state, "ended_at": now}
    changed = NetworkMembership.objects.filter(pk=membership.pk, state=from_state).update(**fields)
    if not changed:
        raise MembershipError(_("Keanggotaan ini sudah berubah; muat ulang halaman."))
    membership.refresh_from_db()
    return membership


def decide_membership(membership, actor, accept):
    """Accept or decline a request (coordinator) or an invitation (village manager)."""
    was = membership.state
    to = NetworkMembership.State.ACTIVE if accept else NetworkMembership.State.DECLINED
    _move(membership, was, to, actor)
    if was == NetworkMembership.State.REQUESTED:
        _tell(village_managers([membership.village]), membership, "accepted" if accept else "declined", actor)
    else:
        _tell(network_coordinators(membership.network), membership, "joined" if accept else "refused", actor)
    return membership


def leave_network(membership, actor):
    _move(membership, NetworkMembership.State.ACTIVE, NetworkMembership.State.LEFT, actor, end=True)
    NetworkMembership.objects.filter(pk=membership.pk).update(decided_by=actor)
    _tell(network_coordinators(membership.network), membership, "left", actor)
    return membership


def remove_from_network(membership, actor):
    _move(membership, NetworkMembership.State.ACTIVE, NetworkMembership.State.REMOVED, actor, end=True)
    NetworkMembership.objects.filter(pk=membership.pk).update(decided_by=actor)
    _tell(village_managers([membership.village]), membership, "removed", actor)
    return membership


def village_by_code(code):
    region = Region.objects.filter(code=(code or "").strip(), level=Region.Level.VILLAGE).select_related("village")
    region = region.first()
    return getattr(region, "village", None) if region else None
