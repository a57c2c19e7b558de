"""Work on activity reports that spans models: what ForumDesa knows about a village's period, the
review workflow with its history and notifications, and the due/overdue reminders.
"""

import hashlib
from datetime import datetime, time, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from accounts.models import StaffRole, User
from cooperation import stats as cooperation_stats
from core import scheduler
from core.audit import Action, record
from enterprises import stats as enterprise_stats
from knowledge.practices import practice_activity as library_activity
from meetings import stats as meeting_stats
from notifications.models import NotificationKind
from notifications.services import notify
from regions.models import enclosing_codes
from villages.models import Village
from villages.roles import staff_covering, village_managers

from . import activity, participation
from .models import (
    ActivityReport,
    FrozenReport,
    ReportAttachment,
    ReportingSchedule,
    ReportReminder,
    ReportTransition,
    ReviewReminder,
)

REMINDER_JOBS = ["reports.reportreminder"]
REVIEW_REMINDER_JOBS = ["reports.reviewreminder"]
REMIND_DAYS_BEFORE = 3
Status = ActivityReport.Status


# ---- Practices ----


def practice_activity(village_ids, start, end):
    """{village id: {"shared": n, "adopted": n}} for the days start..end (inclusive dates) from the
    practice library."""
    village_ids = list(village_ids)
    found = {}
    if village_ids:
        # Reports speak of inclusive days; the library counts over an aware, half-open [start, end).
        zone = timezone.get_default_timezone()
        since = datetime.combine(start, time.min, tzinfo=zone)
        until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
        found = library_activity(village_ids, since, until)
    zero = {"shared": 0, "adopted": 0}
    return {pk: {**zero, **(found.get(pk) or {})} for pk in village_ids}


# ---- What ForumDesa knows about a period ----


def gather_figures(village, start, end):
    """The pre-filled part of a report: a plain dict (stored as JSON, so it survives later edits)."""
    meetings = meeting_stats.village_figures(village, start, end)
    practices = practice_activity([village.pk], start, end)[village.pk]
    return {
        "meetings_hosted": meetings["hosted"],
        "meetings_attended": meetings["attended"],
        "trainings": meetings["trainings"],
        "practices_shared": practices["shared"],
        "practices_adopted": practices["adopted"],
        "actions_open": meetings["actions_open"],
        "actions_done": meetings["actions_done"],
        **cooperation_stats.village_figures(village, start, end),
        **enterprise_stats.village_figures(village, start, end),
    }


# ---- Reports and their periods ----


def open_periods(village, today=None):
    """The periods a village may report on now: the last ended one and the current one."""
    today = today or timezone.localdate()
    schedule = ReportingSchedule.for_code(village.region.code)
    return [schedule.previous_period(today), schedule.period(today)], schedule


def get_or_start_report(village, period_start, *, user=None, today=None):
    periods, schedule = open_periods(village, today)
    match = next((p for p in periods if p[0] == period_start), None)
    existing = ActivityReport.objects.filter(village=village, period_start=period_start).first()
    if existing or match is None:
        return existing
    start, end = match
    with transaction.atomic():
        report, created = ActivityReport.objects.get_or_create(
            village=village,
            period_start=start,
            defaults={
                "period_end": end,
                "frequency": schedule.frequency,
                "due_on": schedule.due_date(end),
                "created_by": user,
                "figures": gather_figures(village, start, end),
            },
        )
        if created:
            create_reminders(report)
    return report


def refresh_figures(report):
    if not report.is_editable:
        raise FrozenReport("frozen")
    report.figures = gather_figures(report.village, report.period_start, report.period_end)
    report.save(update_fields=["figures", "updated_at"])


def save_report(report, data, *, user, uploads=()):
    """Edit the narrative while the report is a draft or was returned; attach checked uploads."""
    if not report.is_editable:
        raise FrozenReport("frozen")
    for name, value in data.items():
        setattr(report, name, value)
    if report.created_by_id is None:
        report.created_by = user
    with transaction.atomic():
        report.save()
        for upload in uploads:
            ReportAttachment.from_upload(upload, report=report, uploaded_by=user).save()


def village_recipients(report):
    return village_managers([report.village_id])


def _staff_bound_to(codes):
    roles_there = StaffRole.objects.filter(is_active=True, region__code__in=codes).values("user_id")
    return User.objects.filter(is_active=True, pk__in=roles_there)


def stage_reviewers(report):
    """The staff whose turn it is: for a two-step chain, those bound to the village's kecamatan (a
    submitted report) or to its kabupaten or province (a verified one); for one step, all staff
    covering the village. Nobody once the report is no longer waiting."""
    codes = enclosing_codes(report.village.region.code)
    if report.status == Status.VERIFIED:
        return _staff_bound_to(codes[:2])
    if report.status == Status.SUBMITTED:
        return _staff_bound_to(codes[2:]) if report.is_two_step else staff_covering([report.village.region.code])
    return User.objects.none()


def reviewer_recipients(report):
    return stage_reviewers(report)


def save_schedule(schedule, *, user):
    """Save a kabupaten's schedule; a changed waiting limit moves the unsent review reminders of its
    reports (each stays due that many days after its wait began)."""
    with transaction.atomic():
        schedule.updated_by = user
        schedule.save()
        pending = ReviewReminder.objects.pending().filter(
            report__village__region__code__startswith=schedule.kabupaten.code + "."
        )
        pending.update(due_at=F("waiting_since") + timedelta(days=schedule.review_wait_days))
    return schedule


def _schedule_review_reminder(report, now):
    """The reminder for the wait that starts now; the earlier step's reminder closes unsent."""
    ReviewReminder.objects.filter(report=report).close(ReviewReminder.MOVED, now)
    if report.status in ActivityReport.WAITING_STATUSES:
        ReviewReminder.objects.get_or_create(
            report=report,
            stage=report.status,
            waiting_since=report.waiting_since,
            defaults={"due_at": report.waiting_since + timedelta(days=report.schedule.review_wait_days)},
        )


# The reviewers' decisions go into the audit trail; a village submitting its own report does not.
REVIEW_ACTIONS = {Status.APPROVED: Action.REPORT_APPROVED, Status.RETURNED: Action.REPORT_RETURNED}


def _transition(report, to_status, *, actor, comment="", allowed_from, stamp=None):
    """Compare-and-set on the status, so two reviewers clicking at once make one transition."""
    now = timezone.now()
    fields = {"status": to_status, "updated_at": now}
    if stamp:
        fields[stamp] = now
    with transaction.atomic():
        changed = ActivityReport.objects.filter(pk=report.pk, status__in=allowed_from).update(**fields)
        if not changed:
            raise FrozenReport("stale")
        activity.mark_stale([(report.village_id, activity.month_of(report.period_start))])
        participation.refresh({report.created_by_id})
        step = ReportTransition.objects.create(
            report=report, actor=actor, at=now, from_status=report.status, to_status=to_status, comment=comment
        )
        report.refresh_from_db()
        _schedule_review_reminder(report, now)
        if to_status in ActivityReport.WAITING_STATUSES:
            recipients = stage_reviewers(report)
        else:
            recipients = list(village_recipients(report))
            if report.created_by_id:
                recipients.append(report.created_by)
        notify(
            recipients,
            kind=NotificationKind.REPORTS,
            key=f"report-transition:{step.pk}",
            template=f"reports/emails/{to_status}",
            context={"report": report, "comment": comment, "actor": actor},
            url=report.get_absolute_url(),
            transactional=to_status not in ActivityReport.WAITING_STATUSES,
            exclude=actor,
        )
        review = REVIEW_ACTIONS.get(to_status)
        if review:
            record(actor, review, report, report.village.region.code, catatan=comment)
    return step


def _has_activity(value):
    if isinstance(value, dict):
        return any(_has_activity(v) for v in value.values())
    if isinstance(value, list | tuple):
        return bool(value)
    return isinstance(value, int | float) and value != 0


def is_empty_report(report):
    """Nothing written, nothing attached and nothing happened in the period: every figure is zero."""
    if any((getattr(report, name) or "").strip() for name in ("narrative", "achievements", "obstacles", "next_steps")):
        return False
    if report.attachments.exists():
        return False
    return not _has_activity(gather_figures(report.village, report.period_start, report.period_end))


def submit_report(report, *, actor):
    if report.status == Status.DRAFT or report.status == Status.RETURNED:
        # The figures a reviewer reads are the ones at submission.
        report.figures = gather_figures(report.village, report.period_start, report.period_end)
        report.save(update_fields=["figures", "updated_at"])
    return _transition(
        report, Status.SUBMITTED, actor=actor, allowed_from=ActivityReport.OPEN_STATUSES, stamp="submitted_at"
    )


def verify_report(report, *, actor, comment=""):
    """Two-step chain: the kecamatan verified the report; it now waits for the kabupaten."""
    if not report.is_two_step:
        raise FrozenReport("one step")
    return _transition(
        report, Status.VERIFIED, actor=actor, comment=comment, allowed_from=[Status.SUBMITTED], stamp="verified_at"
    )


def approve_report(report, *, actor, comment=""):
    """The last step: a verified report in a two-step chain, a submitted one in a single step."""
    allowed = [Status.VERIFIED] if report.is_two_step else ActivityReport.WAITING_STATUSES
    return _transition(report, Status.APPROVED, actor=actor, comment=comment, allowed_from=allowed, stamp="approved_at")


def return_report(report, *, actor, comment):
    """Back to the village with the comment, from whichever step the report waits at."""
    return _transition(
        report, Status.RETURNED, actor=actor, comment=comment, allowed_from=ActivityReport.WAITING_STATUSES
    )


# ---- Due and overdue ----


def create_reminders(report):
    rows = [
        ReportReminder(
            report=report,
            kind=ReportReminder.Kind.BEFORE_DUE,
            due_at=report.local_morning(report.due_on - timedelta(days=REMIND_DAYS_BEFORE)),
        ),
        ReportReminder(
            report=report,
            kind=ReportReminder.Kind.OVERDUE,
            due_at=report.local_morning(report.due_on + timedelta(days=1)),
        ),
    ]
    ReportReminder.objects.bulk_create(rows, ignore_conflicts=True)


# How long a finished check of the open reports is trusted for the same day, villages and schedules.
OPENED_CHECK_SECONDS = 6 * 3600


def open_reports_for_ended_periods(today=None):
    """Every member village gets a draft row for its last ended period, so being late is visible
    (and reminded) even for a village that never opened the form. Idempotent; returns rows made."""
    today = today or timezone.localdate()
    schedules = {s.kabupaten.code: s for s in ReportingSchedule.objects.select_related("kabupaten")}
    # Every scan asks, but the answer changes only with the day, the villages, the schedules or the
    # reports of those periods: without this check each scan would build a row for every village
    # of the country (seconds at national size).
    key = _opened_key(today, schedules)
    if cache.get(key):
        return 0
    made = _open_reports(today, schedules)
    cache.set(_opened_key(today, schedules) if made else key, True, OPENED_CHECK_SECONDS)
    return made


def _default_schedule():
    """The schedule of a kabupaten that set none."""
    return ReportingSchedule(due_days_after_period=10)


def _opened_key(today, schedules):
    starts = {s.previous_period(today)[0] for s in [*schedules.values(), _default_schedule()]}
    state = (
        today,
        Village.objects.aggregate(n=Count("pk"), last=Max("pk")),
        ActivityReport.objects.filter(period_start__in=starts).count(),
        sorted((code, s.frequency, s.due_days_after_period) for code, s in schedules.items()),
    )
    return "reports:opened:" + hashlib.sha256(repr(state).encode()).hexdigest()


def _open_reports(today, schedules):
    default = _default_schedule()
    wanted = {}
    for pk, code in Village.objects.values_list("pk", "region__code"):
        schedule = schedules.get(".".join(code.split(".")[:2]), default)
        start, end = schedule.previous_period(today)
        wanted[(pk, start)] = ActivityReport(
            village_id=pk,
            period_start=start,
            period_end=end,
            frequency=schedule.frequency,
            due_on=schedule.due_date(end),
        )
    starts = {start for _pk, start in wanted}
    have = set(ActivityReport.objects.filter(period_start__in=starts).values_list("village_id", "period_start"))
    missing = [row for key, row in wanted.items() if key not in have]
    if not missing:
        return 0
    ActivityReport.objects.bulk_create(missing, ignore_conflicts=True)
    activity.mark_stale((row.village_id, activity.month_of(row.period_start)) for row in missing)
    made = ActivityReport.objects.filter(
        period_start__in=starts, reminders__isnull=True, status=Status.DRAFT
    ).select_related("village__region")
    for report in made:
        create_reminders(report)
    return len(missing)


def deliver_reminder(reminder, user):
    """One reminder to one manager of the village: the in-app notice and its mail."""
    report = reminder.report
    notify(
        [user],
        kind=NotificationKind.REPORTS,
        key=f"report-reminder:{reminder.pk}",
        template=f"reports/emails/reminder_{reminder.kind}",
        context={"report": report},
        url=report.get_absolute_url(),
        transactional=True,
    )


def deliver_review_reminder(reminder, user, now):
    """One reminder to one reviewer: the report has waited at their step longer than the limit."""
    report = reminder.report
    notify(
        [user],
        kind=NotificationKind.REPORTS,
        key=f"review-reminder:{reminder.pk}",
        template="reports/emails/review_reminder",
        context={"report": report, "days": report.days_waiting(now)},
        url=report.get_absolute_url(),
        transactional=True,
    )


def dispatch_review_reminders(now=None):
    """Run core's scheduler for the review reminders alone; returns how many were sent."""
    return scheduler.sent(scheduler.run_due(now, labels=REVIEW_REMINDER_JOBS))


def dispatch_due_reminders(now=None):
    """Run core's scheduler for the report reminders alone; returns how many were sent."""
    return scheduler.sent(scheduler.run_due(now, labels=REMINDER_JOBS))
