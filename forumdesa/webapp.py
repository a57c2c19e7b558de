"""The installable web app: its manifest and the service worker, both served from the site's root."""

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

THEME_COLOR = "#1f6f50"  # --fd-green in static/css/forumdesa.css
SERVICE_WORKER = Path(settings.BASE_DIR) / "static" / "js" / "sw.js"


@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request):
    data = {
        "name": "ForumDesa",
        "short_name": "ForumDesa",
        "description": _("Ruang belajar dan kerja sama perangkat desa se-Indonesia."),
        "lang": "id",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": "#ffffff",
        "icons": [
            {"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
            for size in (192, 512)
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """The worker's script must come from / to control every page; browsers re-check it on each visit."""
    response = HttpResponse(SERVICE_WORKER.read_text(encoding="utf-8"), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response
