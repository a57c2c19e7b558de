from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Pustaka praktik baik")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .practices import ensure_library_reference_data

        # Topics and SDGs Desa goals come back after a transactional test's flush, like positions do.
        post_migrate.connect(ensure_library_reference_data, sender=self, dispatch_uid="knowledge_reference_data")
