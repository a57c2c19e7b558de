"""Files people attach (photos and PDFs to posts, practices, reports): checked by their content,
limited in size, stored under unguessable names without the uploader's extension in the private
storage (core/storage.py: PRIVATE_MEDIA_ROOT outside MEDIA_ROOT, or the bucket's private prefix;
no web server or development route serves them), and handed out only by views that first check
who may see them.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.http import FileResponse
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from .images import without_metadata

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "WEBP": ("image/webp", ".webp")}
PDF = ("application/pdf", ".pdf")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,application/pdf"


class _PrivateStorage(LazyObject):
    """storages["private"], looked up at first use and again after the STORAGES setting changes."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


def get_private_storage():
    # A callable, so migrations record this reference instead of one machine's storage settings.
    return private_storage


def sniff(upload):
    """(content type, extension) from the file's bytes, or ValidationError in Indonesian."""
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Berkas lebih besar dari %(mb)s MB.") % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)}, code="too_large"
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    try:
        with Image.open(upload, formats=tuple(IMAGE_FORMATS)) as image:
            image.verify()
            kind = image.format
        # verify() reads only the structure; decoding now means a picture that passes here can
        # be re-encoded without its metadata when it is stored.
        upload.seek(0)
        with Image.open(upload, formats=(kind,)) as image:
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Hanya gambar (JPEG, PNG, WebP) atau PDF yang boleh dilampirkan."), code="bad_type"
        ) from None
    finally:
        upload.seek(0)
    return IMAGE_FORMATS[kind]


def attachment_path(instance, filename):
    # The stored name says nothing about the file, its type or its owner: no extension a server
    # could map to a content type. The original name and the detected type are kept in fields.
    return f"{instance._meta.app_label}/{instance._meta.model_name}/{uuid.uuid4().hex}"


class AttachmentBase(models.Model):
    """Fields every attachment has; features subclass it with a foreign key to what it belongs to."""

    file = models.FileField(
        gettext_lazy("berkas"), upload_to=attachment_path, storage=get_private_storage, max_length=200
    )
    original_name = models.CharField(gettext_lazy("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("ukuran"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.content_type.startswith("image/")

    @classmethod
    def from_upload(cls, upload, **fields):
        """An unsaved attachment for a checked upload (call sniff() in the form's clean first).

        Pictures are stored re-encoded without their metadata: a phone photo's EXIF carries the
        GPS position where it was taken."""
        content_type, ext = sniff(upload)
        name = Path(upload.name or "berkas").stem[:150] + ext
        stored = upload
        if content_type.startswith("image/"):
            image_format = next(kind for kind, (ctype, _ext) in IMAGE_FORMATS.items() if ctype == content_type)
            stored = ContentFile(without_metadata(upload, image_format), name=name)
        return cls(file=stored, original_name=name, content_type=content_type, size=stored.size, **fields)


SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def detected_type(head):
    """The content type the first bytes of a stored file show; anything unknown is plain bytes."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


def serve_attachment(attachment, *, inline=None):
    """A download response; call only after the view has checked that the user may see it.

    The type comes from the stored bytes, whatever the row or the original name say, and only a
    picture is shown inline; everything else is a download."""
    handle = attachment.file.open("rb")
    content_type = detected_type(handle.read(16))
    handle.seek(0)
    shown = content_type.startswith("image/") and inline is not False
    name = attachment.original_name
    response = FileResponse(handle, as_attachment=not shown, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, an uploaded file can run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
