from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "villages"
    verbose_name = _("Desa dan perangkat")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals

        post_migrate.connect(signals.ensure_reference_data, sender=self, dispatch_uid="villages_reference_data")

        from accounts import deletion, personal_data

        from . import services

        personal_data.register("jabatan_perangkat_desa", personal_data_section)
        deletion.register("jabatan", services.erase_person)
        deletion.register_region(services.home_region_code)


def personal_data_section(user):
    from accounts.personal_data import iso

    return [
        {
            "desa": official.village.region.code,
            "nama_desa": official.village.name,
            "jabatan": official.position.name,
            "status": official.status,
            "nomor_sk": official.sk_number,
            "tanggal_sk": iso(official.sk_date),
            "mulai_menjabat": iso(official.term_start),
            "akhir_masa_jabatan": iso(official.term_end),
            "diajukan": iso(official.created_at),
        }
        for official in user.positions.select_related("village__region", "position").order_by("pk")
    ]
