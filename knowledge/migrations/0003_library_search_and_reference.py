"""GIN indexes behind the full-text search (PostgreSQL only) and the standard topics and SDGs Desa goals."""

from django.db import migrations

INDEXES = [
    ("knowledge_practice", "practice_search_gin"),
    ("knowledge_document", "document_search_gin"),
]


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_vector)")


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def seed(apps, schema_editor):
    from knowledge.practices import ensure_topics_and_goals

    ensure_topics_and_goals(apps.get_model("knowledge", "Topic"), apps.get_model("knowledge", "SdgGoal"))


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_practices")]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
