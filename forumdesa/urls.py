from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import admin_login, set_language
from core.views import public_media
from portal.views import audit_log, home

from . import health, webapp

admin.site.site_header = _("Administrasi ForumDesa")
admin.site.site_title = "ForumDesa"
admin.site.index_title = _("Kelola wilayah, desa, pengguna dan konten")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("sw.js", webapp.service_worker, name="service_worker"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("akun/", include("allauth.urls")),
    path("akun/", include("accounts.urls")),
    path("akun/", include("notifications.urls")),
    path("", include("regions.urls")),
    path("", include("villages.urls")),
    path("", include("forums.urls")),
    path("", include("cooperation.urls")),
    path("", include("knowledge.urls")),
    path("", include("enterprises.urls")),
    path("rapat/", include("meetings.urls")),
    path("laporan/", include("reports.urls")),
    path("audit/", audit_log, name="audit_log"),
    # Before the admin's own URLs: its login form would bypass the sign-in's rate limits.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]

# Public pictures (village logos), in development and production alike; attachments are elsewhere.
urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", public_media, name="public_media"))
