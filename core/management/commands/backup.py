"""manage.py backup <dir>: the database and both media directories (see core.backup)."""

from django.core.management.base import BaseCommand

from core.backup import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite backup) and MEDIA_ROOT and PRIVATE_MEDIA_ROOT into a new directory."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A new or empty directory for the backup.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, directory, database, **options):
        manifest = backup(directory, alias=database)
        self.stdout.write(f"Backup of the {manifest['engine']} database and media written to {directory}.")
