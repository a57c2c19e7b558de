from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Pustaka praktik baik")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from .models import Practice, SdgGoal, Topic
        from .practices import ensure_library_reference_data, library_changed

        # Topics and SDGs Desa goals come back after a transactional test's flush, like positions do.
        post_migrate.connect(ensure_library_reference_data, sender=self, dispatch_uid="knowledge_reference_data")
        for model in (Practice, Topic, SdgGoal):
            post_save.connect(library_changed, sender=model, dispatch_uid=f"library_changed_save_{model.__name__}")
            post_delete.connect(library_changed, sender=model, dispatch_uid=f"library_changed_delete_{model.__name__}")
        for through in (Practice.topics.through, Practice.sdgs.through):
            m2m_changed.connect(library_changed, sender=through, dispatch_uid=f"library_changed_{through.__name__}")
