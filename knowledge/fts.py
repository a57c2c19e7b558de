"""Indonesian full-text search for the embedded default (SQLite): FTS5 tables of stemmed text.

Each practice and document has a row in an FTS5 table (rowid = its pk) holding its title, summary
and body reduced to root words by the Sastrawi stemmer ("pelatihan", "melatih", "berlatih" → "latih";
"menganyam", "anyaman" → "anyam"). A query is stemmed the same way, its synonyms become alternatives
(UMKM ↔ usaha mikro), and matches are ranked by bm25 with the title weighing most, the summary next,
like the weighted tsvector on PostgreSQL. Only \\w characters reach the MATCH expression, so no input
can break its syntax.
"""

import functools
import re

from django.db import connections

# (model label, FTS table, columns of the model feeding title / summary / body)
TABLES = {
    "knowledge.practice": ("knowledge_practice_fts", ["title"], ["summary"], ["problem", "steps", "results"]),
    "knowledge.document": ("knowledge_document_fts", ["title"], ["description"], []),
}
# bm25 weights for title, summary, body: ts_rank's default A/B/C weights are 1.0, 0.4, 0.2.
WEIGHTS = (5.0, 2.0, 1.0)

# Abbreviations and their spelled-out forms that people type interchangeably.
SYNONYMS = [
    ("umkm", "usaha mikro"),
    ("bumdes", "badan usaha milik desa"),
]

_WORD = re.compile(r"\w+")
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@functools.cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@functools.lru_cache(maxsize=50_000)
def stem(word):
    word = word.lower()
    # Sastrawi handles words of letters; numbers and mixed tokens stay as they are.
    return (_stemmer().stem(word) or word) if word.isalpha() else word


def stem_text(text):
    return " ".join(stem(w) for w in _WORD.findall(text or ""))


def is_active(using="default"):
    return connections[using].vendor == "sqlite"


def create_tables(cursor):
    for table, *_columns in TABLES.values():
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(title, summary, body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )


def index(instance, using="default"):
    """Write the row of this practice or document (its stemmed text), replacing the old one."""
    if not is_active(using):
        return
    table, *groups = TABLES[instance._meta.label_lower]
    values = [stem_text(" ".join(str(getattr(instance, f) or "") for f in fields)) for fields in groups]
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [instance.pk])  # noqa: S608 - fixed names
        cursor.execute(
            f"INSERT INTO {table} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
            [instance.pk, *values],
        )


def unindex(instance, using="default"):
    if not is_active(using):
        return
    table = TABLES[instance._meta.label_lower][0]
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [instance.pk])  # noqa: S608


def expand_synonyms(words):
    """[["pelatihan"], ["umkm"]] → [["pelatihan"]], [[["umkm"], ["usaha", "mikro"]]]: each position a
    list of alternative phrases; a synonym may span several words of the query."""
    groups, i = [], 0
    while i < len(words):
        for group in SYNONYMS:
            phrases = [p.split() for p in group]
            hit = next((p for p in phrases if words[i : i + len(p)] == p), None)
            if hit:
                groups.append(phrases)
                i += len(hit)
                break
        else:
            groups.append([[words[i]]])
            i += 1
    return groups


def _alternatives(phrases):
    stemmed = [" ".join(stem(w) for w in phrase) for phrase in phrases]
    stemmed = [s for s in dict.fromkeys(stemmed) if s]
    if not stemmed:
        return None
    return "(" + " OR ".join(f'"{s}"' for s in stemmed) + ")"


def match_expression(text):
    """The FTS5 query for what the user typed, like websearch on PostgreSQL: words are all required,
    "a phrase" in quotes, -word excluded, "or" between two terms; None when nothing is left to find."""
    items = []  # "OR", or (excluded, quoted, words)
    for minus, quoted, bare in _TERM.findall(text):
        if bare and bare.lower() == "or":
            items.append("OR")
            continue
        if bare.startswith("-"):
            minus, bare = "-", bare[1:]
        words = [w.lower() for w in _WORD.findall(quoted or bare)]
        if not words:
            continue
        previous = items[-1] if items else "OR"
        if not minus and not quoted and previous != "OR" and not previous[0] and not previous[1]:
            # Consecutive plain words form one run, so a synonym may span them ("usaha mikro").
            items[-1] = (False, False, previous[2] + words)
        else:
            items.append((bool(minus), bool(quoted), words))
    positive, negative, pending_or = [], [], False
    for item in items:
        if item == "OR":
            pending_or = bool(positive)
            continue
        excluded, quoted, words = item
        parts = [_alternatives([words])] if quoted else [_alternatives(g) for g in expand_synonyms(words)]
        parts = [p for p in parts if p]
        if not parts:
            continue
        if excluded:
            negative.append("(" + " AND ".join(parts) + ")")
        else:
            if pending_or:
                positive[-1] = f"({positive[-1]} OR {parts.pop(0)})"
            positive.extend(parts)
        pending_or = False
    if not positive:
        return None
    expression = " AND ".join(positive)
    for term in negative:
        expression = f"({expression}) NOT {term}"
    return expression


def ranked(queryset, text, table=None):
    """Rows matching the text, with `rank` (higher is better, as ts_rank), or none. `table` names
    another app's FTS5 table of the same three columns (title, summary, body), rowid = the pk."""
    from django.db.models import FloatField, Value
    from django.db.models.expressions import RawSQL

    match = match_expression(text)
    if match is None:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField())).none()
    model = queryset.model
    table = table or TABLES[model._meta.label_lower][0]
    outer = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    weights = ", ".join(str(w) for w in WEIGHTS)
    # Table and column names are this module's constants; the user's text is only ever a parameter.
    matching = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608
    score = f"SELECT -bm25({table}, {weights}) FROM {table} WHERE {table} MATCH %s AND rowid = {outer}"  # noqa: S608
    return queryset.filter(pk__in=RawSQL(matching, (match,))).annotate(  # noqa: S611
        rank=RawSQL(score, (match,))  # noqa: S611
    )
