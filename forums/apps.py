from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Jaringan dan diskusi")

    def ready(self):
        from accounts import deletion, personal_data

        from . import discussions, signals  # noqa: F401

        personal_data.register("tulisan_diskusi", personal_data_section)
        deletion.register("diskusi", discussions.erase_person)


def personal_data_section(user):
    from accounts.personal_data import iso

    from .models import Post

    return [
        {
            "topik": post.thread.title,
            "isi": post.body,
            "dikirim": iso(post.created_at),
            "diubah": iso(post.edited_at),
            "disembunyikan": post.is_hidden,
        }
        for post in Post.objects.filter(author=user).select_related("thread").order_by("pk")
    ]
