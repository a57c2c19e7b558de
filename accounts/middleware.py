from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from .models import StaffRole, User


class LanguageMiddleware(LocaleMiddleware):
    """Indonesian first: the language saved on the user's profile, else the one chosen with the
    switch (a cookie), else Indonesian. The browser's Accept-Language is deliberately not used:
    many phones in Indonesia are set to English while their owners expect the site in Indonesian.
    """

    def process_request(self, request):
        language = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.language
        if not language:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not language or not translation.check_for_language(language):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Pages where decisions about other people are taken: the admin, the review of activity reports,
# the approval of officials, the audit trail. Admins and district staff reach them only with two-factor sign-in on.
TWO_FACTOR_VIEWS = {"reports:review", "villages:pending_approvals", "villages:decide_official", "audit_log"}


# An authenticator app or a security key/passkey; recovery codes alone are no second factor.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def two_factor_missing(user):
    """True when the user must have two-factor sign-in and has none (one query)."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            district_staff=Exists(StaffRole.objects.filter(user=OuterRef("pk"), is_active=True)),
            has_second_factor=Exists(Authenticator.objects.filter(user=OuterRef("pk"), type__in=SECOND_FACTORS)),
        )
        .values("district_staff", "has_second_factor")
        .first()
    )
    if row is None or row["has_second_factor"]:
        return False
    return user.is_staff or user.is_superuser or row["district_staff"]


class TwoFactorRequiredMiddleware(MiddlewareMixin):
    """Once an authenticator is on, allauth asks for its code at every sign-in (the admin's too,
    which goes through the same sign-in); this sends admins and district staff without one to
    turn it on before the pages above."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not request.user.is_authenticated:
            return None
        if match.namespace != "admin" and match.view_name not in TWO_FACTOR_VIEWS:
            return None
        if not two_factor_missing(request.user):
            return None
        messages.warning(
            request,
            _("Halaman ini memerlukan verifikasi dua langkah. Aktifkan dulu aplikasi autentikator Anda."),
        )
        return redirect("mfa_activate_totp")
