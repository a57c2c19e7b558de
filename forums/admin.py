from django.contrib import admin

from .models import Poll, PollChoice, Post, PostAttachment, PostReport, Thread


class PostInline(admin.TabularInline):
    model = Post
    fields = ["author", "body", "is_hidden", "edited_at"]
    readonly_fields = ["author", "edited_at"]
    extra = 0
    show_change_link = True


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "author", "last_post_at", "reply_count", "is_pinned", "is_locked", "is_hidden"]
    list_filter = ["is_pinned", "is_locked", "is_hidden"]
    search_fields = ["title", "network__name"]
    list_select_related = ["network", "author"]
    raw_id_fields = ["network", "author"]
    inlines = [PostInline]


class AttachmentInline(admin.TabularInline):
    model = PostAttachment
    fields = ["original_name", "content_type", "size"]
    readonly_fields = fields
    extra = 0
    can_delete = True


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "created_at", "is_hidden"]
    list_filter = ["is_hidden"]
    search_fields = ["body", "thread__title"]
    list_select_related = ["thread", "author"]
    raw_id_fields = ["thread", "author", "author_village", "hidden_by"]
    inlines = [AttachmentInline]


@admin.register(PostReport)
class PostReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "created_at", "resolved_at"]
    list_select_related = ["post__thread", "reporter"]
    raw_id_fields = ["post", "reporter", "resolved_by"]


class PollChoiceInline(admin.TabularInline):
    model = PollChoice
    fields = ["order", "text"]
    extra = 0


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["question", "network", "closes_at", "created_by"]
    search_fields = ["question", "network__name"]
    list_select_related = ["network", "created_by"]
    raw_id_fields = ["network", "created_by"]
    inlines = [PollChoiceInline]
