from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .forms import ProfileForm
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
    return render(request, "accounts/profile.html", {"form": form, "positions": positions, "staff_roles": staff_roles})


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice on a signed-in user's profile."""
    language = request.POST.get("language")
    if request.user.is_authenticated and translation.check_for_language(language or ""):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return django_set_language(request)
