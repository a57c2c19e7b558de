"""Support for migrations that move models from one app to another without touching their tables.

The tables stay where they are (each moved model names its old `db_table`); only Django's state
changes. Content types follow the models, so admin history and permissions keep pointing at them.
"""

from django.db import migrations


def move_content_types(old_app, new_app, model_names):
    def forward(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for name in model_names:
            old = content_type.objects.using(db).filter(app_label=old_app, model=name)
            if old.exists():
                content_type.objects.using(db).filter(app_label=new_app, model=name).delete()
                old.update(app_label=new_app)

    def backward(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for name in model_names:
            new = content_type.objects.using(db).filter(app_label=new_app, model=name)
            if new.exists():
                content_type.objects.using(db).filter(app_label=old_app, model=name).delete()
                new.update(app_label=old_app)

    return migrations.RunPython(forward, backward, elidable=False)
