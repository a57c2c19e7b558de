"""On SQLite, FTS5 tables of stemmed text for the library search (knowledge/fts.py), filled from the
rows already there. PostgreSQL keeps its tsvector columns; nothing changes there."""

from django.db import migrations


def create_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from knowledge import fts

    with schema_editor.connection.cursor() as cursor:
        fts.create_tables(cursor)
    for label in fts.TABLES:
        model = apps.get_model(label)
        for row in model.objects.using(schema_editor.connection.alias).iterator():
            fts.index(row, schema_editor.connection.alias)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from knowledge import fts

    with schema_editor.connection.cursor() as cursor:
        for table, *_columns in fts.TABLES.values():
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_discussions_move_to_forums")]
    operations = [migrations.RunPython(create_and_fill, drop, elidable=False)]
