"""Keep the monthly activity rows (reports.activity) true: every save or delete of a meeting, a
registration or a report marks the village months it touches stale, in the same transaction. And
keep each position's last_active_at (reports.participation) true: every save or delete of a
registration, a post, a report or a position recomputes the positions of the people it touches."""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from forums.models import Post
from meetings.models import Meeting, Registration
from meetings.signals import meeting_figures_changed
from villages.models import Official

from . import activity, participation
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
    # Attendance marked in bulk sets and clears check-ins.
    participation.refresh_meeting(meeting.pk)


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


# -- last_active_at (reports.participation) ---------------------------------------------------------
# What each row was loaded with: a change of person (or village) recomputes the old one too.
TOOK_PART_FIELDS = {
    Registration: ("user_id", "checked_in_at"),
    Post: ("author_id",),
    ActivityReport: ("created_by_id", "village_id"),
    Official: ("village_id",),
}


@receiver(post_init, sender=Registration)
@receiver(post_init, sender=Post)
@receiver(post_init, sender=ActivityReport)
@receiver(post_init, sender=Official)
def _remember_participant(sender, instance, **kwargs):
    instance._took_part_was = _snapshot(instance, TOOK_PART_FIELDS[sender])


def _person(sender, instance):
    return getattr(instance, TOOK_PART_FIELDS[sender][0])


@receiver(post_save, sender=Registration)
@receiver(post_save, sender=Post)
def _took_part_saved(sender, instance, created, raw=False, **kwargs):
    was = getattr(instance, "_took_part_was", None)
    now = _snapshot(instance, TOOK_PART_FIELDS[sender])
    if created or now != was:
        participation.refresh({_person(sender, instance), was[0] if was else None})
    instance._took_part_was = now


@receiver(post_save, sender=ActivityReport)
def _report_written(sender, instance, created, raw=False, **kwargs):
    # Every save moves updated_at.
    was = getattr(instance, "_took_part_was", None)
    participation.refresh({instance.created_by_id, was[0] if was else None})
    instance._took_part_was = _snapshot(instance, TOOK_PART_FIELDS[sender])


@receiver(post_delete, sender=Registration)
@receiver(post_delete, sender=Post)
@receiver(post_delete, sender=ActivityReport)
def _took_part_deleted(sender, instance, **kwargs):
    participation.refresh({_person(sender, instance)})


@receiver(post_save, sender=Official)
def _position_saved(sender, instance, created, raw=False, **kwargs):
    was = getattr(instance, "_took_part_was", None)
    now = _snapshot(instance, TOOK_PART_FIELDS[sender])
    if created or now != was:
        participation.refresh(official_ids=[instance.pk])
    instance._took_part_was = now
