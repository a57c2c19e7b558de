from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .forms import DeleteAccountForm, ProfileForm
from .models import StaffRole


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            user = form.save()
            translation.activate(user.language)
            messages.success(request, _("Profil Anda sudah disimpan."))
            response = redirect("accounts:profile")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            return response
    else:
        form = ProfileForm(instance=request.user)
    positions = (
        request.user.positions.all()
        .select_related("position", "village__region__parent__parent__parent")
        .order_by("-created_at")
    )
    staff_roles = StaffRole.objects.filter(user=request.user).select_related("region__parent__parent")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "positions": positions, "staff_roles": staff_roles, "today": timezone.localdate()},
    )


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice on a signed-in user's profile."""
    language = request.POST.get("language")
    if request.user.is_authenticated and translation.check_for_language(language or ""):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return django_set_language(request)


def admin_login(request):
    """Stands in for the admin's own login form, which has none of the sign-in's rate limits: the
    admin is reached through the one sign-in page, with its limits, and comes back to `next`."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(next_url)
        # Signed in but not an admin: sending them to sign in again would loop.
        raise PermissionDenied
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


@login_required
def my_data(request):
    """Everything ForumDesa keeps about the signed-in user, as a JSON download."""
    from . import personal_data

    response = JsonResponse(personal_data.export(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="data-saya-forumdesa.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    """The owner deletes their account (UU 27/2022), confirming as at sign-in; see accounts.deletion."""
    from . import deletion

    form = DeleteAccountForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        deletion.delete_account(request.user, request=request)
        logout(request)
        messages.success(request, _("Akun Anda sudah dihapus. Terima kasih telah menggunakan ForumDesa."))
        return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form})
