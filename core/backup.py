"""Backup and restore of the whole site: the database and both media directories.

A backup directory holds:

- ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or ``database.sqlite3`` (SQLite, a
  consistent copy made with SQLite's online backup API while the site keeps running);
- ``media.tar.gz`` (MEDIA_ROOT: public pictures) and ``private.tar.gz`` (PRIVATE_MEDIA_ROOT:
  attachments);
- ``manifest.json``: the database engine and when the backup was made.

``manage.py backup <dir>`` writes one, ``manage.py restore <dir>`` puts it back into the configured
database, which must be empty (a fresh database after ``createdb``, or a new SQLite file) unless
``--force`` is given.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_ARCHIVES = {"media.tar.gz": "MEDIA_ROOT", "private.tar.gz": "PRIVATE_MEDIA_ROOT"}


def engine_kind(connection):
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise CommandError(f"Backup supports PostgreSQL and SQLite, not {vendor}.")
    return vendor


def database_file(kind):
    return "database.dump" if kind == "postgresql" else "database.sqlite3"


def pg_command(program, connection, *args):
    """A pg_dump/pg_restore call for the connection's database; the password goes through the
    environment, never the command line."""
    params = connection.settings_dict
    command = [program, "--no-owner", "--no-privileges"]
    if params.get("HOST"):
        command += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        command += ["--port", str(params["PORT"])]
    if params.get("USER"):
        command += ["--username", str(params["USER"])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return [*command, *args], env


def run(command, env):
    if shutil.which(command[0]) is None:
        raise CommandError(f"{command[0]} not found: install the PostgreSQL client programs.")
    # The program and its arguments come from the settings and the operator's command line.
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(target, alias="default"):
    """Write a backup of the database `alias` and the media directories into `target`."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise CommandError(f"{target} is not empty; give a new or empty directory.")
    connection = connections[alias]
    kind = engine_kind(connection)
    dump = target / database_file(kind)
    if kind == "postgresql":
        name = connection.settings_dict["NAME"]
        command, env = pg_command("pg_dump", connection, "--format=custom", "--file", str(dump), name)
        run(command, env)
    else:
        connection.ensure_connection()
        destination = sqlite3.connect(dump)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    for archive, setting in MEDIA_ARCHIVES.items():
        root = Path(getattr(settings, setting))
        with tarfile.open(target / archive, "w:gz") as tar:
            if root.is_dir():
                for child in sorted(root.iterdir()):
                    tar.add(child, arcname=child.name)
    manifest = {"engine": kind, "created_at": timezone.now().isoformat(), "database": dump.name}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def database_is_empty(connection):
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def directory_is_empty(root):
    root = Path(root)
    return not root.is_dir() or not any(root.iterdir())


def restore(source, alias="default", force=False):
    """Put the backup in `source` back into the database `alias` and the media directories."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise CommandError(f"{source} holds no backup ({MANIFEST} is missing).") from None
    connection = connections[alias]
    kind = engine_kind(connection)
    if manifest["engine"] != kind:
        raise CommandError(f"The backup is of a {manifest['engine']} database; this site uses {kind}.")
    if not force:
        if not database_is_empty(connection):
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} is not empty; restore into a fresh "
                "database, or give --force to replace what it holds."
            )
        for setting in MEDIA_ARCHIVES.values():
            if not directory_is_empty(getattr(settings, setting)):
                raise CommandError(f"{setting} ({getattr(settings, setting)}) is not empty; give --force to add to it.")
    dump = source / manifest["database"]
    if kind == "postgresql":
        name = connection.settings_dict["NAME"]
        connection.close()
        extra = ["--clean", "--if-exists"] if force else []
        command, env = pg_command("pg_restore", connection, "--exit-on-error", *extra, "--dbname", name, str(dump))
        run(command, env)
    else:
        connection.ensure_connection()
        origin = sqlite3.connect(dump)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    for archive, setting in MEDIA_ARCHIVES.items():
        root = Path(getattr(settings, setting))
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / archive, "r:gz") as tar:
            # "data": no absolute paths, no links or paths leaving the directory, no device files.
            tar.extractall(root, filter="data")
    return manifest
