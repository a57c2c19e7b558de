"""The officials workflow: join requests and their decisions, invitations, ending terms, withdrawing.

Each change is a compare-and-set update on the row's status inside a transaction, so two deciders
clicking at the same moment cannot both win, and a request that was already decided is reported
instead of overwritten. Who may do what is the caller's question (the rules); these functions only
guard against what changed since the caller looked.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.deletion import FORMER_USER_NAME
from accounts.models import User
from core.audit import Action, forget_name, record
from notifications.emails import email_address
from notifications.models import NotificationKind
from notifications.services import notify
from villages.models import Official, OfficialInvitation, Village
from villages.rules import official_deciders

# Kept in the data as the decision note of a withdrawn request (shown on the applicant's profile).
WITHDRAWN_NOTE = gettext_noop("Dibatalkan oleh pemohon.")


class PositionConflict(Exception):
    """The database refused a second pending request or active position for one person: another
    change, made a moment ago, got there first."""


def request_position(official, region):
    """Save a join request (user, position and SK already set) and tell those who can decide it."""
    try:
        with transaction.atomic():
            # A desa joins ForumDesa together with its first official.
            official.village, _created = Village.objects.get_or_create(region=region)
            official.status = Official.Status.PENDING
            official.save()
            notify(
                official_deciders(official.village),
                kind=NotificationKind.APPROVALS,
                key=f"official-requested:{official.pk}",
                template="villages/emails/official_requested",
                context={"official": official},
                url=reverse("villages:pending_approvals"),
            )
    except IntegrityError as error:
        raise PositionConflict from error
    return official


def decide_request(official, decider, *, approved, reason=""):
    """Approve or reject a pending request and tell the applicant.

    Returns False when the request was no longer pending (someone else decided first); raises
    PositionConflict when the applicant became active elsewhere in the meantime.
    """
    fields = {
        "status": Official.Status.ACTIVE if approved else Official.Status.REJECTED,
        "decided_by": decider,
        "decided_at": timezone.now(),
    }
    if not approved:
        fields["decision_note"] = reason
    try:
        with transaction.atomic():
            changed = Official.objects.filter(pk=official.pk, status=Official.Status.PENDING).update(**fields)
            if changed:
                for name, value in fields.items():
                    setattr(official, name, value)
                # Approval results are always delivered, whatever the applicant's email settings.
                notify(
                    [official.user],
                    kind=NotificationKind.APPROVALS,
                    key=f"official-decided:{official.pk}",
                    template="villages/emails/official_decided",
                    context={"official": official, "approved": approved, "reason": reason},
                    url=reverse("accounts:profile"),
                    transactional=True,
                )
                record(
                    decider,
                    Action.OFFICIAL_APPROVED if approved else Action.OFFICIAL_REJECTED,
                    official,
                    official.village.region.code,
                    **({} if approved else {"alasan": reason}),
                )
    except IntegrityError as error:
        raise PositionConflict from error
    return bool(changed)


def end_term(official, term_end, *, actor=None):
    """End an active term on `term_end`; the row stays as history. False when it had already ended."""
    with transaction.atomic():
        changed = Official.objects.filter(pk=official.pk, status=Official.Status.ACTIVE).update(
            status=Official.Status.ENDED, term_end=term_end
        )
        if changed:
            record(actor, Action.OFFICIAL_ENDED, official, official.village.region.code, akhir_jabatan=str(term_end))
    if changed:
        official.status, official.term_end = Official.Status.ENDED, term_end
    return bool(changed)


def withdraw_request(official, user):
    """The applicant takes back a pending request. False when it was decided in the meantime."""
    with transaction.atomic():
        changed = _withdraw(Official.objects.filter(pk=official.pk), user, timezone.now())
    return bool(changed)


def _withdraw(officials, user, now):
    return officials.filter(status=Official.Status.PENDING).update(
        status=Official.Status.REJECTED, decision_note=WITHDRAWN_NOTE, decided_by=user, decided_at=now
    )


def invite(invitation, inviter):
    """Save an invitation to a position and mail it to the address, which may have no account yet."""
    with transaction.atomic():
        invitation.invited_by = inviter
        invitation.save()
        # Someone who already has an account reads it in their own language.
        language = User.objects.filter(email__iexact=invitation.email).values_list("language", flat=True).first()
        email_address(
            invitation.email,
            "villages/emails/official_invitation",
            {"invitation": invitation, "village": invitation.village, "inviter": inviter},
            language=language,
        )
    return invitation


def accept_invitation(invitation, user):
    """Claim the invitation and make `user` an active official of its village and position.

    Returns the new Official, or None when the invitation was used or expired a moment ago; raises
    PositionConflict when the user became active elsewhere in the meantime (nothing is claimed).
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            claimed = OfficialInvitation.objects.filter(
                pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=now
            ).update(accepted_at=now)
            if not claimed:
                return None
            # One request or position per person: joining by invitation replaces a waiting request.
            _withdraw(Official.objects.filter(user=user), user, now)
            official = Official.objects.create(
                user=user,
                village=invitation.village,
                position=invitation.position,
                status=Official.Status.ACTIVE,
                decided_by=invitation.invited_by,
                decided_at=now,
            )
            OfficialInvitation.objects.filter(pk=invitation.pk).update(official=official)
    except IntegrityError as error:
        raise PositionConflict from error
    invitation.accepted_at, invitation.official = now, official
    return official


def deliver_term_end_reminder(reminder, user, now):
    """One manager hears that an official's term ends soon (sent once per term end)."""
    official = reminder.official
    today = timezone.localdate(now)
    notify(
        [user],
        kind=NotificationKind.APPROVALS,
        key=f"term-end:{reminder.pk}",
        template="villages/emails/term_ending",
        context={"official": official, "days": (official.term_end - today).days},
        url=reverse("villages:manage_officials", args=[official.village.code]),
        transactional=True,
    )


def delete_idm_score(score, actor):
    """Remove one year's IDM score of a village (entered by mistake); the deletion is audited."""
    with transaction.atomic():
        village = score.village
        record(
            actor,
            Action.DELETED,
            score,
            village.region.code,
            tahun=score.year,
            skor=str(score.score),
        )
        score.delete()


def erase_person(user, former_name):
    """For an account deleted by its owner: active terms end today, waiting requests are withdrawn,
    and the trails stop showing the former name on their positions."""
    now = timezone.now()
    positions = list(Official.objects.filter(user=user).values_list("pk", flat=True))
    ended = Official.objects.filter(pk__in=positions, status=Official.Status.ACTIVE).update(
        status=Official.Status.ENDED, term_end=timezone.localdate()
    )
    withdrawn = _withdraw(Official.objects.filter(pk__in=positions), user, now)
    forget_name(Official, positions, former_name, FORMER_USER_NAME)
    return {"jabatan_diakhiri": ended, "permintaan_dibatalkan": withdrawn}


def home_region_code(user):
    """The region of the person's active (else latest) position, for their account's audit entry."""
    official = Official.objects.filter(user=user).select_related("village__region").order_by("-pk")
    official = official.filter(status=Official.Status.ACTIVE).first() or official.first()
    return official.village.region.code if official else ""
