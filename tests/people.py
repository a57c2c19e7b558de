"""People and places for the discussion tests: Desa Serang and Desa Caruy share the Cipari forum;
Desa Lumbir (Kab. Banyumas) is in another kecamatan's forum."""

import pytest

from forums.models import Network
from regions.models import Region
from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory
from villages.models import Position


def official(village, code="STAF", **user_fields):
    user = UserFactory(**user_fields)
    OfficialFactory(user=user, village=village, position=Position.objects.get(code=code))
    return user


def staff(code, **user_fields):
    return StaffRoleFactory(user=UserFactory(**user_fields), region=Region.objects.get(code=code)).user


@pytest.fixture
def serang_village(serang):
    return VillageFactory(region=serang)


@pytest.fixture
def caruy_village(regions):
    return VillageFactory(region=Region.objects.get(code="33.01.18.2001"))


@pytest.fixture
def lumbir_village(regions):
    return VillageFactory(region=Region.objects.get(code="33.02.01.2001"))


@pytest.fixture
def cipari(serang_village, caruy_village):
    return Network.objects.get(kind=Network.Kind.KECAMATAN, cover_region__code="33.01.18")


@pytest.fixture
def sekdes(serang_village):
    return official(serang_village, "SEKDES", full_name="Siti Rahayu")


@pytest.fixture
def kades_caruy(caruy_village):
    return official(caruy_village, "KADES", full_name="Bambang Sutrisno")


@pytest.fixture
def outsider(lumbir_village):
    return official(lumbir_village, "KADES", full_name="Joko Lumbir")


@pytest.fixture
def camat(regions):
    return staff("33.01.18", full_name="Camat Cipari")
