"""Timeline photos and the Peraturan Bersama document: checked uploads, served only to who may see."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cooperation.models import AgreementDocument, AgreementPhoto
from tests.cooperation.test_lifecycle import coop, make_agreement  # noqa: F401 - fixture


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "JPEG")
    return SimpleUploadedFile("panen.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_update_with_photo_on_the_timeline(client, coop):  # noqa: F811
    agreement = make_agreement(coop, status="active")
    client.force_login(coop["serang_staf"])
    response = client.post(
        reverse("cooperation:update_add", args=[agreement.pk]),
        {"happened_on": "2026-02-01", "text": "Pelatihan pertama selesai", "photos": [jpeg()]},
    )
    assert response.status_code == 302
    photo = AgreementPhoto.objects.get()
    assert photo.content_type == "image/jpeg" and photo.update.happened_on == date(2026, 2, 1)
    url = reverse("cooperation:agreement_photo", args=[photo.pk])
    assert client.get(url).status_code == 200
    client.force_login(coop["caruy_mgr"])
    assert client.get(url).status_code == 404


def test_a_fake_photo_is_refused_and_the_text_kept(client, coop):  # noqa: F811
    agreement = make_agreement(coop, status="active")
    client.force_login(coop["serang_staf"])
    fake = SimpleUploadedFile("foto.jpg", b"MZ not an image", content_type="image/jpeg")
    response = client.post(
        reverse("cooperation:update_add", args=[agreement.pk]),
        {"happened_on": "2026-02-01", "text": "Kabar penting", "photos": [fake]},
    )
    html = response.content.decode()
    assert "Hanya gambar (JPEG, PNG, WebP) atau PDF" in html and "Kabar penting" in html
    assert not AgreementPhoto.objects.exists()


def test_outsiders_cannot_post_updates(client, coop):  # noqa: F811
    agreement = make_agreement(coop, status="active", public=True)
    client.force_login(coop["caruy_mgr"])
    response = client.post(
        reverse("cooperation:update_add", args=[agreement.pk]), {"happened_on": "2026-02-01", "text": "x"}
    )
    assert response.status_code == 404


def test_regulation_document_is_checked_and_served_to_parties(client, coop):  # noqa: F811
    agreement = make_agreement(coop, status="active")
    client.force_login(coop["cirahab_mgr"])
    pdf = SimpleUploadedFile("perbakades.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    url = reverse("cooperation:regulation_edit", args=[agreement.pk])
    response = client.post(url, {"regulation_number": "1 Tahun 2026", "regulation_date": "2026-01-05", "document": pdf})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.regulation_number == "1 Tahun 2026"
    assert AgreementDocument.objects.get().content_type == "application/pdf"
    assert client.get(reverse("cooperation:regulation_document", args=[agreement.pk])).status_code == 200
    client.force_login(coop["serang_staf"])  # a party's official, not a manager: reads, does not edit
    assert client.get(reverse("cooperation:regulation_document", args=[agreement.pk])).status_code == 200
    assert client.get(url).status_code == 404


def test_update_photo_is_stored_without_its_gps_position(client, coop):  # noqa: F811
    from tests.core.test_uploads import photo_with_gps

    agreement = make_agreement(coop, status="active")
    client.force_login(coop["serang_staf"])
    upload = SimpleUploadedFile("lokasi.jpg", photo_with_gps(), content_type="image/jpeg")
    response = client.post(
        reverse("cooperation:update_add", args=[agreement.pk]),
        {"happened_on": "2026-02-01", "text": "Foto di lokasi", "photos": [upload]},
    )
    assert response.status_code == 302
    served = b"".join(client.get(reverse("cooperation:agreement_photo", args=[AgreementPhoto.objects.get().pk])))
    with Image.open(io.BytesIO(served)) as image:
        assert image.format == "JPEG" and not image.getexif()
