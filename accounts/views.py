from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from villages.models import Official

from .forms import NotificationSettingsForm, ProfileForm
from .models import Notification, StaffRole


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
        Official.objects.filter(user=request.user)
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


@login_required
def notification_list(request):
    notifications = request.user.notifications.all()
    if request.GET.get("belum-dibaca"):
        notifications = notifications.unread()
    page = Paginator(notifications, 20).get_page(request.GET.get("page"))
    context = {"page": page, "unread_only": bool(request.GET.get("belum-dibaca"))}
    return render(request, "accounts/notifications.html", context)


@login_required
def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url or "accounts:notifications")
    return redirect("accounts:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = request.user.notifications.unread().update(read_at=timezone.now())
    messages.success(request, _("%(count)d notifikasi ditandai sudah dibaca.") % {"count": count})
    return redirect("accounts:notifications")


@login_required
def notification_settings(request):
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST, user=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Pengaturan notifikasi disimpan."))
            return redirect("accounts:notification_settings")
    else:
        form = NotificationSettingsForm(user=request.user)
    return render(request, "accounts/notification_settings.html", {"form": form})
