from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Rapat, pelatihan dan workshop")

    def ready(self):
        from accounts import deletion, personal_data

        from . import services

        personal_data.register("pendaftaran_rapat", personal_data_section)
        deletion.register("rapat", services.erase_person)


def personal_data_section(user):
    from accounts.personal_data import iso

    return [
        {
            "rapat": registration.meeting.title,
            "mulai": iso(registration.meeting.starts_at),
            "desa": registration.village.region.code,
            "jabatan": registration.position_name,
            "status": registration.status,
            "mendaftar": iso(registration.created_at),
            "hadir": registration.attended,
            "presensi": iso(registration.checked_in_at),
        }
        for registration in user.meeting_registrations.select_related("meeting", "village__region").order_by("pk")
    ]
