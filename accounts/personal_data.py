"""A user's own data, as one JSON document they can download (UU 27/2022 on personal data).

Each app knows what it keeps about a person; it registers a section here from its AppConfig.ready()
(apps only import downward, so accounts never imports them). A section is a function of the user
that returns plain JSON values and runs a fixed number of queries.
"""

from django.utils import timezone

_sections = {}


def register(name, collect):
    _sections[name] = collect


def iso(value):
    return value.isoformat() if value is not None else None


def export(user):
    data = {"dibuat": timezone.now().isoformat(), "format": "forumdesa-data-pribadi/1"}
    for name, collect in sorted(_sections.items()):
        data[name] = collect(user)
    return data


def account_section(user):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    return {
        "email": user.email,
        "nama_lengkap": user.full_name,
        "telepon": user.phone,
        "bahasa": user.language,
        "terdaftar": iso(user.date_joined),
        "terakhir_masuk": iso(user.last_login),
        "alamat_email": [
            {"email": e.email, "terverifikasi": e.verified, "utama": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "verifikasi_dua_langkah": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
        "peran_staf_wilayah": [
            {"wilayah": role.region.code, "nama": role.region.name, "jabatan": role.title, "aktif": role.is_active}
            for role in user.staff_roles.select_related("region").order_by("pk")
        ],
    }
