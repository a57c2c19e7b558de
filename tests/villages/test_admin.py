import pytest
from django.urls import reverse

from tests.factories import OfficialFactory, UserFactory, VillageFactory
from villages.models import Official


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_region_admin_searches_by_code_prefix_and_name(admin_client, regions):
    url = reverse("admin:regions_region_changelist")
    html = admin_client.get(url, {"q": "33.01.18"}).content.decode()
    assert "Serang" in html and "Caruy" in html and "Lodtunduh" not in html
    html = admin_client.get(url, {"q": "serang"}).content.decode()
    assert "33.01.18.2006" in html


def test_regions_are_read_only_in_admin(admin_client, serang):
    assert admin_client.get(reverse("admin:regions_region_add")).status_code == 403
    response = admin_client.post(reverse("admin:regions_region_change", args=[serang.pk]), {"name": "X"})
    assert response.status_code == 403


def test_village_form_never_lists_every_region(admin_client, regions, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:villages_village_add"))
    assert response.status_code == 200
    assert response.content.decode().count("<option") < 50  # regions come through autocomplete


def test_changelists_load(admin_client, serang):
    OfficialFactory(village=VillageFactory(region=serang))
    for name in ["villages_village", "villages_official", "villages_position", "accounts_user", "accounts_staffrole"]:
        assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    html = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "contoh.id"}).content.decode()
    assert "contoh.id" in html


def test_approve_action_activates_pending_officials(admin_client, serang):
    pending = OfficialFactory(village=VillageFactory(region=serang), status=Official.Status.PENDING)
    admin_client.post(
        reverse("admin:villages_official_changelist"),
        {"action": "approve", "_selected_action": [pending.pk]},
    )
    pending.refresh_from_db()
    assert pending.status == Official.Status.ACTIVE
    assert pending.decided_by is not None


def test_admin_is_closed_to_ordinary_users(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:regions_region_changelist"))
    assert response.status_code == 302


def test_village_search_by_name_or_code_with_a_fixed_query_count(admin_client, regions, django_assert_num_queries):
    from regions.models import Region

    url = reverse("admin:villages_village_changelist")
    VillageFactory(region=Region.objects.get(code="33.01.18.2006"))  # Serang
    VillageFactory(region=Region.objects.get(code="51.04.05.2001"))  # Lodtunduh, Bali
    admin_client.get(url)
    for size in (2, 8):
        for place in Region.objects.filter(code__startswith="33.02.01.", village__isnull=True)[: size - 2]:
            VillageFactory(region=place)
        for term in ("serang", "Desa Serang", "33.01.18"):
            with django_assert_num_queries(6) as captured:  # session, user, 2FA check, count, total, the page
                html = admin_client.get(url, {"q": term}).content.decode()
            assert "33.01.18.2006" in html and "51.04.05.2001" not in html, term
            # The match runs on the members' regions (a subquery by key), not on a join over all regions.
            search = [q["sql"] for q in captured.captured_queries if "LIKE" in q["sql"]]
            assert len(search) == 2  # the count and the page
            assert all('"villages_village"."region_id" IN (SELECT' in sql for sql in search)
    html = admin_client.get(url, {"q": "lodtunduh"}).content.decode()
    assert "51.04.05.2001" in html and "33.01.18.2006" not in html
    assert "Serang" not in admin_client.get(url, {"q": "33.02"}).content.decode()


def test_region_changelist_filters_time_zones_without_scanning_regions(admin_client, regions):
    url = reverse("admin:regions_region_changelist")
    html = admin_client.get(url).content.decode()
    assert "WIT (Asia/Jayapura)" in html
    html = admin_client.get(url, {"zona": "Asia/Jayapura", "q": "sentani"}).content.decode()
    assert "91.03.01" in html
