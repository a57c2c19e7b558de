"""Keep the monthly activity rows (reports.activity) true: every save or delete of a meeting, a
registration or a report marks the village months it touches stale, in the same transaction."""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from meetings.models import Meeting, Registration
from meetings.signals import meeting_figures_changed

from . import activity
from .models import ActivityReport

MEETING_FIELDS = ("host_village_id", "starts_at", "status")
REGISTRATION_FIELDS = ("meeting_id", "village_id", "status", "attended")


def _snapshot(instance, fields):
    # __dict__, not getattr: a deferred field must not cost a query on every load.
    return tuple(instance.__dict__.get(name) for name in fields)


@receiver(post_init, sender=Meeting)
def _remember_meeting(sender, instance, **kwargs):
    instance._activity_was = _snapshot(instance, MEETING_FIELDS)


@receiver(post_save, sender=Meeting)
def _meeting_saved(sender, instance, created, **kwargs):
    was = getattr(instance, "_activity_was", (None, None, None))
    now = _snapshot(instance, MEETING_FIELDS)
    if created:
        activity.mark_stale([(instance.host_village_id, activity.month_of(instance.starts_at))])
    elif now != was:
        old_host, old_start, _status = was
        extra = {activity.month_of(old_start)} if old_start else set()
        activity.mark_meeting_stale(instance, extra_months=extra)
        if old_host and old_host != instance.host_village_id:
            activity.mark_stale([(old_host, m) for m in extra | {activity.month_of(instance.starts_at)}])
    instance._activity_was = now


@receiver(post_delete, sender=Meeting)
def _meeting_deleted(sender, instance, **kwargs):
    # Its registrations were deleted just before, each marking its own village.
    activity.mark_stale([(instance.host_village_id, activity.month_of(instance.starts_at))])


@receiver(meeting_figures_changed)
def _meeting_figures_changed(sender, meeting, **kwargs):
    activity.mark_meeting_stale(meeting)


@receiver(post_init, sender=Registration)
def _remember_registration(sender, instance, **kwargs):
    instance._activity_was = _snapshot(instance, REGISTRATION_FIELDS)


def _registration_pairs(registration, was=None):
    meeting = registration.meeting  # usually already loaded by the service that saves it
    month = activity.month_of(meeting.starts_at)
    pairs = {(registration.village_id, month)}
    if was and was[1] and was[1] != registration.village_id:
        pairs.add((was[1], month))
    return pairs


@receiver(post_save, sender=Registration)
def _registration_saved(sender, instance, created, **kwargs):
    was = getattr(instance, "_activity_was", None)
    now = _snapshot(instance, REGISTRATION_FIELDS)
    if created or now != was:
        activity.mark_stale(_registration_pairs(instance, was))
    instance._activity_was = now


@receiver(post_delete, sender=Registration)
def _registration_deleted(sender, instance, **kwargs):
    meeting = Meeting.objects.filter(pk=instance.meeting_id).values_list("starts_at", flat=True).first()
    if meeting is not None:
        activity.mark_stale([(instance.village_id, activity.month_of(meeting))])


@receiver(post_save, sender=ActivityReport)
@receiver(post_delete, sender=ActivityReport)
def _report_changed(sender, instance, **kwargs):
    activity.mark_stale([(instance.village_id, activity.month_of(instance.period_start))])
