from django.db import migrations

from villages.positions import ensure_positions


def seed_positions(apps, schema_editor):
    ensure_positions(apps.get_model("villages", "Position"))


class Migration(migrations.Migration):
    dependencies = [("villages", "0001_initial")]
    operations = [migrations.RunPython(seed_positions, migrations.RunPython.noop)]
