from django.contrib import admin

from .models import DailyDigest, NotificationEmail, PushMessage, PushSubscription

SCHEDULER_FIELDS = ["claimed_at", "claim_token", "attempts", "last_error"]


@admin.register(NotificationEmail)
class NotificationEmailAdmin(admin.ModelAdmin):
    list_display = ["notification", "due_at", "done_at", "outcome", "attempts"]
    list_filter = ["outcome"]
    list_select_related = ["notification__recipient"]
    search_fields = ["notification__recipient__email", "notification__title"]
    raw_id_fields = ["notification"]
    readonly_fields = SCHEDULER_FIELDS


@admin.register(DailyDigest)
class DailyDigestAdmin(admin.ModelAdmin):
    list_display = ["recipient", "day", "due_at", "done_at", "outcome", "attempts"]
    list_filter = ["outcome"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email"]
    date_hierarchy = "day"
    raw_id_fields = ["recipient"]
    readonly_fields = SCHEDULER_FIELDS


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "user_agent", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(PushMessage)
class PushMessageAdmin(admin.ModelAdmin):
    list_display = ["notification", "due_at", "done_at", "outcome", "attempts"]
    list_filter = ["outcome"]
    list_select_related = ["notification__recipient"]
    search_fields = ["notification__recipient__email", "notification__title"]
    raw_id_fields = ["notification", "subscription"]
    readonly_fields = SCHEDULER_FIELDS
