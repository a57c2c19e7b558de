from django.contrib import admin
from django.db import transaction

from .audit import Action, record
from .models import AuditEntry, Delivery, Lease


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["job", "recipient", "delivered_at"]
    search_fields = ["job"]
    raw_id_fields = ["recipient"]


@admin.register(Lease)
class LeaseAdmin(admin.ModelAdmin):
    """Read-only: who holds a lease and until when (a stuck one frees itself when it expires)."""

    list_display = ["name", "holder", "acquired_at", "expires_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The trail is read, never written, here: no adding, editing or deleting, even for superusers."""

    list_display = ["at", "action", "actor", "target_repr", "region_code", "ip"]
    list_filter = ["action"]
    search_fields = ["target_repr", "=region_code", "=ip", "actor__email"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    show_full_result_count = False
    fields = ["at", "actor", "action", "target_type", "target_id", "target_repr", "region_code", "ip", "details"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _plain(value):
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return [str(item) for item in value]
    return str(value)


class AuditedAdmin(admin.ModelAdmin):
    """An admin whose changes to the watched fields and whose deletions go into the audit trail.

    `audit_fields` are the form fields whose change is a decision (`audit_action`); `audit_region`
    says under which region an object's entries are kept.
    """

    audit_action = Action.ROLE_CHANGED
    audit_fields = ()

    def audit_region(self, obj):
        return ""

    def save_model(self, request, obj, form, change):
        changed = [name for name in form.changed_data if name in self.audit_fields]
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if changed:
                values = {name: _plain(form.cleaned_data.get(name)) for name in changed}
                record(
                    request.user,
                    self.audit_action,
                    obj,
                    self.audit_region(obj),
                    request=request,
                    baru=not change,
                    **values,
                )

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(request.user, Action.DELETED, obj, self.audit_region(obj), request=request)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record(request.user, Action.DELETED, obj, self.audit_region(obj), request=request)
            super().delete_queryset(request, queryset)
