from django.db import migrations


def backfill(apps, schema_editor):
    from reports.participation import rebuild_sql

    models = [
        apps.get_model("villages", "Official"),
        apps.get_model("meetings", "Registration"),
        apps.get_model("forums", "Post"),
        apps.get_model("reports", "ActivityReport"),
    ]
    with schema_editor.connection.cursor() as cursor:
        for sql in rebuild_sql(*models):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_village_activity_months"),
        ("villages", "0011_official_last_active_at"),
        ("meetings", "0005_registration_questions_evaluations"),
        ("forums", "0002_polls"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
