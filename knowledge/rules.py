"""May this user read, write, curate or adopt a best practice (praktik baik), or handle a document.

The library is for signed-in users. A published practice is read by everyone signed in. Before that
it belongs to its village: the village's active officials write, edit and submit it. Curators (staff
whose scope covers the village, admins) see it once submitted and publish or return it. Officials of
the village keep editing after publishing; each such edit keeps a revision. Another village's
official records an adoption for their own village.
"""

from django.db.models import Q
from django.http import Http404

from knowledge.models import Adoption, Document, Practice, PracticeAttachment
from meetings.rules import can_manage_meeting, get_evaluation_or_404
from villages.roles import is_member_of, roles, staff_scope_q


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


def can_adopt_from_evaluation(user, evaluation):
    """What an attendee said they will apply becomes their village's adoption of the practice: they
    record it themselves (still an official there) or the meeting's organisers do it from the summary."""
    practice, village = evaluation.practice, evaluation.registration.village
    if practice is None or practice.status != "published" or practice.village_id == village.pk:
        return False
    return is_member_of(user, village) or can_manage_meeting(user, evaluation.meeting)


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


# ---- Fetching what the user may see: missing and forbidden are the same 404 ----


def get_practice_or_404(user, pk, *, rule=None, queryset=None):
    """The practice when the user may see it and `rule`, if given, allows what they are about to do.
    `queryset` adds what the page shows (prefetches, annotations)."""
    queryset = queryset if queryset is not None else Practice.objects.all()
    practice = queryset.select_related("village__region__parent__parent").filter(pk=pk).first()
    if practice is None or not can_see_practice(user, practice) or (rule and not rule(user, practice)):
        raise Http404
    return practice


def get_practice_attachment_or_404(user, pk):
    attachment = PracticeAttachment.objects.select_related("practice__village__region").filter(pk=pk).first()
    if attachment is None or not can_see_practice(user, attachment.practice):
        raise Http404
    return attachment


def get_adoption_or_404(user, pk, *, rule=can_edit_adoption):
    """An adoption, when the user may see its practice and `rule` allows what they are about to do."""
    adoption = Adoption.objects.select_related("practice__village__region", "village").filter(pk=pk).first()
    if adoption is None or not can_see_practice(user, adoption.practice) or not rule(user, adoption):
        raise Http404
    return adoption


def get_document_or_404(user, pk, *, rule=can_download_document):
    document = Document.objects.filter(pk=pk).first()
    if document is None or not rule(user, document):
        raise Http404
    return document


def get_evaluation_for_adoption_or_404(user, pk):
    """A training evaluation whose practice the user may record as adopted by the attendee's village."""
    evaluation = get_evaluation_or_404(user, pk)
    if not can_adopt_from_evaluation(user, evaluation):
        raise Http404
    return evaluation
