"""Full-text search over practices and documents.

On PostgreSQL: the stored, weighted tsvector (title A, summary B, the rest C) with the
`indonesian` configuration, matched by websearch_to_tsquery (any text the user types is a valid
query: quotes, "or", a leading minus), ranked by ts_rank, with ts_headline snippets. The snowball
stemmer already brings "pelatihan", "melatih", "latihan" and "berlatih" to "latih". On SQLite:
FTS5 tables of text stemmed by Sastrawi, ranked by bm25 with the same weights (knowledge/fts.py).
On both, abbreviations match their spelled-out forms (UMKM ↔ usaha mikro, BUMDes ↔ badan usaha
milik desa).
"""

import re

from django.db import connection
from django.db.models import F, Q

from knowledge import fts

MAX_QUERY_LENGTH = 200
# NUL is refused by PostgreSQL in any string; other control characters only make noise.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw):
    """The user's text as a safe, bounded search string ("" for nothing to search)."""
    text = _CONTROL.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def is_full_text():
    return connection.vendor == "postgresql"


def _search_query(text):
    """websearch_to_tsquery of what was typed, each synonym it contains ORed with its other forms."""
    from django.contrib.postgres.search import SearchQuery

    from knowledge.models import SEARCH_CONFIG

    rest, alternatives = text, []
    for group in fts.SYNONYMS:
        pattern = re.compile(r"(?<![\w\-\"])(" + "|".join(re.escape(p) for p in group) + r")(?!\w)", re.IGNORECASE)
        if pattern.search(rest):
            rest = pattern.sub(" ", rest)
            either = None
            for phrase in group:
                q = SearchQuery(phrase, search_type="phrase", config=SEARCH_CONFIG)
                either = q if either is None else either | q
            alternatives.append(either)
    query = SearchQuery(rest, search_type="websearch", config=SEARCH_CONFIG) if rest.strip() else None
    for either in alternatives:
        query = either if query is None else query & either
    return query


def _plain_filter(queryset, text, fields):
    words = [w.strip("\"'()") for w in text.split()]
    for word in (w for w in words if w and w.lower() not in {"or", "and", "-"}):
        word = word.lstrip("-")
        if word:
            queryset = queryset.filter(Q(*[Q(**{f"{f}__icontains": word}) for f in fields], _connector=Q.OR))
    return queryset


# How many of the newest matching practices a PostgreSQL search ranks (a page shows 20).
RANK_CANDIDATES = 500

PRACTICE_FIELDS = ["title", "summary", "problem", "steps", "results"]
DOCUMENT_FIELDS = ["title", "description"]


def search_practices(queryset, raw):
    """Filter and rank; each row gets `snippet` (HTML with <mark>, or None on SQLite)."""
    text = clean_query(raw)
    if not text:
        return queryset
    if fts.is_active():
        return fts.ranked(queryset, text).order_by("-rank", "-published_at", "-pk")
    if not is_full_text():
        return _plain_filter(queryset, text, PRACTICE_FIELDS).order_by("-published_at", "-pk")
    from django.contrib.postgres.search import SearchRank

    query = _search_query(text)
    # Ranking reads every candidate's tsvector: a common word matches half of 50,000 practices.
    # Only the newest RANK_CANDIDATES matches are ranked (found through the GIN index, or by walking
    # the published-date index for a common word), so a search costs the same however large the
    # library grows; the pager counts at most that many.
    candidates = queryset.filter(search_vector=query).order_by("-published_at", "-pk").values("pk")[:RANK_CANDIDATES]
    return (
        queryset.filter(pk__in=candidates)
        .annotate(rank=SearchRank(F("search_vector"), query), snippet=_headline(query))
        .order_by("-rank", "-published_at", "-pk")
    )


def _headline(query):
    from django.contrib.postgres.search import SearchHeadline

    from knowledge.models import SEARCH_CONFIG

    return SearchHeadline(
        "summary",
        query,
        config=SEARCH_CONFIG,
        start_sel="<mark>",
        stop_sel="</mark>",
        max_words=30,
        min_words=10,
        max_fragments=2,
    )


def with_snippets(queryset, raw):
    """The `snippet` search_practices gives, for rows found otherwise (a page of ids already ranked)."""
    text = clean_query(raw)
    if not text or fts.is_active() or not is_full_text():
        return queryset
    return queryset.annotate(snippet=_headline(_search_query(text)))


def search_documents(queryset, raw):
    text = clean_query(raw)
    if not text:
        return queryset
    if fts.is_active():
        return fts.ranked(queryset, text).order_by("-rank", "-year", "pk")
    if not is_full_text():
        return _plain_filter(queryset, text, DOCUMENT_FIELDS)
    from django.contrib.postgres.search import SearchHeadline, SearchRank

    from knowledge.models import SEARCH_CONFIG

    query = _search_query(text)
    return (
        queryset.filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=SearchHeadline(
                "description", query, config=SEARCH_CONFIG, start_sel="<mark>", stop_sel="</mark>", max_words=30
            ),
        )
        .order_by("-rank", "-year", "pk")
    )
