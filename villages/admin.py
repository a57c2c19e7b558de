from django.contrib import admin, messages
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import AuditedAdmin
from core.audit import Action
from core.paginators import LargeTablePaginator
from regions.admin import ProvinceFilter
from regions.models import Region
from villages.lookup import bare_name
from villages.models import IdmScore, Official, OfficialInvitation, Position, Village


class OfficialProvinceFilter(ProvinceFilter):
    code_field = "village__region__code"


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
    search_fields = ["region__name", "=region__code"]  # what get_search_results below searches
    autocomplete_fields = ["region"]
    list_select_related = ["region__parent__parent__parent"]
    show_full_result_count = False
    inlines = [IdmScoreInline, OfficialInline]

    @admin.display(description=_("kode"), ordering="region__code")
    def code(self, obj):
        return obj.region.code

    def get_search_results(self, request, queryset, search_term):
        # The members are a few rows among 91,599 regions: match names among the members' regions
        # only (one lookup by key each), so the database never scans the whole region table for a
        # name, nor joins it to count. A code ("33.01.18") matches the villages inside it.
        term = " ".join(search_term.split())
        if not term:
            return queryset, False
        regions = Region.objects.filter(pk__in=Village.objects.values("region_id"))
        if term.replace(".", "").isdigit():
            regions = regions.filter(Q(code=term) | Q(code__startswith=f"{term}."))
        else:
            regions = regions.filter(name__icontains=bare_name(term))
        return queryset.filter(region__in=regions.values("pk")), False

    @admin.display(description=_("wilayah"))
    def path(self, obj):
        return obj.region.path


@admin.register(Official)
class OfficialAdmin(AuditedAdmin):
    audit_action = Action.OFFICIAL_CHANGED
    audit_fields = ["user", "village", "position", "status", "term_start", "term_end"]

    def audit_region(self, obj):
        return obj.village.region.code

    list_display = ["user", "position", "village", "status", "term_start", "term_end", "created_at"]
    list_filter = ["status", "position", OfficialProvinceFilter]
    search_fields = ["user__full_name", "user__email", "village__region__name", "=village__region__code"]
    raw_id_fields = ["user", "decided_by"]
    autocomplete_fields = ["village"]
    list_select_related = ["user", "position", "village__region"]
    show_full_result_count = False
    # Unfiltered, the list is counted from PostgreSQL's estimate, not by COUNT(*) over every row.
    paginator = LargeTablePaginator
    # 670,000 rows nationally: a page of 50 renders in half the time of the default 100.
    list_per_page = 50
    # Newest first, by the primary key's index: the model's order (position, then name) would sort
    # every official in the country for each page.
    ordering = ["-pk"]
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
