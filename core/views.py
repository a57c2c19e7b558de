"""Public media: the pictures that are meant for everyone (village logos and photos).

Only MEDIA_ROOT is reachable here, and attachments never live there (see core.uploads). The view
serves in production too, so a deployment needs no extra web-server rule; a proxy in front may
still serve MEDIA_ROOT itself for speed (README, "Security and operations"). Whatever the file is
called, it is answered only when its bytes are a picture, typed by those bytes, with headers that
keep a browser from treating it as anything else.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

from .uploads import detected_type


@require_safe
def public_media(request, path):
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except (SuspiciousFileOperation, ValueError):
        raise Http404 from None
    if not full.is_file():
        raise Http404
    handle = full.open("rb")
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
