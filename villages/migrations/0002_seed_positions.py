import csv
from pathlib import Path

from django.db import migrations

POSITIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "positions.csv"
MANAGERS = {"KADES", "SEKDES"}


def seed_positions(apps, schema_editor):
    Position = apps.get_model("villages", "Position")
    with POSITIONS_CSV.open(newline="") as fh:
        for order, row in enumerate(csv.DictReader(fh), start=1):
            Position.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "short_name": row["short_name"],
                    "group": row["group"],
                    "manages_village": row["code"] in MANAGERS,
                    "order": order * 10,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("villages", "0001_initial")]
    operations = [migrations.RunPython(seed_positions, migrations.RunPython.noop)]
