from django.contrib import admin

from .models import (
    Adoption,
    Document,
    Practice,
    PracticeAttachment,
    PracticeComment,
    PracticeRevision,
    SdgGoal,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SdgGoal)
class SdgGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]


class PracticeAttachmentInline(admin.TabularInline):
    model = PracticeAttachment
    fields = ["original_name", "content_type", "size"]
    readonly_fields = fields
    extra = 0


class PracticeRevisionInline(admin.TabularInline):
    model = PracticeRevision
    fields = ["number", "edited_by", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "village", "status", "published_at", "funding_source"]
    list_filter = ["status", "funding_source", "topics"]
    search_fields = ["title", "summary"]
    list_select_related = ["village__region"]
    raw_id_fields = ["village", "created_by", "published_by", "authors", "meetings"]
    filter_horizontal = ["topics", "sdgs"]
    inlines = [PracticeAttachmentInline, PracticeRevisionInline]


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["practice", "village", "adopted_on"]
    list_select_related = ["practice", "village__region"]
    raw_id_fields = ["practice", "village", "recorded_by"]


@admin.register(PracticeComment)
class PracticeCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "practice", "author", "is_question", "is_hidden", "created_at"]
    list_filter = ["is_hidden", "is_question"]
    list_select_related = ["practice", "author"]
    raw_id_fields = ["practice", "author", "author_village"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "year", "original_name", "size"]
    list_filter = ["category", "year"]
    search_fields = ["title", "description"]
    raw_id_fields = ["village", "uploaded_by"]
    readonly_fields = ["original_name", "content_type", "size"]
    filter_horizontal = ["topics"]
