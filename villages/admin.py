from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import IdmScore, Official, OfficialInvitation, Position, Region, Village


class ProvinceFilter(admin.SimpleListFilter):
    """Filter by province through the code prefix, so no join over the region tree is needed."""

    title = _("provinsi")
    parameter_name = "provinsi"
    code_field = "region__code"

    def lookups(self, request, model_admin):
        return list(Region.objects.provinces().order_by("name").values_list("code", "name"))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.code_field}__startswith": f"{self.value()}."})
        return queryset


class OfficialProvinceFilter(ProvinceFilter):
    code_field = "village__region__code"


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Imported data: searchable and browsable, changed only by import_regions."""

    list_display = ["code", "name", "kind", "level", "postal_code", "timezone"]
    list_filter = ["level", "kind", "timezone"]
    search_fields = ["=code", "code__startswith", "name"]
    list_select_related = ["parent"]
    show_full_result_count = False
    ordering = ["code"]

    def get_search_results(self, request, queryset, search_term):
        # A code like "33.01" matches everything inside it through the code's prefix index.
        term = search_term.strip()
        if term and term.replace(".", "").isdigit():
            return queryset.filter(code__startswith=term), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "group", "manages_village", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


class OfficialInline(admin.TabularInline):
    model = Official
    extra = 0
    raw_id_fields = ["user", "decided_by"]
    fields = ["user", "position", "status", "sk_number", "term_start", "term_end"]


class IdmScoreInline(admin.TabularInline):
    model = IdmScore
    extra = 0


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "code", "path", "joined_at"]
    list_filter = [ProvinceFilter]
    search_fields = ["region__name", "=region__code"]
    autocomplete_fields = ["region"]
    list_select_related = ["region__parent__parent__parent"]
    show_full_result_count = False
    inlines = [IdmScoreInline, OfficialInline]

    @admin.display(description=_("kode"), ordering="region__code")
    def code(self, obj):
        return obj.region.code

    @admin.display(description=_("wilayah"))
    def path(self, obj):
        return obj.region.path


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["user", "position", "village", "status", "term_start", "term_end", "created_at"]
    list_filter = ["status", "position", OfficialProvinceFilter]
    search_fields = ["user__full_name", "user__email", "village__region__name", "=village__region__code"]
    raw_id_fields = ["user", "decided_by"]
    autocomplete_fields = ["village"]
    list_select_related = ["user", "position", "village__region"]
    show_full_result_count = False
    actions = ["approve"]

    @admin.action(description=_("Setujui permohonan jabatan yang dipilih"))
    def approve(self, request, queryset):
        approved = 0
        for official in queryset.filter(status=Official.Status.PENDING).select_related("user"):
            if Official.objects.active().filter(user=official.user).exists():
                continue
            official.status = Official.Status.ACTIVE
            official.decided_by = request.user
            official.decided_at = timezone.now()
            official.save(update_fields=["status", "decided_by", "decided_at"])
            approved += 1
        self.message_user(
            request,
            ngettext("%d permohonan disetujui.", "%d permohonan disetujui.", approved) % approved,
            messages.SUCCESS,
        )


@admin.register(OfficialInvitation)
class OfficialInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "position", "village", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_filter = ["position"]
    search_fields = ["email", "village__region__name"]
    raw_id_fields = ["invited_by", "official"]
    autocomplete_fields = ["village"]
    list_select_related = ["position", "village__region", "invited_by"]
    readonly_fields = ["token", "accepted_at", "official"]


# ---- Cooperation agreements, staff exchanges, resource sharing ----

# Imported here so that this section stays self-contained at the end of the module.
from . import models as coop  # noqa: E402


class AgreementPartyInline(admin.TabularInline):
    model = coop.AgreementParty
    extra = 0
    raw_id_fields = ["village", "confirmed_by"]


class MilestoneInline(admin.TabularInline):
    model = coop.Milestone
    extra = 0


@admin.register(coop.Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "field", "status", "lead_village", "starts_on", "ends_on", "is_public"]
    list_filter = ["status", "field", "is_public"]
    search_fields = ["title", "lead_village__region__name"]
    raw_id_fields = ["lead_village", "created_by", "closed_by"]
    list_select_related = ["lead_village__region"]
    inlines = [AgreementPartyInline, MilestoneInline]


@admin.register(coop.CooperationReminder)
class CooperationReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "agreement", "milestone", "due_at", "sent_at", "outcome"]
    list_filter = ["kind", "outcome"]
    raw_id_fields = ["agreement", "milestone"]


@admin.register(coop.StaffExchange)
class StaffExchangeAdmin(admin.ModelAdmin):
    list_display = ["visitor", "home_village", "host_village", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["visitor", "home_village", "host_village", "host_mentor", "requested_by", "decided_by"]


@admin.register(coop.ResourcePost)
class ResourcePostAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "category", "village", "valid_until", "status", "fulfilled"]
    list_filter = ["kind", "category", "status"]
    search_fields = ["title"]
    raw_id_fields = ["village", "region", "fulfilled_with", "author"]
