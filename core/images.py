"""Uploaded pictures (a village's logo or photo): checked by what they contain, never by their name.

An upload is refused before anything is stored when it is over the size limit (the upload handler
below stops reading it), when Pillow cannot read it as JPEG, PNG or WebP, or when its dimensions
would blow up in memory. What passes is shrunk, stripped of its metadata (phone photos carry GPS
positions in EXIF) and stored under a random name, so one village's files cannot be guessed from
another's.
"""

import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 800
# Far above any camera, far below what would exhaust a worker's memory when decoded.
MAX_PIXELS = 50_000_000
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"


class ImageRejected(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def too_large_message():
    return _("Berkas lebih besar dari %(megabytes)s MB. Perkecil gambarnya atau pilih berkas lain.") % {
        "megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)
    }


class UploadSizeLimit(FileUploadHandler):
    """Put first in request.upload_handlers: drops a file as soon as it passes the limit, so the
    rest of an oversized upload is neither kept in memory nor written to a temporary file."""

    def __init__(self, request=None, limit=MAX_UPLOAD_BYTES):
        super().__init__(request)
        self.limit = limit
        self.too_large = set()  # names of the fields whose file was dropped

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.too_large.add(self.field_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) holds the data


def _with_alpha(image):
    """The image in RGBA when some pixel is at least partly transparent, else None."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if not has_alpha:
        return None
    rgba = image.convert("RGBA")
    return rgba if rgba.getchannel("A").getextrema()[0] < 255 else None


def without_metadata(upload, image_format):
    """The picture re-encoded from its pixels alone, turned upright first: EXIF (GPS position,
    camera, time), XMP, ICC profiles and PNG text chunks are left behind. The same format comes
    back, at its own size. `upload` must already have passed a check of its content."""
    upload.seek(0)
    with Image.open(upload, formats=(image_format,)) as original:
        original.load()
        image = ImageOps.exif_transpose(original)
    options = {}
    if "transparency" in image.info and image_format == "PNG":
        options["transparency"] = image.info["transparency"]
    image.info = {}  # nothing read from the file travels with the pixels
    output = io.BytesIO()
    if image_format == "JPEG":
        image.save(output, format="JPEG", quality=90, optimize=True)
    elif image_format == "PNG":
        image.save(output, format="PNG", optimize=True, **options)
    else:
        image.save(output, format=image_format, quality=90)
    upload.seek(0)
    return output.getvalue()


def prepare_logo(upload):
    """The uploaded file as a new ContentFile ready for storage, or ImageRejected with a message."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ImageRejected(too_large_message())
    not_an_image = _("Berkas ini bukan gambar JPEG, PNG atau WebP yang utuh. Pilih foto atau logo yang lain.")
    try:
        upload.seek(0)
        # Only these decoders ever see the bytes: anything else is "not an image" to us.
        with Image.open(upload, formats=ACCEPTED_FORMATS) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageRejected(
                    _("Ukuran gambar terlalu besar (%(width)s × %(height)s piksel).")
                    % {"width": probe.width, "height": probe.height}
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload, formats=ACCEPTED_FORMATS) as original:
            original.load()
            image = ImageOps.exif_transpose(original)
    except ImageRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected(not_an_image) from exc

    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    transparent = _with_alpha(image)
    if transparent is not None:
        # Logos are often drawn on a transparent background: WebP keeps it.
        transparent.save(output, format="WEBP", quality=90, method=4)
        extension = "webp"
    else:
        image.convert("RGB").save(output, format="JPEG", quality=85, optimize=True, progressive=True)
        extension = "jpg"
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
