"""Attachments live outside MEDIA_ROOT under neutral names and leave only through the
permission-checking views, typed by their content."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.views.static import serve

from core.uploads import private_storage
from knowledge.models import Document
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>"


def make_document(upload):
    document = Document.from_upload(upload, title="SOP", category="sop", year=2026)
    document.save()
    return document


def test_stored_outside_media_root_without_the_uploaders_extension(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    document = make_document(SimpleUploadedFile("halaman.html", POLYGLOT))
    stored = Path(document.file.path)
    assert stored.is_file() and stored.suffix == "" and "." not in stored.name
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert document.original_name == "halaman.pdf"
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018


def test_the_development_media_route_does_not_reach_them(rf, settings, tmp_path):
    # What `static(MEDIA_URL, document_root=MEDIA_ROOT)` serves with DEBUG on.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    document = make_document(SimpleUploadedFile("a.pdf", POLYGLOT))
    for path in (document.file.name, f"private/{document.file.name}"):
        with pytest.raises(Http404):
            serve(rf.get(f"/media/{path}"), path, document_root=settings.MEDIA_ROOT)


def test_served_after_the_check_with_the_detected_type_and_a_download_header(client):
    document = make_document(SimpleUploadedFile("halaman.html", POLYGLOT))
    Document.objects.filter(pk=document.pk).update(content_type="text/html")  # whatever the row says
    url = reverse("knowledge:document_download", args=[document.pk])
    assert client.get(url).status_code == 302  # signed out: to the sign-in
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == POLYGLOT


def test_existing_files_are_moved_by_the_command(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    legacy = tmp_path / "media" / "private" / "knowledge" / "document"
    legacy.mkdir(parents=True)
    (legacy / "0f1e2d.pdf").write_bytes(POLYGLOT)
    (legacy / "abcdef.html").write_bytes(POLYGLOT)
    old = [
        Document.objects.create(
            file=f"knowledge/document/{stem}",
            original_name="x.pdf",
            content_type="application/pdf",
            size=len(POLYGLOT),
            title="Lama",
            category="sop",
            year=2025,
        )
        for stem in ("0f1e2d.pdf", "abcdef.html", "hilang.pdf")
    ]
    out, err = io.StringIO(), io.StringIO()
    call_command("move_private_files", stdout=out, stderr=err)
    assert "2 moved, 1 missing" in out.getvalue() and "hilang.pdf not found" in err.getvalue()
    for document, name in zip(old[:2], ("0f1e2d", "abcdef"), strict=True):
        document.refresh_from_db()
        assert document.file.name == f"knowledge/document/{name}"
        assert private_storage.open(document.file.name).read() == POLYGLOT
    assert not any(p.is_file() for p in (tmp_path / "media").rglob("*"))
    out = io.StringIO()
    call_command("move_private_files", stdout=out, stderr=io.StringIO())  # again: nothing to do
    assert "0 moved, 1 missing" in out.getvalue()
