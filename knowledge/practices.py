"""Best-practice services: reference data, the draft → submitted → published workflow, revisions,
adoptions, comments and useful marks, the village page block, and activity counts for reports.

Who may do what is decided in knowledge.rules; these functions assume the caller asked.
"""

import csv
import time
import zoneinfo
from pathlib import Path

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.models import NotificationKind
from notifications.services import absolute_url, notify
from villages.roles import roles, staff_covering

DATA = Path(__file__).resolve().parent / "data"


# ---- Reference data ----


def ensure_topics_and_goals(Topic, SdgGoal):  # noqa: N803 - model classes, real or historical
    """Create missing topics and SDGs Desa goals; admins' renames and additions stay."""
    with (DATA / "topics.csv").open(newline="") as fh:
        for order, row in enumerate(csv.DictReader(fh), start=1):
            Topic.objects.get_or_create(slug=row["slug"], defaults={"name": row["name"], "order": order * 10})
    with (DATA / "sdgs_desa.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            SdgGoal.objects.get_or_create(number=int(row["number"]), defaults={"name": row["name"]})


def ensure_library_reference_data(sender, app_config=None, **kwargs):
    if app_config is not None and app_config.label == "knowledge":
        from .models import SdgGoal, Topic

        ensure_topics_and_goals(Topic, SdgGoal)


# ---- Writing and the workflow ----


def _author_village(user):
    official = roles(user).official
    return official.village if official is not None else None


def _attach(practice, uploads, user):
    from .models import PracticeAttachment

    for upload in uploads or []:
        PracticeAttachment.from_upload(upload, practice=practice, uploaded_by=user).save()


def curators_of(practice):
    """Who publishes: district staff whose region covers the village; the admins when nobody does."""
    staff = staff_covering([practice.village.region.code])
    return staff if staff.exists() else User.objects.filter(is_active=True, is_superuser=True)


def author_recipients(practice):
    """The practice's authors who are still active, for notices about it."""
    return list(practice.authors.filter(is_active=True))


@transaction.atomic
def create_practice(user, village, data, uploads=()):
    from .models import Practice

    m2m = {name: data.pop(name) for name in ("topics", "sdgs", "meetings") if name in data}
    practice = Practice.objects.create(village=village, created_by=user, **data)
    for name, values in m2m.items():
        getattr(practice, name).set(values)
    practice.authors.add(user)
    _attach(practice, uploads, user)
    return practice


@transaction.atomic
def update_practice(practice, user, data, uploads=()):
    """Save an edit; a published practice first keeps its old text as a PracticeRevision."""
    from .models import Practice, PracticeRevision

    locked = Practice.objects.select_for_update().get(pk=practice.pk)
    if locked.status == Practice.Status.PUBLISHED:
        number = (locked.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        PracticeRevision.objects.create(practice=locked, number=number, content=locked.snapshot(), edited_by=user)
    m2m = {name: data.pop(name) for name in ("topics", "sdgs", "meetings") if name in data}
    for field, value in data.items():
        setattr(practice, field, value)
    practice.save()
    for name, values in m2m.items():
        getattr(practice, name).set(values)
    practice.authors.add(user)
    _attach(practice, uploads, user)
    return practice


def _move(practice, from_states, **fields):
    """Compare-and-set on status, so a double click or two curators at once change it once."""
    from .models import Practice

    changed = Practice.objects.filter(pk=practice.pk, status__in=from_states).update(**fields)
    if changed:
        library_changed()
        for name, value in fields.items():
            setattr(practice, name, value)
    return bool(changed)


def submit_practice(practice, user):
    from .models import Practice

    S = Practice.Status
    if not _move(practice, [S.DRAFT, S.RETURNED], status=S.SUBMITTED, submitted_at=timezone.now()):
        return False
    notify(
        curators_of(practice),
        kind=NotificationKind.LIBRARY,
        key=f"practice-submitted:{practice.pk}:{practice.submitted_at.isoformat()}",
        template="notifications/emails/notice",
        context={
            # Lazy, so each recipient reads it in their own language.
            "title": format_lazy(_("Praktik baik menunggu kurasi: {title}"), title=practice.title),
            "message": format_lazy(
                _("{village} mengajukan praktik baik “{title}” untuk diterbitkan."),
                village=practice.village,
                title=practice.title,
            ),
        },
        url=practice.get_absolute_url(),
        exclude=user,
    )
    return True


# What the library's list shares between its readers (the counts of published practices, the
# filter form) is cached under a version that any change to a practice, its topics or SDGs goals, a
# topic or a goal moves on.
LIBRARY_VERSION_KEY = "knowledge:library-version"


def library_version():
    return cache.get_or_set(LIBRARY_VERSION_KEY, time.time_ns, None)


def library_changed(**_kwargs):
    def bump():
        cache.set(LIBRARY_VERSION_KEY, time.time_ns(), None)

    # Now, for this transaction's own later reads, and again after the commit, for what others
    # cached in between from the state before it.
    bump()
    transaction.on_commit(bump)


# The kabupaten with published practices, offered by the library's region filter (see the views):
# cached, since finding them reads every published practice; dropped when a practice is published.
REGION_CHOICES_KEY = "knowledge:practice-region-tree"
REGION_CHOICES_SECONDS = 600


def publish_practice(practice, user):
    from .models import Practice

    S = Practice.Status
    now = timezone.now()
    if not _move(practice, [S.SUBMITTED], status=S.PUBLISHED, published_at=now, published_by=user, return_reason=""):
        return False
    transaction.on_commit(lambda: cache.delete(REGION_CHOICES_KEY))
    notify(
        author_recipients(practice),
        kind=NotificationKind.LIBRARY,
        key=f"practice-published:{practice.pk}",
        template="notifications/emails/notice",
        context={
            "title": format_lazy(_("Praktik baik terbit: {title}"), title=practice.title),
            "message": _("Praktik baik desa Anda sudah diterbitkan di pustaka dan bisa ditemukan desa lain."),
        },
        url=practice.get_absolute_url(),
        exclude=user,
    )
    return True


def return_practice(practice, user, reason):
    from .models import Practice

    S = Practice.Status
    if not _move(practice, [S.SUBMITTED], status=S.RETURNED, return_reason=reason):
        return False
    notify(
        author_recipients(practice),
        kind=NotificationKind.LIBRARY,
        key=f"practice-returned:{practice.pk}:{timezone.now().isoformat()}",
        template="notifications/emails/notice",
        context={
            "title": format_lazy(_("Praktik baik dikembalikan: {title}"), title=practice.title),
            "message": reason,
        },
        url=practice.get_absolute_url(),
        exclude=user,
    )
    return True


# ---- Adoption, comments, useful marks ----


def record_adoption(practice, village, user, adopted_on, changes):
    """Returns the new Adoption, or None when the village had already recorded one."""
    from .models import Adoption

    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                practice=practice, village=village, adopted_on=adopted_on, changes=changes, recorded_by=user
            )
    except IntegrityError:
        return None
    notify(
        author_recipients(practice),
        kind=NotificationKind.LIBRARY,
        key=f"practice-adopted:{adoption.pk}",
        template="knowledge/practices/emails/adopted",
        context={"practice": practice, "adoption": adoption, "village": village},
        url=f"{practice.get_absolute_url()}#penerapan",
        exclude=user,
    )
    return adoption


def adopt_from_evaluation(evaluation, user):
    """Record what an attendee of a training said they will apply as their village's adoption of the
    evaluation's practice, starting today; None when the village had already recorded it."""
    village = evaluation.registration.village
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(village.region.timezone))
    return record_adoption(evaluation.practice, village, user, today, evaluation.will_apply)


def practice_readers(practice):
    """Who may be @-mentioned in a practice's comments: everyone who can read a published practice
    (officials, district staff, admins) — limited to those named in the text by find_mentions."""
    return User.objects.filter(
        Q(positions__status="active") | Q(staff_roles__is_active=True) | Q(is_superuser=True), is_active=True
    ).distinct()


def add_comment(practice, user, body, is_question=False):
    from forums.discussions import find_mentions

    from .models import PracticeComment

    comment = PracticeComment.objects.create(
        practice=practice, author=user, author_village=_author_village(user), body=body, is_question=is_question
    )
    url = f"{practice.get_absolute_url()}#komentar-{comment.pk}"
    # Only names that appear in the text are candidates, so the mention lookup stays small.
    words = {w.lstrip("@").lower() for w in body.split() if w.startswith("@")}
    candidates = practice_readers(practice).filter(
        Q(pk__in=[]) if not words else Q(*[Q(full_name__istartswith=w) for w in words], _connector=Q.OR)
    )
    mentioned = find_mentions(body, list(candidates))
    notify(
        mentioned,
        kind=NotificationKind.LIBRARY,
        key=f"practice-mention:{comment.pk}",
        template="knowledge/practices/emails/comment",
        context={"practice": practice, "comment": comment, "mention": True},
        url=url,
        exclude=user,
    )
    skip = {u.pk for u in mentioned}
    notify(
        [u for u in author_recipients(practice) if u.pk not in skip],
        kind=NotificationKind.LIBRARY,
        key=f"practice-comment:{comment.pk}",
        template="knowledge/practices/emails/comment",
        context={"practice": practice, "comment": comment, "mention": False},
        url=url,
        exclude=user,
    )
    return comment


def toggle_useful(practice, user):
    """Mark or unmark; returns whether the practice is now marked useful by this user."""
    from .models import PracticeUseful

    deleted, _ = PracticeUseful.objects.filter(practice=practice, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            PracticeUseful.objects.create(practice=practice, user=user)
    except IntegrityError:
        pass
    return True


# ---- Reading ----


SIMILAR_SECONDS = 600


def similar_practices(practice, limit=5):
    """Published practices sharing the most topics and SDGs goals with this one.

    Ranking every practice that shares a topic reads a tenth of a national library, so the answer
    is kept for ten minutes per practice (it only lists published practices, open to every reader).
    """
    return cache.get_or_set(
        f"knowledge:similar:{practice.pk}:{limit}", lambda: _find_similar(practice, limit), SIMILAR_SECONDS
    )


def _find_similar(practice, limit):
    from .models import Practice

    topic_ids = list(practice.topics.values_list("pk", flat=True))
    goal_ids = list(practice.sdgs.values_list("pk", flat=True))
    if not topic_ids and not goal_ids:
        return []
    shared = Count("topics", filter=Q(topics__in=topic_ids), distinct=True) + Count(
        "sdgs", filter=Q(sdgs__in=goal_ids), distinct=True
    )
    return list(
        Practice.objects.published()
        .exclude(pk=practice.pk)
        .filter(Q(topics__in=topic_ids) | Q(sdgs__in=goal_ids))
        .annotate(shared=shared)
        .order_by("-shared", "-published_at")
        .select_related("village__region")
        .distinct()[:limit]
    )


def village_library(village, limit=10):
    """For the village page: the latest practices it shared and adopted, in one query (the page's
    query count is pinned). Returns {"shared": [...], "adopted": [...], "more": bool}."""
    from django.db.models import Case, Value, When

    from .models import Adoption, Practice

    # A UNION of the two small id sets: an OR would walk the whole library newest first until it
    # had found enough of this village's practices.
    own_ids = Practice.objects.filter(village=village).order_by().values("pk")
    adopted_ids = Adoption.objects.filter(village=village).order_by().values("practice_id")
    rows = list(
        Practice.objects.published()
        .filter(pk__in=own_ids.union(adopted_ids))
        .annotate(own=Case(When(village=village, then=Value(True)), default=Value(False)))
        .select_related("village__region")
        .order_by("-published_at", "-pk")[: limit + 1]
    )
    return {
        "shared": [p for p in rows[:limit] if p.own],
        "adopted": [p for p in rows[:limit] if not p.own],
        "more": len(rows) > limit,
    }


def practice_activity(village_ids, start, end):
    """For activity reports: per village id, practices it published and adoptions it recorded in
    [start, end). An adoption counts by its adopted_on day when inside the window, otherwise not at
    all, so a backdated record does not inflate a later period. Two queries, whatever the number of
    villages."""
    from villages.models import Village

    from .models import Practice

    village_ids = list(village_ids)
    result = {vid: {"shared": 0, "adopted": 0} for vid in village_ids}
    if not village_ids:
        return result
    shared = (
        Practice.objects.filter(
            village_id__in=village_ids,
            status=Practice.Status.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        )
        .values("village_id")
        .annotate(n=Count("pk"))
    )
    for row in shared:
        result[row["village_id"]]["shared"] = row["n"]
    start_day, end_day = timezone.localdate(start), timezone.localdate(end)
    adopted = Village.objects.filter(pk__in=village_ids).annotate(
        n=Count("adoptions", filter=Q(adoptions__adopted_on__gte=start_day, adoptions__adopted_on__lt=end_day))
    )
    for vid, n in adopted.values_list("pk", "n"):
        result[vid]["adopted"] = n
    return result


def whatsapp_text(practice, request=None):
    """The message a share to WhatsApp starts with: what the practice is, from which village, and its link."""
    headline = _("Praktik baik dari Desa %(village)s: %(title)s") % {
        "village": practice.village.name,
        "title": practice.title,
    }
    return "\n".join([str(headline), absolute_url(practice.get_absolute_url(), request)])
