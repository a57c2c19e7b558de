"""The perangkat desa positions (Permendagri 84/2015 plus Kepala Desa), kept as data admins extend."""

import csv
from pathlib import Path

POSITIONS_CSV = Path(__file__).resolve().parent / "data" / "positions.csv"
MANAGERS = {"KADES", "SEKDES"}


def ensure_positions(Position):  # noqa: N803 - a model class, real or historical
    """Create the standard positions that are missing; leaves admins' edits alone."""
    with POSITIONS_CSV.open(newline="") as fh:
        for order, row in enumerate(csv.DictReader(fh), start=1):
            Position.objects.get_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "short_name": row["short_name"],
                    "group": row["group"],
                    "manages_village": row["code"] in MANAGERS,
                    "order": order * 10,
                },
            )
