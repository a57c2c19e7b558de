"""When each official last took part, stored on villages.Official.last_active_at so the dashboards
count "active officials" with one indexed range per village instead of four EXISTS per official.

The value is defined per position (an Official row), not per person: the report arm counts only
the reports the person wrote for that position's village, as the dashboards always have. It is the
latest of
  - the person's meeting registrations (created_at) and check-ins (checked_in_at),
  - the person's discussion posts (created_at),
  - the reports the person created for the position's village (updated_at),
or NULL when there is none. "Took part since t" is then exactly last_active_at >= t.

It is recomputed from those rows (never only raised), for every position of the people a change
touches: reports.signals calls `refresh` on every save and delete of a registration, a post, a
report or a position, and the services that write with a bulk UPDATE (attendance, report
transitions) call it or send meetings.signals.meeting_figures_changed. Bulk imports that send no
signals (seed_scale) call `rebuild` at their end, as does `manage.py rebuild_last_active`.
"""

from datetime import UTC, datetime

from django.db import connection, transaction
from django.db.models import DateTimeField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, NullIf

from forums.models import Post
from meetings.models import Registration
from villages.models import Official

from .models import ActivityReport

# Stands for "never" inside GREATEST, which on SQLite returns NULL when any argument is NULL.
_NEVER = Value(datetime(1970, 1, 1, tzinfo=UTC), output_field=DateTimeField())


def _latest(rows, key, field):
    latest = rows.order_by().values(key).annotate(at=Max(field)).values("at")
    return Coalesce(Subquery(latest, output_field=DateTimeField()), _NEVER)


def last_active_expression():
    """The value for the Official row of the outer query, from the live rows."""
    return NullIf(
        Greatest(
            _latest(Registration.objects.filter(user_id=OuterRef("user_id")), "user_id", "created_at"),
            _latest(Registration.objects.filter(user_id=OuterRef("user_id")), "user_id", "checked_in_at"),
            _latest(Post.objects.filter(author_id=OuterRef("user_id")), "author_id", "created_at"),
            _latest(
                ActivityReport.objects.filter(created_by_id=OuterRef("user_id"), village_id=OuterRef("village_id")),
                "created_by_id",
                "updated_at",
            ),
        ),
        _NEVER,
    )


def refresh(user_ids=None, official_ids=None):
    """Recompute every position of these people (ids, or a queryset of ids), or these positions:
    one UPDATE."""
    if user_ids is None and official_ids is None:
        return 0
    officials = Official.objects.all()
    if user_ids is not None:
        ids = [pk for pk in user_ids if pk is not None] if isinstance(user_ids, list | set | tuple) else user_ids
        if isinstance(ids, list) and not ids:
            return 0
        officials = officials.filter(user_id__in=ids)
    if official_ids is not None:
        officials = officials.filter(pk__in=official_ids)
    return officials.update(last_active_at=last_active_expression())


def refresh_meeting(meeting_id):
    """After a bulk change to a meeting's registrations (attendance, check-ins)."""
    return refresh(Registration.objects.filter(meeting_id=meeting_id).values("user_id"))


# The whole table at once, from aggregates (one pass over each source): for bulk imports and the
# management command. Portable SQL (UPDATE ... FROM: PostgreSQL, SQLite 3.33+): MAX() as an
# aggregate ignores NULLs on every database.
REBUILD_SQL = """
UPDATE {official} SET last_active_at = latest.at
FROM (
    SELECT id, MAX(at) AS at FROM (
        SELECT o.id, took.at
        FROM {official} o
        JOIN (
            SELECT user_id, MAX(created_at) AS at FROM {registration} GROUP BY user_id
            UNION ALL
            SELECT user_id, MAX(checked_in_at) FROM {registration}
                WHERE checked_in_at IS NOT NULL GROUP BY user_id
            UNION ALL
            SELECT author_id, MAX(created_at) FROM {post} GROUP BY author_id
        ) took ON took.user_id = o.user_id
        UNION ALL
        SELECT o.id, wrote.at
        FROM {official} o
        JOIN (
            SELECT created_by_id, village_id, MAX(updated_at) AS at FROM {report}
                WHERE created_by_id IS NOT NULL GROUP BY created_by_id, village_id
        ) wrote ON wrote.created_by_id = o.user_id AND wrote.village_id = o.village_id
    ) everything
    GROUP BY id
) latest
WHERE {official}.id = latest.id
"""


def rebuild_sql(official, registration, post, report):
    """The statements that recompute every position, for these models (or historical ones)."""
    tables = {
        "official": official._meta.db_table,
        "registration": registration._meta.db_table,
        "post": post._meta.db_table,
        "report": report._meta.db_table,
    }
    clear = "UPDATE {official} SET last_active_at = NULL WHERE last_active_at IS NOT NULL"
    return [clear.format(**tables), REBUILD_SQL.format(**tables)]


def rebuild():
    """Recompute every position from the live rows; returns how many have a value."""
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in rebuild_sql(Official, Registration, Post, ActivityReport):
            cursor.execute(sql)
        return cursor.rowcount
