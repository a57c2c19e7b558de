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


# ---- Networks (forum komunikasi) and their discussions ----
#
# A network's page (about, member villages) is open to every signed-in official and district staff
# member, so villages can find networks to join. Its discussions are for the network's people only:
# active officials of its active member villages, its coordinators, and staff whose scope covers a
# member village. Coordinators are the users listed on the network, plus, for a kecamatan's default
# network, the staff whose scope covers that kecamatan.


def network_member_codes(network):
    """Region codes of the network's active member villages, loaded once per network and request."""
    codes = getattr(network, "_member_codes", None)
    if codes is None:
        codes = list(network.memberships.filter(state="active").values_list("village__region__code", flat=True))
        network._member_codes = codes
    return codes


def is_network_coordinator(user, network):
    r = roles(user)
    if not user.is_authenticated:
        return False
    if r.is_admin:
        return True
    cached = getattr(network, "_coordinator_ids", None)
    if cached is None:
        cached = set(network.coordinators.values_list("pk", flat=True))
        network._coordinator_ids = cached
    if user.pk in cached:
        return True
    return network.kind == "kecamatan" and network.cover_region_id is not None and r.covers(network.cover_region.code)


def can_see_networks(user):
    """The network list and pages: officials, district staff and admins."""
    r = roles(user)
    return r.is_official or r.is_staff_member or r.is_admin


def can_read_network(user, network):
    """Read and write the network's discussions."""
    r = roles(user)
    if not user.is_authenticated:
        return False
    if is_network_coordinator(user, network):
        return True
    codes = network_member_codes(network)
    if r.is_official and r.official.village.region.code in codes:
        return True
    return any(r.covers(code) for code in codes)


def can_create_network(user):
    """Thematic networks: active officials (their village joins first) and district staff."""
    r = roles(user)
    return r.is_official or r.is_staff_member or r.is_admin


def can_request_membership(user, network, village):
    """A village's manager asks to join (or accepts an invitation, or leaves) for their village."""
    return is_village_manager(user, village)


def can_decide_membership(user, membership):
    """A request is decided by the network's coordinators; an invitation by the village's managers."""
    if membership.state == "requested":
        return is_network_coordinator(user, membership.network)
    if membership.state == "invited":
        return is_village_manager(user, membership.village) or roles(user).is_admin
    return False


def can_leave_network(user, membership):
    return membership.state == "active" and (is_village_manager(user, membership.village) or roles(user).is_admin)


def can_remove_from_network(user, membership):
    return membership.state == "active" and is_network_coordinator(user, membership.network)


def can_read_thread(user, thread):
    if not can_read_network(user, thread.network):
        return False
    return not thread.is_hidden or is_network_coordinator(user, thread.network)


def can_reply(user, thread):
    return can_read_thread(user, thread) and not thread.is_locked


def can_edit_post(user, post):
    """Authors edit their own posts while they can still read the thread and it is not locked."""
    return post.author_id == user.pk and not post.is_hidden and can_reply(user, post.thread)


def can_moderate(user, thread):
    """Pin, lock and hide threads and posts; see and handle reports."""
    return is_network_coordinator(user, thread.network)


def can_see_post(user, post):
    """A hidden post's text and files are for coordinators only."""
    if not can_read_thread(user, post.thread):
        return False
    return not post.is_hidden or is_network_coordinator(user, post.thread.network)


# ---- Meetings, trainings and workshops ----
#
# Officials create meetings hosted by their own village (for chosen villages, their region, or a
# network they coordinate); district staff create them for their region. A meeting is seen by its
# organisers, the officials of invited villages and staff whose scope covers its host; everyone
# else gets 404. Organisers (and staff covering the host, and admins) manage it.


def can_create_meeting(user):
    r = roles(user)
    return r.is_official or r.is_staff_member or r.is_admin


def can_invite_network(user, network):
    """A meeting for a network's villages: its coordinators (and staff covering its region)."""
    r = roles(user)
    if is_network_coordinator(user, network):
        return True
    return network.cover_region_id is not None and r.covers(network.cover_region.code)


def can_host_in_region(user, region):
    r = roles(user)
    return r.is_admin or r.covers(region.code)


def _organiser_ids(meeting):
    cached = getattr(meeting, "_organiser_ids", None)
    if cached is None:
        cached = set(meeting.organisers.values_list("pk", flat=True))
        meeting._organiser_ids = cached
    return cached


def can_manage_meeting(user, meeting):
    """Edit, cancel, see registrations, take attendance, write minutes."""
    if not user.is_authenticated:
        return False
    r = roles(user)
    if r.is_admin or user.pk in _organiser_ids(meeting):
        return True
    return r.covers(meeting.host_place.code)


def can_see_meeting(user, meeting):
    if can_manage_meeting(user, meeting):
        return True
    r = roles(user)
    if r.is_official and meeting.invites(r.official.village):
        return True
    # Someone who registered keeps seeing it after their term ends or their village left the network.
    return user.is_authenticated and meeting.registrations.filter(user=user).exists()


def can_register_for_meeting(user, meeting):
    r = roles(user)
    return r.is_official and meeting.registration_open() and meeting.invites(r.official.village)


def visible_meetings_q(user):
    """can_see_meeting as a Q over Meeting, for lists (invited, organised, registered, in scope)."""
    from meetings.models import Meeting, Registration

    r = roles(user)
    if r.is_admin:
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    q = Q(pk__in=Meeting.organisers.through.objects.filter(user_id=user.pk).values("meeting_id"))
    q |= Q(pk__in=Registration.objects.filter(user_id=user.pk).values("meeting_id"))
    if r.is_official:
        q |= Q(pk__in=Meeting.objects.inviting(r.official.village).values("pk"))
    if r.is_staff_member:
        q |= staff_scope_q(user, "host_village__region__code") | staff_scope_q(user, "host_region__code")
    return q


def can_update_action_item(user, item):
    """Mark done or reopen: the organisers, the assigned official, or an official of the assigned village."""
    if can_manage_meeting(user, item.meeting):
        return True
    r = roles(user)
    if item.assignee_user_id == user.pk:
        return True
    return r.is_official and item.assignee_village_id == r.official.village_id


# ---- Cooperation agreements, staff exchanges, resource sharing ----
#
# An agreement is seen by the officials of its village parties, by staff whose scope covers one of
# those villages, by admins, and, once it has been proposed and is marked public, by everyone signed
# in. A draft stays with its parties. A village's manager acts only for their own village: they
# confirm, report and close for it, never for another party.

AGREEMENT_OPEN = ("draft", "proposed", "active")


def agreement_village_ids(agreement):
    """Ids of the agreement's village parties, from prefetched parties when the caller has them."""
    return [party.village_id for party in agreement.parties.all() if party.village_id is not None]


def agreement_village_codes(agreement):
    return [party.village.region.code for party in agreement.parties.all() if party.village_id is not None]


def visible_agreements_q(user):
    """can_see_agreement as a Q on Agreement, for lists (no joins, so no duplicate rows)."""
    from cooperation.models import AgreementParty

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
    if not (r.is_official and r.official.position.manages_village):
        return None
    return next((p for p in agreement.parties.all() if p.village_id == r.official.village_id), None)


def can_start_agreement(user):
    """Only a village's manager proposes an agreement, for their own village."""
    r = roles(user)
    return r.is_official and r.official.position.manages_village


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
    from django.utils import timezone

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


# ---- Best-practice library (praktik baik) and documents ----
#
# The library is for signed-in users. A published practice is read by everyone signed in. Before
# that it belongs to its village: the village's active officials write, edit and submit it. Curators
# (staff whose scope covers the village, admins) see it once submitted and publish or return it.
# Officials of the village keep editing after publishing; each such edit keeps a revision. Another
# village's official records an adoption for their own village.


def is_practice_village_official(user, practice):
    return is_member_of(user, practice.village)


def is_practice_curator(user, practice):
    r = roles(user)
    return r.is_admin or r.covers(practice.village.region.code)


def can_use_library(user):
    return user.is_authenticated


def visible_practices_q(user):
    """can_see_practice as a Q on Practice, for lists."""
    r = roles(user)
    if not user.is_authenticated:
        return Q(pk__in=[])
    if r.is_admin:
        return Q()
    q = Q(status="published")
    if r.is_official:
        q |= Q(village_id=r.official.village_id)
    if r.is_staff_member:
        q |= staff_scope_q(user, "village__region__code") & ~Q(status="draft")
    return q


def can_see_practice(user, practice):
    if not user.is_authenticated:
        return False
    if practice.status == "published" or is_practice_village_official(user, practice):
        return True
    return practice.status != "draft" and is_practice_curator(user, practice)


def can_write_practice(user):
    """Officials write for their own village."""
    return roles(user).is_official


def can_edit_practice(user, practice):
    """While it waits for curation nobody changes the text the curator is reading."""
    return practice.status != "submitted" and (is_practice_village_official(user, practice) or roles(user).is_admin)


def can_submit_practice(user, practice):
    return practice.status in ("draft", "returned") and is_practice_village_official(user, practice)


def can_curate_practice(user, practice):
    return practice.status == "submitted" and is_practice_curator(user, practice)


def can_curate_any(user):
    r = roles(user)
    return r.is_admin or r.is_staff_member


def can_adopt_practice(user, practice):
    r = roles(user)
    return practice.status == "published" and r.is_official and r.official.village_id != practice.village_id


def can_edit_adoption(user, adoption):
    """The adopting village's officials add their result later."""
    return is_member_of(user, adoption.village) or roles(user).is_admin


def can_comment_practice(user, practice):
    r = roles(user)
    return practice.status == "published" and (r.is_official or r.is_staff_member or r.is_admin)


def can_mark_useful(user, practice):
    return practice.status == "published" and roles(user).is_official


def can_add_document(user):
    r = roles(user)
    return r.is_official or r.is_staff_member or r.is_admin


def can_download_document(user, document):
    return user.is_authenticated


def can_delete_document(user, document):
    return roles(user).is_admin or (user.is_authenticated and document.uploaded_by_id == user.pk)


# ---- Activity reports and dashboards ----
#
# A village's report is seen by its active officials, by staff whose scope covers the village and by
# admins. Any official of the village drafts it while it is a draft or returned; only its managers
# (Kepala Desa, Sekretaris Desa) submit. Staff covering the village review a submitted report.
# An approved report is frozen for everyone. Dashboards: staff over regions they cover, a village's
# own officials over their village.


def visible_reports_q(user, field="village"):
    r = roles(user)
    if not user.is_authenticated:
        return Q(pk__in=[])
    if r.is_admin:
        return Q()
    q = Q(pk__in=[])
    if r.is_official:
        q |= Q(**{f"{field}_id": r.official.village_id})
    if r.is_staff_member:
        q |= staff_scope_q(user, f"{field}__region__code")
    return q


def can_see_report(user, report):
    return is_member_of(user, report.village) or covers_village(user, report.village)


def can_edit_report(user, report):
    return report.is_editable and is_member_of(user, report.village)


def can_submit_report(user, report):
    return report.is_editable and is_village_manager(user, report.village)


def can_review_report(user, report):
    return report.status == "submitted" and covers_village(user, report.village)


def can_start_report(user, village):
    return is_member_of(user, village)


def can_set_reporting_schedule(user, kabupaten):
    r = roles(user)
    return kabupaten.level == 2 and (r.is_admin or r.covers(kabupaten.code))


def can_see_region_dashboard(user, region):
    r = roles(user)
    return r.is_admin or r.covers(region.code)


def can_see_village_dashboard(user, village):
    return is_member_of(user, village) or covers_village(user, village)
