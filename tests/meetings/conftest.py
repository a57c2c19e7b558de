from datetime import datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from forums.models import Network, NetworkMembership
from meetings.models import Meeting
from tests.factories import OfficialFactory, StaffRoleFactory, VillageFactory, region
from villages.models import Position

JAKARTA = ZoneInfo("Asia/Jakarta")


def ensure_positions():
    """Transactional tests flush the tables, the seeded positions with them; put them back."""
    if not Position.objects.exists():
        from django.apps import apps

        import_module("villages.migrations.0002_seed_positions").seed_positions(apps, None)


def position(code):
    ensure_positions()
    return Position.objects.get(code=code)


@pytest.fixture
def serang_village(serang):
    return VillageFactory(region=serang)


@pytest.fixture
def caruy_village(regions):
    return VillageFactory(region=region("33.01.18.2001"))


@pytest.fixture
def lumbir_village(regions):
    return VillageFactory(region=regions.filter(code__startswith="33.02.01.", level=4).first())


@pytest.fixture
def sekdes(serang_village):
    return OfficialFactory(village=serang_village, position=position("SEKDES")).user


@pytest.fixture
def kades(serang_village):
    return OfficialFactory(village=serang_village, position=position("KADES")).user


@pytest.fixture
def caruy_official(caruy_village):
    return OfficialFactory(village=caruy_village, position=position("SEKDES")).user


@pytest.fixture
def outsider(lumbir_village):
    return OfficialFactory(village=lumbir_village, position=position("SEKDES")).user


@pytest.fixture
def camat(regions):
    return StaffRoleFactory(region=region("33.01.18"), title="Camat").user


@pytest.fixture
def network(serang_village, caruy_village, camat):
    net = Network.objects.create(name="Forum Cipari", slug="forum-cipari", cover_region=region("33.01.18"))
    net.coordinators.add(camat)
    for village in (serang_village, caruy_village):
        NetworkMembership.objects.create(network=net, village=village, state=NetworkMembership.State.ACTIVE)
    return net


def local(year, month, day, hour=10, minute=0, tz=JAKARTA):
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def make_meeting(organiser, *, host_village=None, host_region=None, start=None, hours=2, **fields):
    start = start or timezone.now() + timedelta(days=3)
    fields.setdefault("audience_kind", Meeting.Audience.REGION if "audience_region" in fields else "villages")
    meeting = Meeting.objects.create(
        title=fields.pop("title", "Rapat koordinasi BUMDes"),
        host_village=host_village,
        host_region=host_region,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        place=fields.pop("place", "Balai Desa Serang"),
        created_by=organiser,
        **fields,
    )
    meeting.organisers.add(organiser)
    return meeting


@pytest.fixture
def training(camat, network):
    """A training the Cipari staff organise for the Cipari network, three days from now."""
    return make_meeting(
        camat,
        host_region=region("33.01.18"),
        title="Pelatihan Siskeudes",
        kind=Meeting.Kind.TRAINING,
        audience_kind=Meeting.Audience.NETWORK,
        audience_network=network,
        agenda="1. Pembukaan\n2. **Praktik** Siskeudes",
    )
