import pytest

from tests.factories import OfficialFactory, StaffRoleFactory, VillageFactory, region
from villages.models import Position


@pytest.fixture
def serang_village(serang):
    return VillageFactory(region=serang)


@pytest.fixture
def caruy_village(regions):
    return VillageFactory(region=region("33.01.18.2001"))


@pytest.fixture
def sekdes(serang_village):
    return OfficialFactory(village=serang_village, position=Position.objects.get(code="SEKDES")).user


@pytest.fixture
def staf(serang_village):
    return OfficialFactory(village=serang_village, position=Position.objects.get(code="STAF")).user


@pytest.fixture
def camat(regions):
    return StaffRoleFactory(region=region("33.01.18"), title="Camat Cipari").user


@pytest.fixture
def outsider_staff(regions):
    return StaffRoleFactory(region=region("33.02.01"), title="Camat Lumbir").user


@pytest.fixture(autouse=True)
def _no_practices(monkeypatch):
    """A stub of knowledge.practices.practice_activity; tests that need figures set them."""
    import reports.services

    figures = {}
    monkeypatch.setattr(reports.services, "library_activity", lambda ids, s, e: figures)
    return figures
