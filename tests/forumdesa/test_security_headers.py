"""Content-Security-Policy without inline code, Permissions-Policy, and public pictures served in
production (DEBUG is off in tests) while nothing else under MEDIA_ROOT is."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core import images
from regions.models import Region
from tests.factories import VillageFactory

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_csp_and_a_permissions_policy(client, regions):
    for url in (reverse("home"), reverse("account_login"), reverse("regions:region_list")):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in csp
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def template_files():
    roots = [Path(settings.BASE_DIR) / "templates"] + sorted(Path(settings.BASE_DIR).glob("*/templates"))
    return [p for root in roots for p in root.rglob("*.html")]


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_needs_unsafe_inline():
    files = template_files()
    assert len(files) > 50
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {what}"
        for path in files
        for pattern, what in INLINE
        if pattern.search(path.read_text())
    ]
    assert found == []


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "green").save(buffer, "JPEG")
    return buffer.getvalue()


def test_village_logo_is_served_in_production(client, settings, tmp_path, regions):
    settings.MEDIA_ROOT = str(tmp_path)
    village = VillageFactory(region=Region.objects.get(code="33.01.18.2006"))
    village.logo.save("x", images.prepare_logo(SimpleUploadedFile("logo.png", jpeg_bytes())))
    response = client.get(village.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"]
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.format == "JPEG"


@pytest.mark.parametrize(
    "name, content",
    [("desa/logo/halaman.jpg", b"<html><script>alert(1)</script>"), ("catatan.txt", b"rahasia")],
)
def test_nothing_but_pictures_leaves_the_media_root(client, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    target = tmp_path / "media" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    (tmp_path / "luar.jpg").write_bytes(jpeg_bytes())
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get("/media/../luar.jpg").status_code == 404
    assert client.get("/media/%2e%2e/luar.jpg").status_code == 404
    assert client.get("/media/tidak-ada.jpg").status_code == 404
