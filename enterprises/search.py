"""Finding enterprises by what they make, in Indonesian: "anyaman pandan" finds "tikar anyaman dari
pandan", "UMKM" finds "usaha mikro".

The library's approach (knowledge/search.py, knowledge/fts.py): on PostgreSQL a stored, weighted
tsvector (name and products A, description B) with the `indonesian` configuration, matched by
websearch_to_tsquery and ranked by ts_rank; on SQLite an FTS5 table of Sastrawi-stemmed text ranked
by bm25. The search text is the user's, cleaned and bounded by knowledge.search.clean_query.
"""

from django.db import connections
from django.db.models import F

from knowledge import fts
from knowledge.search import _search_query, clean_query

TABLE = "enterprises_enterprise_fts"
SEARCH_CONFIG = "indonesian"


def create_table(cursor):
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(title, summary, body, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )


def index(enterprise, using="default"):
    """Bring the enterprise's search text up to date (after every save)."""
    vendor = connections[using].vendor
    if vendor == "sqlite":
        values = [
            fts.stem_text(enterprise.name),
            fts.stem_text(enterprise.products),
            fts.stem_text(enterprise.description),
        ]
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [enterprise.pk])  # noqa: S608 - fixed name
            cursor.execute(
                f"INSERT INTO {TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                [enterprise.pk, *values],
            )
    elif vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        vector = (
            SearchVector("name", weight="A", config=SEARCH_CONFIG)
            + SearchVector("products", weight="A", config=SEARCH_CONFIG)
            + SearchVector("description", weight="B", config=SEARCH_CONFIG)
        )
        type(enterprise)._default_manager.using(using).filter(pk=enterprise.pk).update(search_vector=vector)


def unindex(enterprise, using="default"):
    if connections[using].vendor == "sqlite":
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [enterprise.pk])  # noqa: S608


def search_enterprises(queryset, raw):
    """Filter by the typed text and order by relevance; unchanged when nothing was typed."""
    text = clean_query(raw)
    if not text:
        return queryset
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        return fts.ranked(queryset, text, table=TABLE).order_by("-rank", "name", "pk")
    from django.contrib.postgres.search import SearchRank

    query = _search_query(text)
    if query is None:
        return queryset.none()
    return (
        queryset.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "name", "pk")
    )
