import pytest
from django.urls import reverse

from regions.models import Region
from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory
from villages.models import Official, Position


def test_visitors_see_what_forumdesa_is_and_how_to_join(client, regions):
    VillageFactory(region=Region.objects.get(code="33.01.18.2006"))
    html = client.get(reverse("home")).content.decode()
    assert "Ruang kerja bersama perangkat desa" in html
    assert reverse("account_signup") in html


def test_official_sees_their_village_and_whats_new_nearby(client, serang):
    village = VillageFactory(region=serang)
    sekdes = OfficialFactory(village=village, position=Position.objects.get(code="SEKDES")).user
    neighbour = VillageFactory(region=Region.objects.get(code="33.01.18.2001"))
    OfficialFactory(village=neighbour, user=UserFactory(full_name="Agus Prasetyo"))
    far_away = VillageFactory(region=Region.objects.get(code="51.04.05.2001"))
    client.force_login(sekdes)
    html = client.get(reverse("home")).content.decode()
    assert "Desa Serang" in html and "Kec. Cipari, Kab. Cilacap, Jawa Tengah" in html
    assert "Sekretaris Desa" in html
    assert reverse("villages:pending_approvals") in html  # a manager decides requests
    assert "Desa Caruy" in html and "Agus Prasetyo" in html
    assert far_away.name not in html


def test_user_without_a_village_is_invited_to_join(client, db):
    client.force_login(UserFactory())
    html = client.get(reverse("home")).content.decode()
    assert reverse("villages:join_village") in html


def test_pending_request_state_is_shown(client, serang):
    request = OfficialFactory(village=VillageFactory(region=serang), status=Official.Status.PENDING)
    client.force_login(request.user)
    html = client.get(reverse("home")).content.decode()
    assert "menunggu persetujuan" in html


def test_staff_see_their_region(client, regions):
    camat = StaffRoleFactory(region=Region.objects.get(code="33.01.18"), title="Camat Cipari").user
    client.force_login(camat)
    html = client.get(reverse("home")).content.decode()
    assert "Kecamatan Cipari" in html and "Camat Cipari" in html


@pytest.mark.parametrize("villages", [2, 11])
def test_home_costs_a_fixed_number_of_queries(client, serang, villages, django_assert_max_num_queries):
    regions = Region.objects.within("33.01.18").filter(level=4)[:villages]
    created = [VillageFactory(region=r) for r in regions]
    for village in created:
        OfficialFactory(village=village)
    user = Official.objects.first().user
    client.force_login(user)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("home")).status_code == 200
