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
