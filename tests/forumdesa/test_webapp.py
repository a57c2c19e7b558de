"""The site installs as a web app: a manifest, a service worker at the root, both linked from every page."""

import json
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from PIL import Image


def test_manifest_describes_the_app(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "ForumDesa"
    assert data["description"] == "Ruang belajar dan kerja sama perangkat desa se-Indonesia."
    assert data["start_url"] == "/"
    assert data["display"] == "standalone"
    assert data["theme_color"] == "#1f6f50"
    sizes = [(icon["sizes"], icon["type"]) for icon in data["icons"]]
    assert sizes == [("192x192", "image/png"), ("512x512", "image/png")]
    for icon, size in zip(data["icons"], (192, 512), strict=True):
        assert icon["src"] == f"/static/img/icon-{size}.png"
        with Image.open(finders.find(f"img/icon-{size}.png")) as image:
            assert image.size == (size, size)


def test_theme_colour_is_the_site_green():
    css = Path(finders.find("css/forumdesa.css")).read_text(encoding="utf-8")
    assert "--fd-green: #1f6f50;" in css


def test_service_worker_is_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert 'addEventListener("fetch"' in body
    assert client.post("/sw.js").status_code == 405


@pytest.mark.django_db
def test_pages_link_the_manifest_theme_colour_and_offline_bar(client, regions):
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#1f6f50">' in page
    assert 'id="offline-bar"' in page and "Anda sedang offline." in page
    assert "/static/js/forumdesa.js" in page
