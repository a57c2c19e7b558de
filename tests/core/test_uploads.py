import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import MAX_ATTACHMENT_BYTES, sniff


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_real_images_and_pdfs_pass_whatever_their_name():
    assert sniff(SimpleUploadedFile("foto.pdf", png_bytes())) == ("image/png", ".png")
    assert sniff(SimpleUploadedFile("notulen", b"%PDF-1.7\n1 0 obj\n")) == ("application/pdf", ".pdf")


@pytest.mark.parametrize(
    "name, content",
    [
        ("foto.jpg", b"bukan gambar sama sekali"),
        ("script.png", b"<script>alert(1)</script>"),
        ("program.pdf", b"MZ\x90\x00\x03 windows executable"),
        ("kosong.png", b""),
        ("rusak.png", png_bytes()[:40]),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(name, content):
    with pytest.raises(ValidationError) as error:
        sniff(SimpleUploadedFile(name, content))
    assert "Hanya gambar (JPEG, PNG, WebP) atau PDF" in error.value.messages[0]


def test_too_large_is_refused():
    upload = SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES)
    with pytest.raises(ValidationError) as error:
        sniff(upload)
    assert error.value.code == "too_large"


def photo_with_gps(fmt="JPEG"):
    """A phone-like photo: EXIF with the camera and the GPS position (Desa Serang, Cilacap)."""
    exif = Image.Exif()
    exif[0x010F] = "Kamera Ponsel"  # Make
    exif[0x8825] = {1: "S", 2: (7.0, 29.0, 10.0), 3: "E", 4: (108.0, 46.0, 30.0)}  # GPSInfo
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, fmt, exif=exif)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the fixture really carries a position
        assert check.getexif().get_ifd(0x8825)
    return data


def attachment_models():
    from cooperation.models import AgreementPhoto
    from forums.models import PostAttachment
    from knowledge.models import PracticeAttachment
    from meetings.models import MinutesAttachment
    from reports.models import ReportAttachment

    return [PostAttachment, PracticeAttachment, ReportAttachment, MinutesAttachment, AgreementPhoto]


@pytest.mark.parametrize("model", attachment_models(), ids=lambda m: m.__name__)
@pytest.mark.parametrize("fmt, ext", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_photos_are_stored_without_their_metadata(model, fmt, ext, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = model.from_upload(SimpleUploadedFile(f"sawah.{ext}", photo_with_gps(fmt)))
    attachment.file.save(attachment.file.name, attachment.file.file, save=False)
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert image.format == fmt and image.size == (40, 30)
        assert not image.getexif() and "exif" not in image.info
    assert attachment.size == attachment.file.size and attachment.content_type == f"image/{fmt.lower()}"


def test_sideways_photo_is_stored_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG", exif=exif)
    from core.images import without_metadata

    with Image.open(io.BytesIO(without_metadata(SimpleUploadedFile("a.jpg", buffer.getvalue()), "JPEG"))) as image:
        assert image.size == (30, 40) and not image.getexif()
