from django.contrib import admin

from enterprises.models import Enterprise, EnterpriseMessage, Potential, Programme, Support


@admin.register(Potential)
class PotentialAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "village", "location"]
    list_filter = ["sector"]
    search_fields = ["name", "location", "village__region__name"]
    autocomplete_fields = ["village"]
    list_select_related = ["village__region"]


class SupportInline(admin.TabularInline):
    model = Support
    extra = 0
    raw_id_fields = ["meeting"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "village", "workers", "turnover", "is_listed"]
    list_filter = ["kind", "sector", "turnover", "is_listed"]
    search_fields = ["name", "products", "village__region__name"]
    autocomplete_fields = ["village"]
    raw_id_fields = ["created_by"]
    list_select_related = ["village__region"]
    inlines = [SupportInline]


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "kind", "given_by", "given_on"]
    list_filter = ["kind"]
    search_fields = ["enterprise__name", "given_by"]
    raw_id_fields = ["enterprise", "meeting"]
    list_select_related = ["enterprise"]


@admin.register(EnterpriseMessage)
class EnterpriseMessageAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "sender", "sender_village", "created_at"]
    search_fields = ["enterprise__name", "text"]
    raw_id_fields = ["enterprise", "sender", "sender_village"]
    list_select_related = ["enterprise", "sender", "sender_village__region"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "village", "network", "starts_on", "ends_on"]
    search_fields = ["name", "goal"]
    autocomplete_fields = ["village"]
    raw_id_fields = ["network", "trainings", "enterprises", "practices", "created_by"]
    list_select_related = ["village__region", "network"]
