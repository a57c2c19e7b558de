from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import TIME_ZONES, Region


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


class TimeZoneFilter(admin.SimpleListFilter):
    """The three zones by name, without a DISTINCT over every region to find them."""

    title = _("zona waktu")
    parameter_name = "zona"

    def lookups(self, request, model_admin):
        return [(name, f"{abbr} ({name})") for name, abbr in TIME_ZONES.items()]

    def queryset(self, request, queryset):
        return queryset.filter(timezone=self.value()) if self.value() else queryset


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Imported data: searchable and browsable, changed only by import_regions."""

    list_display = ["code", "name", "kind", "level", "postal_code", "timezone"]
    list_filter = ["level", "kind", TimeZoneFilter]
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
