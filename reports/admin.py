from django.contrib import admin

from .models import ActivityReport, ReportingSchedule, ReportTransition


@admin.register(ReportingSchedule)
class ReportingScheduleAdmin(admin.ModelAdmin):
    list_display = ["kabupaten", "frequency", "due_days_after_period", "review_chain", "review_wait_days"]
    raw_id_fields = ["kabupaten"]


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    readonly_fields = ["actor", "at", "from_status", "to_status", "comment"]
    can_delete = False


@admin.register(ActivityReport)
class ActivityReportAdmin(admin.ModelAdmin):
    list_display = ["village", "period_start", "frequency", "status", "due_on"]
    list_filter = ["status", "frequency"]
    search_fields = ["village__region__name", "village__region__code"]
    raw_id_fields = ["village", "created_by"]
    inlines = [TransitionInline]
