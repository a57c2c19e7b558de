"""The admin's biggest lists count an unfiltered table from PostgreSQL's estimate."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import paginators
from core.paginators import LargeTablePaginator
from regions.models import Region

pytestmark = pytest.mark.django_db


def counted(queryset):
    with CaptureQueriesContext(connection) as queries:
        count = LargeTablePaginator(queryset, 20).count
    return count, " ".join(q["sql"] for q in queries)


def test_small_tables_filters_and_other_databases_count_exactly(regions, monkeypatch):
    exact = Region.objects.count()
    count, sql = counted(Region.objects.all())
    assert count == exact and "COUNT(*)" in sql and len(sql.split("SELECT")) <= 3  # one query
    monkeypatch.setattr(paginators, "ESTIMATE_FROM", 0)
    count, sql = counted(Region.objects.filter(level=1))
    assert count == Region.objects.filter(level=1).count() and "COUNT(*)" in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's")
def test_a_big_unfiltered_table_is_counted_from_the_estimate(regions, monkeypatch):
    monkeypatch.setattr(paginators, "ESTIMATE_FROM", 0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE villages_region")
    count, sql = counted(Region.objects.all())
    assert "reltuples" in sql
    assert abs(count - Region.objects.count()) <= max(5, Region.objects.count() // 10)
