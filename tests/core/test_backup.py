"""`manage.py backup` and `manage.py restore`: a site backed up and restored into a fresh
database (a new PostgreSQL database, or a new SQLite file) has its data and its files back."""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from meetings.models import Meeting, Minutes, MinutesAttachment
from tests.factories import OfficialFactory, VillageFactory, region
from villages.models import Position

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PDF = b"%PDF-1.4\n% notulen rapat koordinasi\n" + os.urandom(64)
LOGO = b"\x89PNG\r\n\x1a\n" + os.urandom(32)

READ_BACK = """
import hashlib, json
from pathlib import Path
from django.conf import settings
from meetings.models import Meeting, MinutesAttachment
from villages.models import Official
meeting = Meeting.objects.get()
attachment = MinutesAttachment.objects.get()
official = Official.objects.select_related("user", "village__region").get()
print(json.dumps({
    "meeting": [meeting.title, meeting.host_village.region.code],
    "official": [official.user.email, official.village.region.code, official.position.code],
    "attachment": [attachment.original_name, hashlib.sha256(attachment.file.read()).hexdigest()],
    "logo": hashlib.sha256((Path(settings.MEDIA_ROOT) / "logo" / "serang.png").read_bytes()).hexdigest(),
}))
"""


@pytest.fixture
def fresh_database(regions):
    """Settings for a process that uses an empty database of its own."""
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        name = f"{params['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        auth = params["USER"] + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
        yield f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{Path(settings.PRIVATE_MEDIA_ROOT).parent / f'restored-{uuid.uuid4().hex[:8]}.sqlite3'}"


@pytest.fixture
def site_data(regions, settings, tmp_path):
    if not Position.objects.exists():  # transactional tests flush the seeded rows
        import_module("villages.migrations.0002_seed_positions").seed_positions(apps, None)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "logo").mkdir(parents=True)
    (tmp_path / "media" / "logo" / "serang.png").write_bytes(LOGO)
    village = VillageFactory(region=region("33.01.18.2006"))
    official = OfficialFactory(
        village=village, user__email="sekdes.serang@example.id", position=Position.objects.get(code="SEKDES")
    )
    start = timezone.now() + timedelta(days=2)
    meeting = Meeting.objects.create(
        title="Rapat koordinasi BUMDes",
        host_village=village,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        audience_kind="villages",
        created_by=official.user,
    )
    minutes = Minutes.objects.create(meeting=meeting, summary="Sepakat", written_by=official.user)
    attachment = MinutesAttachment.from_upload(SimpleUploadedFile("notulen.pdf", PDF), minutes=minutes)
    attachment.save()
    return {
        "meeting": ["Rapat koordinasi BUMDes", "33.01.18.2006"],
        "official": ["sekdes.serang@example.id", "33.01.18.2006", "SEKDES"],
        "attachment": ["notulen.pdf", hashlib.sha256(PDF).hexdigest()],
        "logo": hashlib.sha256(LOGO).hexdigest(),
    }


def manage(*args, database_url, tmp_path):
    """manage.py in a process of its own, configured like a freshly set up server."""
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "restored-private"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_restore_into_a_fresh_database_brings_back_data_and_files(site_data, fresh_database, tmp_path):
    call_command("backup", str(tmp_path / "backup"), verbosity=0)
    names = sorted(p.name for p in (tmp_path / "backup").iterdir())
    database = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert names == sorted([database, "manifest.json", "media.tar.gz", "private.tar.gz"])

    restored = manage("restore", str(tmp_path / "backup"), database_url=fresh_database, tmp_path=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout

    read = manage("shell", "-c", READ_BACK, database_url=fresh_database, tmp_path=tmp_path)
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout.splitlines()[-1]) == site_data

    # Once restored, the database is not empty: a second restore needs --force, and still works.
    again = manage("restore", str(tmp_path / "backup"), database_url=fresh_database, tmp_path=tmp_path)
    assert again.returncode != 0
    assert "is not empty" in again.stderr
    forced = manage("restore", "--force", str(tmp_path / "backup"), database_url=fresh_database, tmp_path=tmp_path)
    assert forced.returncode == 0, forced.stderr
    read = manage("shell", "-c", READ_BACK, database_url=fresh_database, tmp_path=tmp_path)
    assert json.loads(read.stdout.splitlines()[-1]) == site_data


def test_backup_refuses_a_directory_that_is_not_empty(site_data, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "old"), verbosity=0)


def test_restore_refuses_the_non_empty_database_it_runs_on(site_data, tmp_path):
    call_command("backup", str(tmp_path / "backup"), verbosity=0)
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(tmp_path / "backup"), verbosity=0)
    assert Meeting.objects.count() == 1
