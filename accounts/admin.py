from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin import AuditedAdmin

from .models import StaffRole, User


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    audit_fields = ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "phone", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "language"]
    search_fields = ["email", "full_name", "phone"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Data diri"), {"fields": ["full_name", "phone", "language"]}),
        (_("Hak akses"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Waktu"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]


@admin.register(StaffRole)
class StaffRoleAdmin(AuditedAdmin):
    audit_fields = ["user", "region", "title", "is_active"]

    def audit_region(self, obj):
        return obj.region.code

    list_display = ["user", "title", "region", "is_active", "created_at"]
    list_filter = ["is_active", "region__level"]
    list_display_links = ["user"]
    search_fields = ["user__full_name", "user__email", "region__name", "=region__code", "title"]
    autocomplete_fields = ["region"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "region"]
