from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import NotificationSettingsForm
from .models import Notification


@login_required
def notification_list(request):
    notifications = request.user.notifications.all()
    if request.GET.get("belum-dibaca"):
        notifications = notifications.unread()
    page = Paginator(notifications, 20).get_page(request.GET.get("page"))
    context = {"page": page, "unread_only": bool(request.GET.get("belum-dibaca"))}
    return render(request, "notifications/list.html", context)


@login_required
def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url or "notifications:list")
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read_all(request):
    count = request.user.notifications.unread().update(read_at=timezone.now())
    messages.success(request, _("%(count)d notifikasi ditandai sudah dibaca.") % {"count": count})
    return redirect("notifications:list")


@login_required
def notification_settings(request):
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST, user=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Pengaturan notifikasi disimpan."))
            return redirect("notifications:settings")
    else:
        form = NotificationSettingsForm(user=request.user)
    return render(request, "notifications/settings.html", {"form": form})
