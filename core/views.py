"""Public media: the pictures that are meant for everyone (village logos and photos).

Only the default storage (MEDIA_ROOT, or the bucket's media/ prefix) is reachable here, and
attachments never live there (see core.uploads). The view serves in production too, so a
deployment needs no extra web-server rule; a proxy in front may still serve MEDIA_ROOT itself for
speed (README, "Security and operations"). Whatever the file is called, it is answered only when
its bytes are a picture, typed by those bytes, with headers that keep a browser from treating it
as anything else.
"""

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .uploads import detected_type


@require_safe
def public_media(request, path):
    try:
        if not path or path.endswith("/") or not default_storage.exists(path):
            raise Http404
        handle = default_storage.open(path, "rb")
    except (SuspiciousFileOperation, ValueError, IsADirectoryError, FileNotFoundError, PermissionError):
        raise Http404 from None
    content_type = detected_type(handle.read(16))
    if not content_type.startswith("image/"):
        handle.close()
        raise Http404
    handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Stored names are random and never reused: a browser may keep a copy for long.
    response["Cache-Control"] = "public, max-age=2592000"
    return response
