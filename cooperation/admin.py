from django.contrib import admin

from .models import Agreement, AgreementParty, CooperationReminder, Milestone, ResourcePost, StaffExchange


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    raw_id_fields = ["village", "confirmed_by"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "field", "status", "lead_village", "starts_on", "ends_on", "is_public"]
    list_filter = ["status", "field", "is_public"]
    search_fields = ["title", "lead_village__region__name"]
    raw_id_fields = ["lead_village", "created_by", "closed_by"]
    list_select_related = ["lead_village__region"]
    inlines = [AgreementPartyInline, MilestoneInline]


@admin.register(CooperationReminder)
class CooperationReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "agreement", "milestone", "due_at", "done_at", "outcome", "attempts"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["agreement", "milestone"]
    raw_id_fields = ["agreement", "milestone"]
    readonly_fields = ["claimed_at", "claim_token", "attempts", "last_error"]


@admin.register(StaffExchange)
class StaffExchangeAdmin(admin.ModelAdmin):
    list_display = ["visitor", "home_village", "host_village", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["visitor", "home_village", "host_village", "host_mentor", "requested_by", "decided_by"]


@admin.register(ResourcePost)
class ResourcePostAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "category", "village", "valid_until", "status", "fulfilled"]
    list_filter = ["kind", "category", "status"]
    search_fields = ["title"]
    raw_id_fields = ["village", "region", "fulfilled_with", "author"]
