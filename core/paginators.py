"""A paginator for the admin's biggest tables: an unfiltered list of hundreds of thousands of rows
is counted from PostgreSQL's own estimate (pg_class.reltuples, kept by ANALYZE and autovacuum)
instead of COUNT(*) over the whole table. Any filter or search still counts exactly, as does every
table below ESTIMATE_FROM rows and every database other than PostgreSQL."""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

ESTIMATE_FROM = 100_000


class LargeTablePaginator(Paginator):
    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is not None and not query.where and not query.distinct:
            connection = connections[queryset.db]
            if connection.vendor == "postgresql":
                table = queryset.model._meta.db_table
                with connection.cursor() as cursor:
                    # One query either way: the estimate for a big table, an exact count for a small one.
                    # The table name is the model's own, never user input.
                    exact = f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}"  # noqa: S608
                    cursor.execute(
                        f"SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint ELSE ({exact}) END"  # noqa: S608
                        " FROM pg_class WHERE oid = %s::regclass",
                        [ESTIMATE_FROM, table],
                    )
                    row = cursor.fetchone()
                if row is not None:
                    return row[0]
        return super().count


class WindowPaginator(Paginator):
    """Counts rows only as far as `ahead` pages past the page asked for, so a list of a whole
    province costs what its first pages cost. The pager says "Halaman 3 dari 13+" while more rows
    may follow (`total_label`); "Berikutnya" goes on as long as they do. The count reads `counted`
    (by default the list without its order) with a LIMIT: give it an order an index provides, or
    none, so the scan stops as soon as the window is full."""

    AHEAD = 10

    def __init__(self, object_list, per_page, number=1, ahead=None, counted=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        self.window = (number + (self.AHEAD if ahead is None else ahead)) * per_page
        self.counted = counted
        self.capped = False

    def counting_query(self):
        """The rows the count reads, up to one past the window."""
        if self.counted is not None:
            return self.counted[: self.window + 1]
        return self.object_list.order_by()[: self.window + 1]

    @cached_property
    def count(self):
        if hasattr(self.object_list, "order_by"):
            found = self.counting_query().count()
        else:
            found = min(len(self.object_list), self.window + 1)
        self.capped = found > self.window
        return found

    @property
    def total_label(self):
        """The number of pages as the pager shows it: "13+" when the count stopped at the window."""
        pages = self.num_pages
        return f"{pages}+" if self.capped else str(pages)


class SharedCountPaginator(Paginator):
    """Keeps the count of a list that is the same for every reader (no per-user filter in its
    query) in the cache for a minute, under its SQL and parameters: the first reader counts, the
    others reuse it. `key_prefix` carries what makes an old count wrong (a version the writers bump).
    The rows themselves are always read fresh."""

    SECONDS = 60

    def __init__(self, object_list, per_page, *, key_prefix, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.key_prefix = key_prefix

    @cached_property
    def count(self):
        try:
            sql, params = self.object_list.query.sql_with_params()
        except EmptyResultSet:  # a query that cannot match anything (.none())
            return 0
        digest = hashlib.sha256(repr((self.object_list.db, sql, params)).encode()).hexdigest()
        # Paginator.count's own computation (a cached_property keeps it as .func).
        return cache.get_or_set(f"{self.key_prefix}:count:{digest}", lambda: Paginator.count.func(self), self.SECONDS)
