"""A trigram index for searching region names on PostgreSQL.

The name search is a case-insensitive substring match (UPPER(name) LIKE UPPER('%serang%')): a
btree cannot serve it, a GIN trigram index over UPPER(name) can. SQLite has no such index and
scans its 91,599 rows, which is fast enough for the embedded default.
"""

from django.db import migrations

INDEX = "villages_region_name_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON villages_region USING gin (UPPER(name::text) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("villages", "0005_cooperation")]
    operations = [migrations.RunPython(create, drop)]
