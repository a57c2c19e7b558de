from django.contrib import admin

from .models import Delivery, Lease


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
