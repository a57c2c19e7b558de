"""May this user see, organise or register for a meeting, training or workshop.

Officials create meetings hosted by their own village (for chosen villages, their region, or a
network their village belongs to or they coordinate); district staff create them for their region.
A meeting is seen by its organisers, the officials of invited villages and staff whose scope covers
its host; everyone else gets 404. Organisers (and staff covering the host, and admins) manage it.
"""

from django.db.models import Q
from django.http import Http404

from forums.models import Network, NetworkMembership
from forums.rules import is_network_coordinator, network_member_codes
from meetings.models import (
    ActionItem,
    Evaluation,
    Meeting,
    MinutesAttachment,
    Registration,
    RegistrationQuestion,
)
from regions.models import Region
from villages.models import Village
from villages.roles import roles


def can_create_meeting(user):
    r = roles(user)
    return r.is_official or r.is_staff_member or r.is_admin


def can_invite_network(user, network):
    """A meeting for a network's villages: its coordinators, staff covering its region, and the
    officials of its member villages (a Sekdes invites the forum their village takes part in)."""
    r = roles(user)
    if is_network_coordinator(user, network):
        return True
    if r.is_official and r.official.village.region.code in network_member_codes(network):
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


def can_edit_questions(user, meeting):
    """Registration questions: the organisers, while the meeting is still to come."""
    return meeting.is_scheduled and can_manage_meeting(user, meeting)


def can_answer_questions(user, meeting):
    """A registrant changes their answers while registration is open."""
    return (
        user.is_authenticated
        and meeting.registration_open()
        and meeting.registrations.active().filter(user=user).exists()
    )


def evaluating_registration(user, meeting, now=None):
    """The user's registration when they may evaluate this training or workshop, else None: once
    it has ended, for those marked present (or every registrant when attendance was not taken)."""
    if not user.is_authenticated or not meeting.is_evaluated or meeting.status == Meeting.Status.CANCELLED:
        return None
    if not meeting.has_ended(now):
        return None
    return meeting.evaluators().filter(user=user).select_related("village").first()


def can_see_evaluations(user, meeting):
    return meeting.is_evaluated and can_manage_meeting(user, meeting)


def visible_meetings_q(user):
    """can_see_meeting as a Q over Meeting, for lists (invited, organised, registered, in scope)."""
    r = roles(user)
    if r.is_admin:
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    # One UNION of indexed lookups, each bounded by what this user sees; an OR of subqueries would
    # make PostgreSQL test every meeting in the database.
    ids = [
        Meeting.organisers.through.objects.filter(user_id=user.pk).values("meeting_id"),
        Registration.objects.filter(user_id=user.pk).order_by().values("meeting_id"),
    ]
    if r.is_official:
        ids.append(Meeting.invitation_ids(r.official.village))
    if r.is_staff_member:
        meetings = Meeting.objects.order_by()
        for code in r.staff_codes:
            hosts = Village.objects.filter(region__code__startswith=f"{code}.").values("pk")
            ids.append(meetings.filter(host_village__in=hosts).values("pk"))
            places = Region.objects.filter(Q(code=code) | Q(code__startswith=f"{code}.")).values("pk")
            ids.append(meetings.filter(host_region__in=places).values("pk"))
    return Q(pk__in=ids[0].union(*ids[1:]))


def filter_networks(user):
    """The networks offered by the meeting list's filter: the user's village's and those they coordinate."""
    r = roles(user)
    ids = Network.coordinators.through.objects.filter(user_id=user.pk).values("network_id")
    if r.is_official:
        active = NetworkMembership.State.ACTIVE
        member = NetworkMembership.objects.filter(village_id=r.official.village_id, state=active).order_by()
        ids = ids.union(member.values("network_id"))
    return Network.objects.filter(pk__in=ids).order_by("name")


def can_update_action_item(user, item):
    """Mark done or reopen: the organisers, the assigned official, or an official of the assigned village."""
    if can_manage_meeting(user, item.meeting):
        return True
    r = roles(user)
    if item.assignee_user_id == user.pk:
        return True
    return r.is_official and item.assignee_village_id == r.official.village_id


# ---- Fetching what the user may see: missing and forbidden are the same 404 ----


def get_meeting_or_404(user, pk, *, rule=can_see_meeting):
    """The meeting when `rule` (seeing it, unless said otherwise: can_manage_meeting) allows it."""
    meeting = (
        Meeting.objects.select_related(
            "host_village__region__parent__parent", "host_region", "audience_network", "audience_region", "series"
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None or not rule(user, meeting):
        raise Http404
    return meeting


def get_action_item_or_404(user, pk, *, rule=can_update_action_item):
    item = (
        ActionItem.objects.select_related("meeting__host_village__region", "meeting__host_region").filter(pk=pk).first()
    )
    if item is None or not rule(user, item):
        raise Http404
    return item


def get_minutes_attachment_or_404(user, pk):
    """A file of the minutes, for those who see the meeting."""
    attachment = MinutesAttachment.objects.select_related("minutes").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    get_meeting_or_404(user, attachment.minutes.meeting_id)
    return attachment


def get_question_or_404(user, pk, *, rule=can_edit_questions):
    question = (
        RegistrationQuestion.objects.select_related("meeting__host_village__region", "meeting__host_region")
        .filter(pk=pk)
        .first()
    )
    if question is None or not rule(user, question.meeting):
        raise Http404
    return question


def get_evaluation_or_404(user, pk):
    """An evaluation, for its author and for those who manage the meeting."""
    evaluation = (
        Evaluation.objects.select_related(
            "meeting__host_village__region", "meeting__host_region", "registration__village", "practice"
        )
        .filter(pk=pk)
        .first()
    )
    if evaluation is None:
        raise Http404
    if evaluation.registration.user_id != user.pk and not can_manage_meeting(user, evaluation.meeting):
        raise Http404
    return evaluation
