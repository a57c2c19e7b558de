"""manage.py restore <dir>: put a backup made by `backup` into the configured database and media
directories (see core.backup)."""

from django.core.management.base import BaseCommand

from core.backup import restore


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into the configured (empty) database and media directories."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The directory written by `manage.py backup`.")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what a non-empty database holds and add to the media directories.",
        )

    def handle(self, *args, directory, database, force, **options):
        manifest = restore(directory, alias=database, force=force)
        self.stdout.write(f"Backup of {manifest['created_at']} restored.")
