from django.contrib import admin

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["job", "recipient", "delivered_at"]
    search_fields = ["job"]
    raw_id_fields = ["recipient"]
