"""The pages the benchmark drives, resolved against the database it runs on (inside Django)."""

from accounts.models import StaffRole
from forums.models import Network, Thread
from knowledge.models import Practice
from meetings.models import Meeting
from villages.models import Official

PASSWORD = "desa-maju-2026"  # noqa: S105 - the demo users' published password (seed_demo / seed_scale)
USERS = {
    "admin": "admin@forumdesa.test",
    "official": "sekdes.serang@forumdesa.test",
    "camat": "camat.cipari@forumdesa.test",
    "dpmd": "dpmd.cilacap@forumdesa.test",
    "province": "provinsi.jateng@forumdesa.test",
}
SEARCHES = [
    "bank sampah",
    "stunting",
    "BUMDes",
    "desa wisata",
    "pelatihan usaha",
    "air bersih",
    "pupuk organik",
    "pengelolaan keuangan",
    "budidaya lele",
    "energi surya",
]


def targets():
    """[(name, role, path)] for the read pages, and [(name, role, path, form)] for the writes."""
    official = Official.objects.active().select_related("village__region").get(user__email=USERS["official"])
    village = official.village
    code = village.region.code
    camat = StaffRole.objects.select_related("region").get(user__email=USERS["camat"]).region.code
    dpmd = StaffRole.objects.select_related("region").get(user__email=USERS["dpmd"]).region.code
    province = StaffRole.objects.select_related("region").get(user__email=USERS["province"]).region.code
    upcoming = Meeting.objects.inviting(village).upcoming().filter(status="scheduled").first()
    meeting = upcoming or Meeting.objects.inviting(village).order_by("-starts_at").first()
    practice = Practice.objects.published().order_by("-published_at").first()
    network = Network.objects.for_village(village).filter(kind="kecamatan").first()
    thread = Thread.objects.filter(network=network).order_by("-last_post_at").first()
    pages = [
        ("home", "official", "/"),
        ("village page", "official", f"/desa/{code}/"),
        ("village directory", "dpmd", "/desa/"),
        ("meeting list", "official", "/rapat/"),
        ("meeting page", "official", f"/rapat/{meeting.pk}/"),
        ("practice list", "official", "/praktik/"),
        ("practice page", "official", f"/praktik/{practice.pk}/"),
        ("thread", "official", f"/diskusi/{thread.pk}/"),
        ("report list", "dpmd", "/laporan/"),
        ("kecamatan dashboard", "camat", f"/laporan/dasbor/wilayah/{camat}/"),
        ("kabupaten dashboard", "dpmd", f"/laporan/dasbor/wilayah/{dpmd}/"),
        ("province dashboard", "province", f"/laporan/dasbor/wilayah/{province}/"),
        ("notifications", "official", "/akun/notifikasi/"),
        ("admin officials", "admin", "/admin/villages/official/"),
        ("admin meetings", "admin", "/admin/meetings/meeting/"),
        ("meeting .ics", "official", f"/rapat/{meeting.pk}/kalender.ics"),
    ]
    pages += [(f"search: {q}", "official", f"/praktik/?q={q.replace(' ', '+')}") for q in SEARCHES]
    writes = [
        ("write: register", "official", f"/rapat/{meeting.pk}/daftar/", {}),
        ("write: reply", "official", f"/diskusi/{thread.pk}/", {"body": "Terima kasih, kami ikut mencoba."}),
    ]
    return pages, writes
