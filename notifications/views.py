import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import NotificationSettingsForm
from .models import Notification, PushSubscription
from .push import push_enabled


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
    context = {
        "form": form,
        "push_public_key": settings.VAPID_PUBLIC_KEY if push_enabled() else "",
        "push_count": request.user.push_subscriptions.count() if push_enabled() else 0,
    }
    return render(request, "notifications/settings.html", context)


def _subscription_from(request):
    """The subscription a browser posts as JSON (PushSubscription.toJSON()), or None when malformed."""
    try:
        data = json.loads(request.body)
        endpoint, keys = data["endpoint"], data.get("keys") or {}
        p256dh, auth = keys.get("p256dh", ""), keys.get("auth", "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not isinstance(endpoint, str) or not isinstance(p256dh, str) or not isinstance(auth, str):
        return None
    schemes = ("https", "http") if settings.PUSH_ALLOW_HTTP_ENDPOINTS else ("https",)
    parts = urlsplit(endpoint)
    if parts.scheme not in schemes or not parts.hostname or len(endpoint) > 1000:
        return None
    if not (0 < len(p256dh) <= 200 and 0 < len(auth) <= 100):
        return None
    return {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}


@login_required
@require_POST
def push_subscribe(request):
    """Store this browser's push subscription for the signed-in user (a shared phone moves to
    whoever subscribed last)."""
    if not push_enabled():
        return JsonResponse({"error": "push-disabled"}, status=404)
    data = _subscription_from(request)
    if data is None:
        return HttpResponseBadRequest("bad subscription")
    PushSubscription.objects.update_or_create(
        endpoint=data["endpoint"],
        defaults={
            "user": request.user,
            "p256dh": data["p256dh"],
            "auth": data["auth"],
            "user_agent": request.headers.get("User-Agent", "")[:300],
        },
    )
    return JsonResponse({"ok": True}, status=201)


@login_required
@require_POST
def push_unsubscribe(request):
    try:
        endpoint = json.loads(request.body)["endpoint"]
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("bad subscription")
    deleted, _rows = PushSubscription.objects.filter(user=request.user, endpoint=str(endpoint)).delete()
    return JsonResponse({"ok": True, "deleted": bool(deleted)})
