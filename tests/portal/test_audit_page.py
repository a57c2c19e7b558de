"""The "Jejak audit" page: admins read the whole trail, district staff the entries of their region,
everyone else gets a 404; filters by action and date; a fixed number of queries per page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from core.models import AuditEntry
from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory, region

pytestmark = pytest.mark.django_db

URL = reverse("audit_log")
WIB = ZoneInfo("Asia/Jakarta")
Action = AuditEntry.Action


def entry(action, repr_, code, at=None, actor=None, **fields):
    return AuditEntry.objects.create(
        action=action, target_repr=repr_, region_code=code, actor=actor, at=at or datetime.now(WIB), **fields
    )


@pytest.fixture
def trail(regions):
    actor = UserFactory(full_name="Siti Rahayu")
    return [
        entry(
            Action.OFFICIAL_APPROVED,
            "Dewi — Kaur Keuangan, Desa Serang",
            "33.01.18.2006",
            actor=actor,
            ip="198.51.100.7",
        ),
        entry(Action.POST_HIDDEN, "Forum Cipari: iklan", "33.01.18", actor=actor, details={"laporan_ditangani": 2}),
        entry(Action.REPORT_RETURNED, "Laporan Desa Caruy", "33.01.18.2001", actor=actor),
        entry(Action.THREAD_MODERATED, "Forum Cipari: jadwal", "33.01.18", actor=actor),
        entry(Action.EXPORT, "Laporan Kabupaten Banyumas", "33.02.01", actor=actor),
        entry(Action.ROLE_CHANGED, "Admin baru", "", actor=actor),
    ]


def shown(response):
    assert response.status_code == 200
    return [e.target_repr for e in response.context["page"]]


def test_admin_sees_every_entry_newest_first(client, admin_user, trail):
    client.force_login(admin_user)
    response = client.get(URL)
    assert shown(response) == [e.target_repr for e in reversed(trail)]
    html = response.content.decode()
    assert "Jejak audit" in html and "Permintaan jabatan disetujui" in html
    assert "Siti Rahayu" in html and "198.51.100.7" in html
    assert "laporan ditangani:</span> 2" in html


def test_district_staff_see_only_their_region(client, trail):
    cipari = StaffRoleFactory(region=region("33.01.18")).user
    client.force_login(cipari)
    assert shown(client.get(URL)) == [
        "Forum Cipari: jadwal",
        "Laporan Desa Caruy",
        "Forum Cipari: iklan",
        "Dewi — Kaur Keuangan, Desa Serang",
    ]
    cilacap = StaffRoleFactory(region=region("33.01")).user
    client.force_login(cilacap)
    assert len(shown(client.get(URL))) == 4


def test_staff_out_of_region_see_nothing_of_another_region(client, trail):
    lumbir = StaffRoleFactory(region=region("33.02.01")).user
    client.force_login(lumbir)
    response = client.get(URL)
    assert shown(response) == ["Laporan Kabupaten Banyumas"]
    html = response.content.decode()
    assert "Desa Serang" not in html and "Cipari" not in html and "Admin baru" not in html
    # Filtering cannot widen the scope.
    assert shown(client.get(URL, {"action": Action.OFFICIAL_APPROVED})) == []


def test_a_code_that_only_begins_alike_is_outside(client, regions):
    entry(Action.EXPORT, "Di luar", "33.011")
    entry(Action.EXPORT, "Di dalam", "33.01.18")
    client.force_login(StaffRoleFactory(region=region("33.01")).user)
    assert shown(client.get(URL)) == ["Di dalam"]


def test_others_get_404_and_visitors_sign_in(client, trail):
    official = OfficialFactory(village=VillageFactory(region=region("33.01.18.2006"))).user
    client.force_login(official)
    assert client.get(URL).status_code == 404
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 404
    # An ended staff role gives no access.
    former = StaffRoleFactory(region=region("33.01.18"), is_active=False).user
    client.force_login(former)
    assert client.get(URL).status_code == 404
    client.logout()
    assert client.get(URL)["Location"].startswith(reverse("account_login"))


def test_staff_and_admins_need_two_factor_first(client, regions):
    staff = StaffRoleFactory(region=region("33.01.18"), two_factor=False).user
    client.force_login(staff)
    assert client.get(URL)["Location"] == reverse("mfa_activate_totp")
    admin = UserFactory(is_staff=True, is_superuser=True, two_factor=False)
    client.force_login(admin)
    assert client.get(URL)["Location"] == reverse("mfa_activate_totp")


def test_filter_by_action_and_dates(client, admin_user, regions):
    entry(Action.EXPORT, "Mei awal", "33.01.18", at=datetime(2026, 5, 1, 0, 30, tzinfo=WIB))
    entry(Action.EXPORT, "Mei akhir", "33.01.18", at=datetime(2026, 5, 31, 23, 30, tzinfo=WIB))
    entry(Action.EXPORT, "Juni", "33.01.18", at=datetime(2026, 6, 1, 0, 0, tzinfo=WIB))
    entry(Action.DELETED, "Hapus Mei", "33.01.18", at=datetime(2026, 5, 15, 9, 0, tzinfo=WIB))
    client.force_login(admin_user)
    # WIB calendar days, both ends included.
    assert shown(client.get(URL, {"start": "2026-05-01", "end": "2026-05-31"})) == [
        "Mei akhir",
        "Hapus Mei",
        "Mei awal",
    ]
    assert shown(client.get(URL, {"action": "export", "start": "2026-05-02"})) == ["Juni", "Mei akhir"]
    assert shown(client.get(URL, {"action": "deleted"})) == ["Hapus Mei"]
    response = client.get(URL, {"start": "2026-06-01", "end": "2026-05-01"})
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.content.decode()
    # The filter is kept in the form and in the pager's links.
    assert 'value="2026-06-01"' in response.content.decode()


def test_times_are_shown_in_the_regions_zone(client, admin_user, regions):
    at = datetime(2026, 5, 1, 1, 0, tzinfo=WIB)
    entry(Action.EXPORT, "Jayapura", "91.03.01", at=at)
    entry(Action.EXPORT, "Cilacap", "33.01", at=at)
    client.force_login(admin_user)
    html = client.get(URL).content.decode()
    assert "1 Mei 2026 03.00 WIT" in html and "1 Mei 2026 01.00 WIB" in html


@pytest.mark.parametrize("count", [3, 60])
def test_query_count_is_fixed(client, admin_user, regions, count, django_assert_max_num_queries):
    actors = [UserFactory() for _ in range(3)]
    for n in range(count):
        entry(Action.EXPORT, f"Unduhan {n}", "33.01.18", actor=actors[n % 3], ip="198.51.100.7")
    staff = StaffRoleFactory(region=region("33.01")).user
    for user in (admin_user, staff):
        client.force_login(user)
        # Session, user, two-factor check, roles (2), count, page.
        with django_assert_max_num_queries(8):
            response = client.get(URL, {"action": "export"})
        assert len(response.context["page"].object_list) == min(count, 50)
    if count > 50:
        assert "Halaman 1 dari 2" in response.content.decode()
