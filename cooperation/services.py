"""Cooperation work that spans several models: the agreement's life cycle with its notifications,
reminder rows and their delivery, staff exchanges and messages on the resource board.

State changes are compare-and-set updates on the status column, so two managers clicking at the
same moment cannot both move an agreement, and a step that already happened is reported, not
repeated. Every notification carries an event key, so a retried step never notifies twice.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.models import (
    EXPIRY_REMINDER_DAYS,
    MILESTONE_REMINDER_DAYS,
    Agreement,
    AgreementParty,
    CooperationReminder,
    Milestone,
    ResourceMessage,
    StaffExchange,
    local_morning,
)
from core import scheduler
from core.audit import Action, record
from core.models import SENT
from notifications.models import NotificationKind
from notifications.services import absolute_url, notify
from villages.models import Official
from villages.roles import staff_covering, village_managers

# Each event, reminders included, has its own pair: cooperation/emails/<event>_subject.txt and _body.txt.
REMINDER_JOBS = ["cooperation.cooperationreminder"]


class StepRefused(Exception):
    """The step no longer applies (someone else moved the agreement first); message is Indonesian."""


def _agreement_url(agreement):
    return reverse("cooperation:agreement_detail", args=[agreement.pk])


def _village_ids(agreement):
    return list(agreement.parties.filter(village__isnull=False).values_list("village_id", flat=True))


def _tell_parties(agreement, event, actor=None, key_suffix="", **context):
    notify(
        village_managers(_village_ids(agreement)),
        kind=NotificationKind.COOPERATION,
        key=f"coop:{agreement.pk}:{event}{key_suffix}",
        template=f"cooperation/emails/{event}",
        context={"agreement": agreement, "actor": actor, **context},
        url=_agreement_url(agreement),
        exclude=actor,
    )


def _audit(agreement, user, action, **details):
    """An agreement's step in the audit trail, under the region of its lead village."""
    village = agreement.lead_village
    record(user, action, agreement, village.region.code if village else "", **details)


def _move(agreement, source, target, **fields):
    """Compare-and-set: True when this call moved the agreement from `source` to `target`."""
    sources = source if isinstance(source, tuple) else (source,)
    moved = Agreement.objects.filter(pk=agreement.pk, status__in=sources).update(status=target, **fields)
    if moved:
        agreement.status = target
        for name, value in fields.items():
            setattr(agreement, name, value)
    return bool(moved)


# ---- Agreement life cycle -----------------------------------------------------------------------


def start_agreement(agreement, user, village):
    """Save a new draft with the proposing village as its first party."""
    with transaction.atomic():
        agreement.lead_village = village
        agreement.created_by = user
        agreement.save()
        AgreementParty.objects.create(agreement=agreement, village=village)
    return agreement


def propose(agreement, user):
    if len(_village_ids(agreement)) < 2:
        raise StepRefused(_("Tambahkan sedikitnya satu desa mitra sebelum mengajukan kerja sama."))
    now = timezone.now()
    with transaction.atomic():
        if not _move(agreement, Agreement.Status.DRAFT, Agreement.Status.PROPOSED, proposed_at=now):
            raise StepRefused(_("Kerja sama ini sudah diajukan."))
        # The proposing manager's own village agrees by proposing.
        AgreementParty.objects.filter(agreement=agreement, village=agreement.lead_village).update(
            confirmed_at=now, confirmed_by=user
        )
        _tell_parties(agreement, "proposed", actor=user)
        _ask_staff_for_unmanaged(agreement, user)
        activated = _activate_when_everyone_confirmed(agreement, user)
        _audit(agreement, user, Action.AGREEMENT_PROPOSED, mulai_berlaku=activated)
    return agreement


def _ask_staff_for_unmanaged(agreement, user):
    """A partner village with no manager on ForumDesa would keep the agreement waiting unseen: the
    staff covering it are asked to confirm on its behalf, and the proposer is told so."""
    parties = list(agreement.parties.filter(village__isnull=False).select_related("village__region"))
    managed = set(
        Official.objects.managers()
        .filter(village_id__in=[p.village_id for p in parties])
        .values_list("village_id", flat=True)
    )
    unmanaged = [p for p in parties if p.village_id not in managed]
    if not unmanaged:
        return
    for party in unmanaged:
        notify(
            staff_covering([party.village.code]),
            kind=NotificationKind.COOPERATION,
            key=f"coop:{agreement.pk}:confirm-on-behalf:{party.pk}",
            template="cooperation/emails/confirm_on_behalf",
            context={"agreement": agreement, "party": party, "actor": user},
            url=_agreement_url(agreement),
            exclude=user,
        )
    notify(
        [user],
        kind=NotificationKind.COOPERATION,
        key=f"coop:{agreement.pk}:unmanaged",
        template="cooperation/emails/unmanaged",
        context={"agreement": agreement, "villages": [p.display_name for p in unmanaged]},
        url=_agreement_url(agreement),
    )


def confirm(party, user):
    """Confirm for one village party; the agreement starts when every village has confirmed."""
    agreement = party.agreement
    with transaction.atomic():
        confirmed = AgreementParty.objects.filter(
            pk=party.pk, confirmed_at__isnull=True, agreement__status=Agreement.Status.PROPOSED
        ).update(confirmed_at=timezone.now(), confirmed_by=user)
        if not confirmed:
            raise StepRefused(_("Kerja sama ini sudah dikonfirmasi atau tidak lagi menunggu konfirmasi."))
        _tell_parties(agreement, "confirmed", actor=user, key_suffix=f":{party.pk}", party=party)
        activated = _activate_when_everyone_confirmed(agreement, user)
        _audit(agreement, user, Action.AGREEMENT_CONFIRMED, pihak=party.display_name, mulai_berlaku=activated)
    return agreement


def _activate_when_everyone_confirmed(agreement, user):
    waiting = AgreementParty.objects.filter(agreement=agreement, village__isnull=False, confirmed_at__isnull=True)
    if waiting.exists():
        return False
    if not _move(agreement, Agreement.Status.PROPOSED, Agreement.Status.ACTIVE, activated_at=timezone.now()):
        return False
    schedule_reminders(agreement)
    _tell_parties(agreement, "activated")
    return True


def complete(agreement, user):
    with transaction.atomic():
        if not _move(
            agreement, Agreement.Status.ACTIVE, Agreement.Status.COMPLETED, closed_at=timezone.now(), closed_by=user
        ):
            raise StepRefused(_("Kerja sama ini tidak sedang berjalan."))
        cancel_reminders(agreement)
        _tell_parties(agreement, "completed", actor=user)
        _audit(agreement, user, Action.AGREEMENT_COMPLETED)
    return agreement


def terminate(agreement, user, reason):
    with transaction.atomic():
        moved = _move(
            agreement,
            (Agreement.Status.PROPOSED, Agreement.Status.ACTIVE),
            Agreement.Status.TERMINATED,
            closed_at=timezone.now(),
            closed_by=user,
            termination_reason=reason,
        )
        if not moved:
            raise StepRefused(_("Kerja sama ini sudah ditutup."))
        cancel_reminders(agreement)
        _tell_parties(agreement, "terminated", actor=user, reason=reason)
        _audit(agreement, user, Action.AGREEMENT_TERMINATED, alasan=reason)
    return agreement


# ---- Reminders ----------------------------------------------------------------------------------


def schedule_reminders(agreement):
    """Create or move the unsent reminders of an active agreement: one per open milestone, one
    before the agreement expires. Idempotent; call after anything that changes a due date."""
    if agreement.status != Agreement.Status.ACTIVE:
        cancel_reminders(agreement)
        return
    tz = agreement.lead_village.region.timezone
    for milestone in agreement.milestones.all():
        schedule_milestone_reminder(milestone, tz)
    _arm(
        CooperationReminder.objects.filter(kind=CooperationReminder.Kind.AGREEMENT_EXPIRY, agreement=agreement),
        local_morning(agreement.ends_on, tz, EXPIRY_REMINDER_DAYS),
        kind=CooperationReminder.Kind.AGREEMENT_EXPIRY,
        agreement=agreement,
    )


def schedule_milestone_reminder(milestone, tz=None):
    agreement = milestone.agreement
    rows = CooperationReminder.objects.filter(kind=CooperationReminder.Kind.MILESTONE_DUE, milestone=milestone)
    if agreement.status != Agreement.Status.ACTIVE:
        rows.close(CooperationReminder.AGREEMENT_CLOSED)
        return
    if milestone.status == Milestone.Status.DONE:
        rows.close(CooperationReminder.MILESTONE_DONE)
        return
    tz = tz or agreement.lead_village.region.timezone
    _arm(
        rows,
        local_morning(milestone.due_on, tz, MILESTONE_REMINDER_DAYS),
        kind=CooperationReminder.Kind.MILESTONE_DUE,
        agreement=agreement,
        milestone=milestone,
    )


def _arm(rows, due_at, **fields):
    """One pending row per reminder (the constraints say so): a pending one moves to the new time;
    one closed because its milestone was done opens again; one that went out is followed by a new
    row only when the date moved, since the old date's message went out."""
    pending = rows.pending().first()
    if pending is not None:
        rows.pending().filter(pk=pending.pk).update(due_at=due_at)
        return
    last = rows.order_by("-pk").first()
    if last is None or (last.outcome == SENT and last.due_at != due_at):
        CooperationReminder.objects.create(due_at=due_at, **fields)
    elif last.outcome in CooperationReminder.REOPENABLE or last.due_at != due_at:
        # Nothing was delivered for it, so it can simply be due again.
        rows.filter(pk=last.pk).update(
            due_at=due_at, done_at=None, outcome="", claimed_at=None, claim_token=None, attempts=0, last_error=""
        )


def cancel_reminders(agreement):
    CooperationReminder.objects.filter(agreement=agreement).close(CooperationReminder.AGREEMENT_CLOSED)


def reminder_recipients(reminder):
    return village_managers(_village_ids(reminder.agreement)).order_by("pk")


def deliver_reminder(reminder, user):
    """One reminder to one manager of a party village, with the event's own mail."""
    agreement = reminder.agreement
    if reminder.milestone_id:
        key = f"coop-reminder:milestone:{reminder.milestone_id}:{reminder.milestone.due_on.isoformat()}"
    else:
        key = f"coop-reminder:expiry:{agreement.pk}:{agreement.ends_on.isoformat()}"
    notify(
        [user],
        kind=NotificationKind.COOPERATION,
        key=key,
        template=f"cooperation/emails/{reminder.kind}",
        context={"agreement": agreement, "milestone": reminder.milestone},
        url=_agreement_url(agreement),
    )


def send_due_reminders(now=None):
    """Run core's scheduler for the cooperation reminders alone; returns how many were sent."""
    return scheduler.sent(scheduler.run_due(now, labels=REMINDER_JOBS))


# ---- Staff exchanges ----------------------------------------------------------------------------


def _exchange_url(exchange):
    return reverse("cooperation:exchange_detail", args=[exchange.pk])


def _tell_exchange(exchange, event, recipients, actor=None):
    notify(
        recipients,
        kind=NotificationKind.COOPERATION,
        key=f"exchange:{exchange.pk}:{event}",
        template=f"cooperation/emails/exchange_{event}",
        context={"exchange": exchange, "actor": actor},
        url=_exchange_url(exchange),
        exclude=actor,
    )


def request_exchange(exchange, user):
    with transaction.atomic():
        exchange.requested_by = user
        exchange.save()
        _tell_exchange(exchange, "requested", village_managers([exchange.host_village_id]), actor=user)
    return exchange


def decide_exchange(exchange, user, *, accept, mentor=None, note=""):
    target = StaffExchange.Status.ACCEPTED if accept else StaffExchange.Status.DECLINED
    with transaction.atomic():
        moved = StaffExchange.objects.filter(pk=exchange.pk, status=StaffExchange.Status.REQUESTED).update(
            status=target, decided_by=user, decided_at=timezone.now(), host_mentor=mentor, decision_note=note
        )
        if not moved:
            raise StepRefused(_("Permohonan pertukaran ini sudah diputuskan."))
        exchange.refresh_from_db()
        recipients = [*village_managers([exchange.home_village_id]), exchange.visitor.user]
        _tell_exchange(exchange, "accepted" if accept else "declined", recipients, actor=user)
    return exchange


def cancel_exchange(exchange, user):
    with transaction.atomic():
        moved = StaffExchange.objects.filter(
            pk=exchange.pk, status__in=[StaffExchange.Status.REQUESTED, StaffExchange.Status.ACCEPTED]
        ).update(status=StaffExchange.Status.CANCELLED, decided_by=user, decided_at=timezone.now())
        if not moved:
            raise StepRefused(_("Pertukaran ini tidak dapat dibatalkan lagi."))
        exchange.refresh_from_db()
        recipients = [*village_managers([exchange.host_village_id]), exchange.visitor.user]
        _tell_exchange(exchange, "cancelled", recipients, actor=user)
    return exchange


def report_exchange(exchange, user):
    """Save the visitor's report (the form filled the fields); both villages hear of it once."""
    with transaction.atomic():
        first = exchange.reported_at is None
        exchange.status = StaffExchange.Status.REPORTED
        exchange.reported_at = exchange.reported_at or timezone.now()
        exchange.save()
        if first:
            recipients = village_managers([exchange.home_village_id, exchange.host_village_id])
            _tell_exchange(exchange, "reported", recipients, actor=user)
    return exchange


# ---- Resource board -----------------------------------------------------------------------------


def contact_poster(post, user, text, sender_village=None):
    with transaction.atomic():
        message = ResourceMessage.objects.create(post=post, sender=user, sender_village=sender_village, text=text)
        recipients = list(village_managers([post.village_id]))
        if post.author is not None:
            recipients.append(post.author)
        notify(
            recipients,
            kind=NotificationKind.COOPERATION,
            key=f"resource-message:{message.pk}",
            template="cooperation/emails/resource_message",
            context={"post": post, "message": message, "actor": user},
            url=reverse("cooperation:resource_detail", args=[post.pk]),
            exclude=user,
        )
    return message


def close_post(post, user, *, fulfilled, partner=None, note=""):
    from cooperation.models import ResourcePost

    moved = ResourcePost.objects.filter(pk=post.pk, status=ResourcePost.Status.OPEN).update(
        status=ResourcePost.Status.CLOSED,
        fulfilled=fulfilled,
        fulfilled_with=partner if fulfilled else None,
        fulfilled_note=note,
        closed_at=timezone.now(),
    )
    if not moved:
        raise StepRefused(_("Pos ini sudah ditutup."))
    post.refresh_from_db()
    return post


def save_milestone(milestone):
    """Save a new or changed milestone; a moved due date moves its unsent reminder with it."""
    with transaction.atomic():
        milestone.save()
        schedule_milestone_reminder(milestone)
    return milestone


def whatsapp_text(agreement, request=None):
    """The message a share to WhatsApp starts with: the agreement's title and its link."""
    link = absolute_url(reverse("cooperation:agreement_detail", args=[agreement.pk]), request)
    return "\n".join([_("Kerja sama antar desa: %(title)s") % {"title": agreement.title}, link])
