"""Work on meetings that spans several models: creating series, registering with a waitlist,
rescheduling and cancelling (with the reminders that follow), check-in links, minutes, and how one
reminder is delivered (core's scheduler decides when).
"""

import contextlib
import functools
import logging
import zoneinfo
from datetime import timedelta

from dateutil import rrule
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from core import scheduler
from core.models import SENT
from core.querysets import IdsThenRows
from notifications.models import NotificationKind
from notifications.services import absolute_url, notify
from regions.models import TIME_ZONES, Region
from villages.models import Official
from villages.roles import roles

from . import rules
from .models import (
    ActionItem,
    Evaluation,
    EvaluationRequest,
    Meeting,
    MeetingSeries,
    Minutes,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    Reminder,
    ReminderPreference,
)
from .signals import meeting_figures_changed

log = logging.getLogger(__name__)
CHECKIN_SALT = "meetings.checkin"
CHECKIN_MAX_AGE = timedelta(hours=12)
# Check-in with the QR code is open around the meeting's own time, not around when the code was shown.
CHECKIN_OPENS_BEFORE = timedelta(hours=1)
CHECKIN_CLOSES_AFTER = timedelta(hours=1)
MAX_OCCURRENCES = 24
REMINDER_JOBS = ("meetings.reminder", "meetings.actionitemreminder", "meetings.evaluationrequest")


# ---- Time zones ----


def viewer_timezone(user):
    """The zone a user lives in: their village's, or their first staff region's; None when unknown."""
    r = roles(user)
    if r.is_official:
        return r.official.village.region.timezone
    if r.staff_codes:
        cached = getattr(user, "_meetings_tz", None)
        if cached is None:
            cached = Region.objects.filter(code=r.staff_codes[0]).values_list("timezone", flat=True).first()
            user._meetings_tz = cached
        return cached
    return None


def format_local(dt, tz_name):
    local = timezone.localtime(dt, zoneinfo.ZoneInfo(tz_name))
    return local, f"{local:%H.%M} {TIME_ZONES.get(tz_name, 'WIB')}"


# ---- Home page ----


def upcoming_for(user, limit=5):
    """Upcoming scheduled meetings the user is invited to, organises or registered for."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    invited = Meeting.objects.filter(rules.visible_meetings_q(user), status=Meeting.Status.SCHEDULED).upcoming()
    return IdsThenRows(invited, Meeting.objects.for_list())[:limit]


def hosted_by(village, user, limit=5):
    """Upcoming meetings the village hosts that this user may see (for the village page)."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    hosted = Meeting.objects.filter(
        rules.visible_meetings_q(user), host_village=village, status=Meeting.Status.SCHEDULED
    ).upcoming()
    return IdsThenRows(hosted, Meeting.objects.for_list())[:limit]


def open_action_items_for(user):
    """Open action items assigned to the user or to their village, soonest first."""
    if not user.is_authenticated:
        return ActionItem.objects.none()
    r = roles(user)
    village = r.official.village if r.is_official else None
    return (
        ActionItem.objects.open()
        .assigned_to(user, village)
        .select_related("meeting", "assignee_user", "assignee_village__region")
        .order_by("due_date", "pk")
    )


# ---- Creating, rescheduling, cancelling ----


def occurrences(local_start, freq, count):
    """Local start times of a series: weekly, or monthly on the same weekday of the same week
    ("the first Monday"), or on the last such weekday when the start falls in the month's last week."""
    if freq == "weekly":
        rule = rrule.rrule(rrule.WEEKLY, dtstart=local_start, count=count)
        text = f"FREQ=WEEKLY;COUNT={count}"
    else:
        nth = (local_start.day - 1) // 7 + 1
        if nth > 4:
            nth = -1
        weekday = rrule.weekdays[local_start.weekday()](nth)
        rule = rrule.rrule(rrule.MONTHLY, dtstart=local_start, byweekday=weekday, count=count)
        text = f"FREQ=MONTHLY;BYDAY={weekday};COUNT={count}"
    return list(rule), text


@transaction.atomic
def create_meeting(*, user, data, villages=(), repeat="", repeat_count=1):
    """Create a meeting (or a series of them) from cleaned form data; returns the first."""
    tz = zoneinfo.ZoneInfo(
        data["host_village"].region.timezone if data.get("host_village") else data["host_region"].timezone
    )
    start, end = data["starts_at"], data["ends_at"]
    duration = end - start
    deadline_before = start - data["registration_deadline"] if data.get("registration_deadline") else None
    series = None
    starts = [start]
    if repeat:
        local = timezone.localtime(start, tz).replace(tzinfo=None)
        local_starts, rule_text = occurrences(local, repeat, min(max(repeat_count, 1), MAX_OCCURRENCES))
        series = MeetingSeries.objects.create(rule=rule_text, created_by=user)
        starts = [timezone.make_aware(s, tz) for s in local_starts]
    first = None
    for occurrence in starts:
        meeting = Meeting(
            **{k: v for k, v in data.items() if k not in ("starts_at", "ends_at", "registration_deadline")},
            starts_at=occurrence,
            ends_at=occurrence + duration,
            registration_deadline=occurrence - deadline_before if deadline_before is not None else None,
            series=series,
            created_by=user,
        )
        meeting.full_clean(exclude=["organisers", "audience_villages"])
        meeting.save()
        meeting.organisers.add(user)
        if villages:
            meeting.audience_villages.set(villages)
        first = first or meeting
    # The invited villages' officials hear of it once it is committed, from a task: a meeting for a
    # whole kabupaten invites thousands.
    from .tasks import send_invitations

    transaction.on_commit(lambda: send_invitations.delay(first.pk), robust=True)
    return first


def invite_officials(meeting):
    """Tell the active officials of the invited villages about a scheduled meeting (once each)."""
    if not meeting.is_scheduled or meeting.has_started():
        return []
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            positions__status=Official.Status.ACTIVE,
            positions__village__in=meeting.invited_villages(),
        )
        .distinct()
    )
    return notify(
        users,
        kind=NotificationKind.MEETINGS,
        key=f"meeting-invited:{meeting.pk}",
        template="meetings/emails/invited",
        context={"meeting": meeting, "when": meeting_when(meeting)},
        url=meeting.get_absolute_url(),
        exclude=meeting.created_by,
    )


def _registrant_users(meeting):
    from accounts.models import User

    return User.objects.filter(
        meeting_registrations__meeting=meeting,
        meeting_registrations__status__in=(Registration.Status.REGISTERED, Registration.Status.WAITLISTED),
    ).distinct()


@transaction.atomic
def update_meeting(meeting, *, data, villages=None, actor, scope="this"):
    """Save an edit; with scope="following" apply it to this and the later meetings of its series,
    moving each by the same shift, as a calendar does. Returns the meetings changed."""
    old_start, old_end = meeting.starts_at, meeting.ends_at
    shift_start = data["starts_at"] - old_start
    shift_end = data["ends_at"] - old_end
    targets = [meeting]
    if scope == "following" and meeting.series_id:
        targets = list(
            Meeting.objects.select_for_update()
            .filter(series_id=meeting.series_id, starts_at__gte=old_start, status=Meeting.Status.SCHEDULED)
            .order_by("starts_at")
        )
        if meeting not in targets:
            targets.insert(0, meeting)
    plain_fields = [k for k in data if k not in ("starts_at", "ends_at", "registration_deadline")]
    for target in targets:
        previous_start = target.starts_at
        for field in plain_fields:
            setattr(target, field, data[field])
        if target.pk == meeting.pk:
            target.starts_at, target.ends_at = data["starts_at"], data["ends_at"]
            target.registration_deadline = data.get("registration_deadline")
        else:
            target.starts_at += shift_start
            target.ends_at += shift_end
            if target.registration_deadline:
                target.registration_deadline += shift_start
        target.full_clean(exclude=["organisers", "audience_villages"])
        target.save()
        if villages is not None:
            target.audience_villages.set(villages)
        if target.starts_at != previous_start:
            _after_reschedule(target, previous_start, actor)
    return targets


def _after_reschedule(meeting, previous_start, actor):
    """Move the unsent reminders with the meeting and tell its registrants."""
    pending = meeting.reminders.pending()
    for lead in set(pending.values_list("lead", flat=True)):
        # A claim taken for the old time must not hold the row back at the new one.
        pending.filter(lead=lead).update(
            due_at=meeting.starts_at - timedelta(minutes=lead), claimed_at=None, claim_token=None
        )
    notify(
        _registrant_users(meeting),
        kind=NotificationKind.MEETINGS,
        key=f"meeting-moved:{meeting.pk}:{int(meeting.starts_at.timestamp())}",
        template="meetings/emails/moved",
        context={"meeting": meeting, "when": meeting_when(meeting), "previous": meeting_when(meeting, previous_start)},
        url=meeting.get_absolute_url(),
        transactional=True,
        exclude=actor,
    )


def meeting_when(meeting, start=None):
    """ "Senin, 2 Maret 2026, 10.00–12.00 WIT" in the host's zone, in the active language; a meeting
    past midnight says so ("23.00–01.00 WIB (esok hari)")."""
    from django.utils.formats import date_format

    local = timezone.localtime(start or meeting.starts_at, meeting.zoneinfo)
    return f"{date_format(local, 'l, j F Y')}, {meeting.time_range(start)}"


@transaction.atomic
def cancel_meeting(meeting, actor):
    updated = Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.SCHEDULED).update(
        status=Meeting.Status.CANCELLED
    )
    if not updated:
        return False
    meeting.status = Meeting.Status.CANCELLED
    meeting_figures_changed.send(sender=Meeting, meeting=meeting)
    meeting.reminders.close(Reminder.CANCELLED)
    EvaluationRequest.objects.filter(meeting=meeting).close(EvaluationRequest.CANCELLED)
    notify(
        _registrant_users(meeting),
        kind=NotificationKind.MEETINGS,
        key=f"meeting-cancelled:{meeting.pk}",
        template="meetings/emails/cancelled",
        context={"meeting": meeting, "when": meeting_when(meeting)},
        url=meeting.get_absolute_url(),
        transactional=True,
        exclude=actor,
    )
    return True


# ---- Registration and waitlist ----


class RegistrationClosed(Exception):
    pass


def create_reminders(registration, now=None):
    """Reminder rows for a confirmed registration at the user's lead times.

    Someone who registers (or is promoted) after a lead time has passed still gets the nearest
    passed one, due at once, unless a reminder that recent already reached them; nobody gets a
    reminder once the meeting has started.
    """
    now = now or timezone.now()
    meeting = registration.meeting
    if meeting.has_started(now):
        return
    leads = ReminderPreference.leads_for(registration.user)
    due = {lead: meeting.starts_at - timedelta(minutes=lead) for lead in leads}
    wanted = {lead: at for lead, at in due.items() if at > now}
    passed = [lead for lead, at in due.items() if at <= now]
    if passed:
        nearest = min(passed)
        if not registration.reminders.filter(outcome=SENT, due_at__gte=due[nearest]).exists():
            wanted[nearest] = now
    Reminder.objects.bulk_create(
        [
            Reminder(meeting=meeting, registration=registration, user=registration.user, lead=lead, due_at=at)
            for lead, at in wanted.items()
        ],
        ignore_conflicts=True,
    )


def register(meeting, user, answers=None):
    """Register the user's village official; past the capacity they join the waitlist.
    `answers` ({question: value}, from RegistrationAnswersForm) are kept with the registration.

    The meeting row is locked (select_for_update) while seats are counted, so concurrent
    registrations queue behind each other and never exceed the capacity.
    """
    r = roles(user)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not rules.can_register_for_meeting(user, meeting):
            raise RegistrationClosed
        existing = meeting.registrations.active().filter(user=user).first()
        if existing:
            if answers:
                save_answers(existing, answers)
            return existing
        taken = meeting.registrations.registered().count()
        full = meeting.capacity is not None and taken >= meeting.capacity
        registration = Registration.objects.create(
            meeting=meeting,
            user=user,
            village=r.official.village,
            position_name=r.official.position.name,
            status=Registration.Status.WAITLISTED if full else Registration.Status.REGISTERED,
        )
        if not full:
            create_reminders(registration)
        if answers:
            save_answers(registration, answers)
    return registration


# ---- Registration questions ----


def save_question(question):
    """Add or change a registration question; a text question keeps no options."""
    if question.kind == RegistrationQuestion.Kind.TEXT:
        question.options = ""
    question.full_clean(exclude=["meeting"])
    question.save()
    return question


def delete_question(question):
    """Remove a question with the answers given to it."""
    question.delete()


@transaction.atomic
def save_answers(registration, answers):
    """Store a registrant's answers ({question: text or option or [options]}); an empty answer
    removes the stored one."""
    for question, value in answers.items():
        if question.meeting_id != registration.meeting_id:
            continue
        if question.kind == RegistrationQuestion.Kind.MULTIPLE:
            fields = {"text": "", "selected": list(value or [])}
        elif question.kind == RegistrationQuestion.Kind.CHOICE:
            fields = {"text": "", "selected": [value] if value else []}
        else:
            fields = {"text": (value or "").strip(), "selected": []}
        if not fields["text"] and not fields["selected"]:
            RegistrationAnswer.objects.filter(registration=registration, question=question).delete()
            continue
        RegistrationAnswer.objects.update_or_create(registration=registration, question=question, defaults=fields)


# ---- Evaluation of trainings and workshops ----


@transaction.atomic
def submit_evaluation(registration, *, usefulness, will_apply, practice=None):
    """The attendee's one evaluation, created or corrected."""
    evaluation, _created = Evaluation.objects.update_or_create(
        registration=registration,
        defaults={
            "meeting_id": registration.meeting_id,
            "usefulness": usefulness,
            "will_apply": will_apply.strip(),
            "practice": practice,
        },
    )
    return evaluation


def evaluation_summary(meeting):
    """Count, mean and the distribution of "Apakah bermanfaat?" (1–5), in two queries' worth."""
    from django.db.models import Count

    rows = dict(
        meeting.evaluations.order_by().values_list("usefulness").annotate(n=Count("pk")).values_list("usefulness", "n")
    )
    count = sum(rows.values())
    mean = sum(score * n for score, n in rows.items()) / count if count else None
    distribution = [
        {"score": score, "count": n, "percent": round(100 * n / count) if count else 0}
        for score, n in ((score, rows.get(score, 0)) for score in range(5, 0, -1))
    ]
    invited = meeting.evaluators().count()
    return {"count": count, "mean": mean, "distribution": distribution, "asked": invited}


def cancel_registration(meeting, user):
    """Cancel the user's registration; a freed seat goes to the first on the waitlist, who is told."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        registration = meeting.registrations.active().filter(user=user).first()
        if registration is None:
            return None
        freed = registration.status == Registration.Status.REGISTERED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        registration.reminders.close(Reminder.CANCELLED)
        promoted = None
        if freed and meeting.is_scheduled and not meeting.has_started():
            promoted = _promote_from_waitlist(meeting)
    return promoted


def _promote_from_waitlist(meeting):
    if meeting.capacity is not None and meeting.registrations.registered().count() >= meeting.capacity:
        return None
    promoted = meeting.registrations.waitlisted().select_related("user").first()
    if promoted is None:
        return None
    promoted.status = Registration.Status.REGISTERED
    promoted.save(update_fields=["status"])
    create_reminders(promoted)
    notify(
        [promoted.user],
        kind=NotificationKind.MEETINGS,
        key=f"meeting-promoted:{promoted.pk}",
        template="meetings/emails/promoted",
        context={"meeting": meeting, "when": meeting_when(meeting)},
        url=meeting.get_absolute_url(),
        transactional=True,
    )
    return promoted


def reset_reminders_for(user, now=None):
    """After a change of lead times: the unsent reminders of upcoming meetings follow the new ones."""
    now = now or timezone.now()
    registrations = Registration.objects.filter(
        user=user,
        status=Registration.Status.REGISTERED,
        meeting__starts_at__gt=now,
        meeting__status=Meeting.Status.SCHEDULED,
    ).select_related("meeting", "user")
    Reminder.objects.filter(registration__in=registrations).pending().delete()
    for registration in registrations:
        create_reminders(registration, now)


# ---- Attendance ----


def checkin_token(meeting):
    return signing.TimestampSigner(salt=CHECKIN_SALT).sign(str(meeting.pk))


def checkin_url(meeting, request=None):
    return absolute_url(reverse("meetings:checkin", args=[meeting.pk, checkin_token(meeting)]), request)


def checkin_token_valid(meeting, token):
    try:
        value = signing.TimestampSigner(salt=CHECKIN_SALT).unsign(token, max_age=CHECKIN_MAX_AGE)
    except signing.BadSignature:
        return False
    return value == str(meeting.pk)


class CheckinRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def checkin_window(meeting):
    return meeting.starts_at - CHECKIN_OPENS_BEFORE, meeting.ends_at + CHECKIN_CLOSES_AFTER


def checkin_refusal(meeting, user, now=None):
    """Why this user cannot check in now (a sentence for them), or None when they can.

    Who may: an official holding a seat (a registration, not a place on the waitlist), or an
    invited official without one while the meeting still has a free seat. When: from an hour
    before the start to an hour after the end, in the meeting's own time.
    """
    now = now or timezone.now()
    if meeting.status == Meeting.Status.CANCELLED:
        return _("Rapat ini dibatalkan; kehadiran tidak dicatat.")
    opens, closes = checkin_window(meeting)
    if now < opens:
        local = timezone.localtime(opens, meeting.zoneinfo)
        return _("Presensi belum dibuka. Presensi dibuka %(day)s pukul %(time)s %(zone)s, satu jam sebelum rapat.") % {
            "day": f"{local:%d.%m.%Y}",
            "time": f"{local:%H.%M}",
            "zone": meeting.timezone_abbr,
        }
    if now > closes:
        return _("Presensi sudah ditutup (satu jam setelah rapat selesai). Minta panitia mencatat kehadiran Anda.")
    registration = meeting.registrations.active().filter(user=user).first()
    if registration is not None:
        if registration.status == Registration.Status.WAITLISTED:
            return _("Anda masih di daftar tunggu rapat ini. Minta panitia mencatat kehadiran Anda.")
        return None
    r = roles(user)
    if not (r.is_official and meeting.invites(r.official.village)):
        return _("Anda tidak terdaftar dan tidak diundang ke rapat ini, jadi kehadiran Anda tidak dapat dicatat.")
    if meeting.capacity is not None and meeting.registrations.registered().count() >= meeting.capacity:
        return _("Anda belum terdaftar dan kursi rapat ini sudah penuh. Minta panitia mencatat kehadiran Anda.")
    return None


def check_in(meeting, user, now=None):
    """Record the user as present: their registration, or a walk-in one for an invited official
    while a seat is free. CheckinRefused (with the reason) for anyone else or outside the window."""
    r = roles(user)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        refusal = checkin_refusal(meeting, user, now)
        if refusal:
            raise CheckinRefused(refusal)
        registration = meeting.registrations.registered().filter(user=user).first()
        if registration is None:
            registration = Registration.objects.create(
                meeting=meeting,
                user=user,
                village=r.official.village,
                position_name=r.official.position.name,
                status=Registration.Status.REGISTERED,
            )
        registration.attended = True
        registration.checked_in_at = registration.checked_in_at or timezone.now()
        registration.save(update_fields=["attended", "checked_in_at"])
    return registration


def mark_attendance(meeting, present_ids):
    """Organisers' list: exactly the given registrations attended."""
    now = timezone.now()
    active = meeting.registrations.active()
    active.filter(pk__in=present_ids, checked_in_at__isnull=True).update(attended=True, checked_in_at=now)
    active.filter(pk__in=present_ids).update(attended=True)
    active.exclude(pk__in=present_ids).update(attended=False, checked_in_at=None)
    meeting_figures_changed.send(sender=Meeting, meeting=meeting)


# ---- Minutes and action items ----


def add_action_item(meeting, *, what, due_date, assignee_user=None, assignee_village=None, actor=None):
    """Add an item (its reminder comes with it, see ActionItem.save) and tell its assignees."""
    item = ActionItem.objects.create(
        meeting=meeting, what=what, due_date=due_date, assignee_user=assignee_user, assignee_village=assignee_village
    )
    notify(
        item.assignees(),
        kind=NotificationKind.MEETINGS,
        key=f"action-assigned:{item.pk}",
        template="meetings/emails/action_assigned",
        context={"item": item, "meeting": meeting},
        url=meeting.get_absolute_url() + "#tindak-lanjut",
        exclude=actor,
    )
    return item


@transaction.atomic
def close_minutes(minutes):
    """Closing the minutes completes the meeting, with its attendance count."""
    meeting = Meeting.objects.select_for_update().get(pk=minutes.meeting_id)
    minutes.closed_at = timezone.now()
    minutes.save(update_fields=["closed_at"])
    meeting.status = Meeting.Status.COMPLETED
    meeting.attended_count = meeting.registrations.filter(attended=True).count()
    meeting.save(update_fields=["status", "attended_count", "updated_at"])
    meeting.reminders.close(Reminder.COMPLETED)
    return meeting


def minutes_for(meeting):
    return Minutes.objects.filter(meeting=meeting).first()


# ---- Calendar ----


def calendar_for(meetings, name="ForumDesa", request=None):
    cal = Calendar()
    cal.add("prodid", "-//ForumDesa//Rapat//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@forumdesa")
        event.add("summary", meeting.title)
        event.add("dtstart", meeting.local_start)
        event.add("dtend", meeting.local_end)
        event.add("dtstamp", meeting.updated_at or timezone.now())
        location = ", ".join(x for x in (meeting.place, meeting.online_url) if x)
        if location:
            event.add("location", location)
        event.add("description", meeting.agenda)
        event.add("url", absolute_url(meeting.get_absolute_url(), request))
        event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        cal.add_component(event)
    # Calendar apps that know no zone names still place the event right with the VTIMEZONE blocks.
    for tzid in cal.get_missing_tzids():
        if block := _vtimezone(tzid):
            cal.add_component(block)
    return cal.to_ical()


@functools.cache
def _vtimezone(tzid):
    # Building one takes tens of milliseconds, and a reminder run attaches one to every mail;
    # the country has three zones.
    try:
        return Timezone.from_tzid(tzid)
    except ValueError:
        return None


def feed_meetings(user):
    return (
        Meeting.objects.filter(
            registrations__user=user,
            registrations__status=Registration.Status.REGISTERED,
            starts_at__gte=timezone.now() - timedelta(days=90),
        )
        .select_related("host_village__region", "host_region")
        .distinct()
        .order_by("starts_at")
    )


def whatsapp_text(meeting, request=None):
    lines = [meeting.title, meeting_when(meeting)]
    if meeting.place:
        lines.append(meeting.place)
    if meeting.online_url:
        lines.append(meeting.online_url)
    lines.append(absolute_url(meeting.get_absolute_url(), request))
    return "\n".join(lines)


# ---- Reminders (core's scheduler calls these from Reminder.deliver and ActionItemReminder.deliver) ----


class _ReminderBatch:
    """What the reminders of one scheduler batch share: the supersede check done in one query, one
    .ics file and link per meeting, the meeting's time per language, one mail connection."""

    def __init__(self, connection=None):
        self.connection = connection
        self.opened = False
        self.calendars = {}
        self.whens = {}

    def send(self, message):
        if self.connection is None:
            message.send()
            return
        if not self.opened:
            # Opened here, the backend leaves the connection open between mails until close().
            self.connection.open()
            self.opened = True
        message.connection = self.connection
        try:
            message.send()
        except Exception:
            # A broken connection is not reused: the next mail opens a new one.
            self.close()
            raise

    def close(self):
        if self.opened:
            self.opened = False
            with contextlib.suppress(Exception):
                self.connection.close()

    def calendar(self, meeting):
        if meeting.pk not in self.calendars:
            self.calendars[meeting.pk] = calendar_for([meeting])
        return self.calendars[meeting.pk]

    def when(self, meeting, language):
        key = (meeting.pk, language)
        if key not in self.whens:
            with translation.override(language):
                self.whens[key] = meeting_when(meeting)
        return self.whens[key]


@contextlib.contextmanager
def reminder_batch(jobs, now):
    superseded = Reminder.superseded(jobs, now)
    # One connection for the batch's mails instead of one per mail; opened on the first mail.
    batch = _ReminderBatch(get_connection())
    for job in jobs:
        job._superseded = job.pk in superseded
        job._batch = batch
    try:
        yield batch
    finally:
        batch.close()


def deliver_reminder(reminder, user):
    """Email with the .ics attached, and the in-app notice (its own email switched off)."""
    meeting = reminder.meeting
    batch = getattr(reminder, "_batch", None) or _ReminderBatch()
    language = user.language or settings.LANGUAGE_CODE
    when = batch.when(meeting, language)
    context = {
        "meeting": meeting,
        "recipient": user,
        "when": when,
        "lead": reminder.lead,
        "url": absolute_url(meeting.get_absolute_url()),
        "site_name": settings.SITE_NAME,
    }
    with translation.override(language):
        subject = " ".join(render_to_string("meetings/emails/reminder_subject.txt", context).split())
        body = render_to_string("meetings/emails/reminder_body.txt", context)
    message = EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])
    message.attach(f"rapat-{meeting.pk}.ics", batch.calendar(meeting), "text/calendar")
    # The mail above carries the .ics; the notice must not send a second, plain one.
    notify(
        [user],
        kind=NotificationKind.MEETINGS,
        key=f"meeting-reminder:{reminder.pk}",
        template="meetings/emails/reminder",
        context={"meeting": meeting, "when": when, "lead": reminder.lead},
        url=meeting.get_absolute_url(),
        transactional=True,
        email=False,
        savepoint=False,  # the scheduler's row transaction: a conflict fails the row, retried later
    )
    # Last, so that an error above leaves nothing sent; the scheduler commits right after it.
    batch.send(message)


def deliver_action_reminder(job, user):
    item = job.item
    notify(
        [user],
        kind=NotificationKind.MEETINGS,
        key=f"action-due:{item.pk}",
        template="meetings/emails/action_due",
        context={"item": item, "meeting": item.meeting},
        url=item.meeting.get_absolute_url() + "#tindak-lanjut",
        transactional=True,
    )


def deliver_evaluation_request(job, user):
    """The request to evaluate a training or workshop that has ended: the notice and its email."""
    meeting = job.meeting
    notify(
        [user],
        kind=NotificationKind.MEETINGS,
        key=f"evaluation-request:{meeting.pk}",
        template="meetings/emails/evaluation_request",
        context={"meeting": meeting, "when": meeting_when(meeting)},
        url=reverse("meetings:evaluate", args=[meeting.pk]),
        transactional=True,
    )


def dispatch_due_reminders(now=None):
    """Run core's scheduler for the meetings' jobs alone; returns how many were sent."""
    return scheduler.sent(scheduler.run_due(now, labels=REMINDER_JOBS))


def erase_person(user, former_name):
    """For an account deleted by its owner: registrations for meetings still to come are cancelled
    (their seats go to the waitlist); past attendance stays in the meetings' records."""
    upcoming = Meeting.objects.filter(
        registrations__in=user.meeting_registrations.active(), starts_at__gt=timezone.now()
    ).distinct()
    cancelled = 0
    for meeting in upcoming:
        cancel_registration(meeting, user)
        cancelled += 1
    return {"pendaftaran_dibatalkan": cancelled}
