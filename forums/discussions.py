"""Discussion services: starting threads, replying, editing, mentions, watching, reading and
moderation (each moderator's step goes into the audit trail).

Mentions are written "@Full Name" and matched against the full names of the people who may read
the thread, longest name first, so "@Siti Rahayu Putri" wins over "@Siti Rahayu". Only readers can
be mentioned: a mention never tells an outsider that a thread exists.
"""

import re

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.deletion import FORMER_USER_NAME
from accounts.models import User
from core.audit import Action, forget_name, record
from forums.models import Network, Post, PostAttachment, PostReport, Thread, ThreadReader
from notifications.models import NotificationKind
from notifications.services import notify
from villages.models import Official
from villages.roles import roles, staff_covering


def network_readers(network):
    """Users who may read the network's discussions (see forums.rules.can_read_network).

    One UNION of indexed lookups (the member villages' active officials, the staff covering them,
    the coordinators) that the users are then fetched by: an OR over joins would make PostgreSQL
    walk every account in the country for each reply."""
    member_codes = list(network.memberships.filter(state="active").values_list("village__region__code", flat=True))
    if network.kind == Network.Kind.KECAMATAN and network.cover_region_id:
        # Staff covering a kecamatan network coordinate it (forums.networks.network_coordinators).
        member_codes.append(network.cover_region.code)
    officials = (
        Official.objects.filter(
            status=Official.Status.ACTIVE,
            village__network_memberships__network=network,
            village__network_memberships__state="active",
        )
        .order_by()
        .values_list("user_id", flat=True)
    )
    staff = staff_covering(member_codes).order_by().values_list("pk", flat=True)
    coordinators = Network.coordinators.through.objects.filter(network=network).values_list("user_id", flat=True)
    ids = officials.union(staff, coordinators)
    return User.objects.filter(is_active=True, pk__in=ids)


def find_mentions(text, candidates):
    """The users among candidates whose "@Full Name" appears in text (case-insensitive)."""
    named = sorted((u for u in candidates if u.full_name.strip()), key=lambda u: len(u.full_name), reverse=True)
    found, taken = [], []
    lowered = text.lower()
    for user in named:
        pattern = re.compile(r"@" + re.escape(user.full_name.strip().lower()) + r"(?![\w])")
        for match in pattern.finditer(lowered):
            # A longer name already claimed this "@": "@Siti Rahayu Putri" is not also "@Siti Rahayu".
            if any(start == match.start() for start in taken):
                continue
            taken.append(match.start())
            if user not in found:
                found.append(user)
    return found


def _author_village(user):
    official = roles(user).official
    return official.village if official is not None else None


def _attach(post, uploads, user):
    for upload in uploads or []:
        PostAttachment.from_upload(upload, post=post, uploaded_by=user).save()


def watch_by_default(thread, user):
    """Authors and repliers watch, unless they muted the thread before."""
    reader, _created = ThreadReader.objects.get_or_create(thread=thread, user=user)
    if reader.watch == ThreadReader.Watch.NONE:
        reader.watch = ThreadReader.Watch.WATCHING
        reader.save(update_fields=["watch"])
    return reader


def set_watch(thread, user, watch):
    ThreadReader.objects.update_or_create(thread=thread, user=user, defaults={"watch": watch})


def mark_read(thread, user):
    """Record that the user has seen everything up to now (only ever moves forward)."""
    now = timezone.now()
    updated = (
        ThreadReader.objects.filter(thread=thread, user=user)
        .filter(Q(last_read_at__isnull=True) | Q(last_read_at__lt=now))
        .update(last_read_at=now)
    )
    if not updated and not ThreadReader.objects.filter(thread=thread, user=user).exists():
        try:
            with transaction.atomic():
                ThreadReader.objects.create(thread=thread, user=user, last_read_at=now)
        except IntegrityError:
            pass


def _notify_mentions(post, already=()):
    if "@" not in post.body:
        return set()
    readers = list(network_readers(post.thread.network))
    mentioned = [u for u in find_mentions(post.body, readers) if u.pk not in already]
    notify(
        mentioned,
        kind=NotificationKind.DISCUSSIONS,
        # Keyed by post and user (through the unique recipient+key): an edit tells only the newly mentioned.
        key=f"discussion-mention:{post.pk}",
        template="forums/emails/mention",
        context={"post": post, "thread": post.thread, "author": post.author},
        url=f"{post.thread.get_absolute_url()}#post-{post.pk}",
        exclude=post.author,
    )
    return {u.pk for u in mentioned}


def _notify_watchers(post, skip):
    watching = ThreadReader.objects.filter(thread=post.thread, watch=ThreadReader.Watch.WATCHING).values("user_id")
    # Someone who lost access since they started watching is not told about new replies.
    watchers = network_readers(post.thread.network).filter(pk__in=watching).exclude(pk__in=skip)
    notify(
        list(watchers),
        kind=NotificationKind.DISCUSSIONS,
        key=f"discussion-reply:{post.pk}",
        template="forums/emails/reply",
        context={"post": post, "thread": post.thread, "author": post.author},
        url=f"{post.thread.get_absolute_url()}#post-{post.pk}",
        exclude=post.author,
    )


@transaction.atomic
def start_thread(network, author, title, body, uploads=()):
    thread = Thread.objects.create(network=network, author=author, title=title)
    post = Post.objects.create(
        thread=thread, author=author, author_village=_author_village(author), body=body, is_opening=True
    )
    _attach(post, uploads, author)
    watch_by_default(thread, author)
    mark_read(thread, author)
    _notify_mentions(post)
    return thread


@transaction.atomic
def add_reply(thread, author, body, uploads=()):
    post = Post.objects.create(thread=thread, author=author, author_village=_author_village(author), body=body)
    _attach(post, uploads, author)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at, reply_count=F("reply_count") + 1)
    watch_by_default(thread, author)
    mentioned = _notify_mentions(post)
    # A mentioned watcher hears about the post once, as a mention.
    _notify_watchers(post, skip=mentioned)
    mark_read(thread, author)
    return post


@transaction.atomic
def edit_post(post, body, title=None, uploads=()):
    before = set()
    if "@" in post.body:
        before = {u.pk for u in find_mentions(post.body, list(network_readers(post.thread.network)))}
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    if title is not None and post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(title=title)
    _attach(post, uploads, post.author)
    _notify_mentions(post, already=before)
    return post


# ---- Moderation ----

THREAD_ACTIONS = {
    "pin": ("is_pinned", True),
    "unpin": ("is_pinned", False),
    "lock": ("is_locked", True),
    "unlock": ("is_locked", False),
    "hide": ("is_hidden", True),
    "unhide": ("is_hidden", False),
}


def _moderation_region(network, village=None):
    """The region a moderation step belongs to: the network's own region (a kecamatan forum), else
    the village the post was written from; a thematic network's thread belongs to none."""
    if network.cover_region_id:
        return network.cover_region.code
    return village.region.code if village is not None else ""


@transaction.atomic
def moderate_thread(thread, moderator, action):
    field, value = THREAD_ACTIONS[action]
    Thread.objects.filter(pk=thread.pk).update(**{field: value})
    record(moderator, Action.THREAD_MODERATED, thread, _moderation_region(thread.network), tindakan=action)


@transaction.atomic
def moderate_post(post, moderator, *, hide):
    Post.objects.filter(pk=post.pk).update(is_hidden=hide, hidden_by=moderator if hide else None)
    resolved = 0
    if hide:
        # Hiding a post deals with what was reported about it.
        resolved = PostReport.objects.filter(post=post, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=moderator
        )
    region = _moderation_region(post.thread.network, post.author_village)
    record(moderator, Action.POST_HIDDEN if hide else Action.POST_SHOWN, post, region, laporan_ditangani=resolved)


@transaction.atomic
def resolve_post_report(report, moderator):
    """Mark a report handled without hiding the post. False when it was handled a moment ago."""
    resolved = PostReport.objects.filter(pk=report.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )
    if resolved:
        post = report.post
        region = _moderation_region(post.thread.network, post.author_village)
        record(moderator, Action.POST_REPORT_RESOLVED, report, region, pesan=post.pk)
    return bool(resolved)


def erase_person(user, former_name):
    """For an account deleted by its owner: their posts stay (others answered them) and show
    "mantan pengguna"; what they followed and read, and their coordinator seats, go."""
    from forums.models import Network

    coordinating = Network.coordinators.through.objects.filter(user=user).delete()[0]
    followed = ThreadReader.objects.filter(user=user).delete()[0]
    posts = Post.objects.filter(author=user).values_list("pk", flat=True)
    forget_name(Post, list(posts), former_name, FORMER_USER_NAME)
    reports = PostReport.objects.filter(reporter=user).values_list("pk", flat=True)
    forget_name(PostReport, list(reports), former_name, FORMER_USER_NAME)
    return {"koordinator_jaringan": coordinating, "diskusi_diikuti": followed}
