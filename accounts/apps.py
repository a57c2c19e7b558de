from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def name_the_site(sender, app_config=None, using="default", **kwargs):
    """allauth's mails say "Halo dari <site name>": keep the Site row named after every migrate
    or flush (Django re-creates it as example.com)."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_ROOT).netloc or "forumdesa.local"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
    )
    Site.objects.clear_cache()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Akun")

    def ready(self):
        post_migrate.connect(name_the_site, sender=self, dispatch_uid="accounts_name_the_site")

        from . import personal_data

        personal_data.register("akun", personal_data.account_section)
