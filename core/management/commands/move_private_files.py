"""Move attachments stored by earlier versions (MEDIA_ROOT/private/<app>/<model>/<uuid>.<ext>) to
PRIVATE_MEDIA_ROOT under their neutral name (<app>/<model>/<uuid>) and update their rows.

Safe to run again: rows already moved are left alone; a row whose file is missing is reported and
kept as it is.
"""

import shutil
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from core.uploads import AttachmentBase, private_storage


def neutral_name(name):
    path = PurePosixPath(name)
    return str(path.with_name(path.stem)) if path.suffix else name


class Command(BaseCommand):
    help = "Move attachments from MEDIA_ROOT/private to PRIVATE_MEDIA_ROOT with names without extension."

    def handle(self, *args, **options):
        legacy_root = Path(settings.MEDIA_ROOT) / "private"
        new_root = Path(private_storage.location)
        moved = missing = 0
        for model in apps.get_models():
            if not issubclass(model, AttachmentBase):
                continue
            for pk, name in model.objects.exclude(file="").values_list("pk", "file").iterator():
                target_name = neutral_name(name)
                target = new_root / target_name
                sources = [legacy_root / name, new_root / name]
                source = next((p for p in sources if p.is_file() and p != target), None)
                if source is None:
                    if not target.is_file():
                        missing += 1
                        self.stderr.write(f"{model._meta.label} {pk}: file {name} not found")
                    elif target_name != name:
                        model.objects.filter(pk=pk).update(file=target_name)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(source, target)
                model.objects.filter(pk=pk).update(file=target_name)
                moved += 1
        self.stdout.write(f"{moved} moved, {missing} missing.")
