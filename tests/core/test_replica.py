"""With DATABASE_REPLICA_URL, the dashboards and directories read from the replica, except right
after the browser's own write; who the user is always comes from the primary; writes never go
to the replica. (Here the "replica" is a second connection to the test database.)"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.replica import REPLICA, WROTE_COOKIE, ReplicaRouter
from tests.factories import OfficialFactory, StaffRoleFactory, VillageFactory, region


@pytest.fixture
def replica(transactional_db, regions):
    connections.settings[REPLICA] = dict(connections.settings["default"])
    # Connected here: the test case only allows connections to the aliases it knew when it began.
    connections[REPLICA].connect()
    yield connections[REPLICA]
    connections[REPLICA].close()
    del connections.settings[REPLICA]
    if hasattr(connections._connections, REPLICA):
        delattr(connections._connections, REPLICA)


@pytest.fixture
def dpmd(regions):
    return StaffRoleFactory(region=region("33.01"), title="DPMD Cilacap").user


def reads(client, url, **kwargs):
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections[REPLICA]) as rep:
        response = client.get(url, **kwargs)
    return response, [q["sql"] for q in primary], [q["sql"] for q in rep]


def test_a_dashboard_reads_from_the_replica_and_the_user_from_the_primary(replica, client, dpmd, serang):
    VillageFactory(region=serang)
    client.force_login(dpmd)
    response, primary, rep = reads(client, reverse("reports:region_dashboard", args=["33.01"]))
    assert response.status_code == 200
    assert "Cilacap" in response.content.decode()
    assert rep, "the dashboard's figures come from the replica"
    assert any("django_session" in sql for sql in primary)
    assert any('"accounts_user"' in sql for sql in primary)
    assert not any("django_session" in sql for sql in rep)


def test_after_the_browsers_own_write_it_reads_from_the_primary(replica, client, dpmd):
    client.force_login(dpmd)
    # Any request that may write marks the browser for a few seconds.
    posted = client.post(reverse("notifications:read_all"))
    assert posted.cookies[WROTE_COOKIE]["max-age"] == 15
    response, primary, rep = reads(client, reverse("reports:region_dashboard", args=["33.01"]))
    assert response.status_code == 200
    assert rep == [] and primary


@pytest.mark.parametrize("name", ["villages:village_directory", "knowledge:practice_list"])
def test_the_big_directories_read_from_the_replica(replica, client, serang, name):
    village = VillageFactory(region=serang)
    client.force_login(OfficialFactory(village=village).user)
    response, _primary, rep = reads(client, reverse(name))
    assert response.status_code == 200 and rep


def test_other_pages_never_read_from_the_replica(replica, client, serang):
    village = VillageFactory(region=serang)
    client.force_login(OfficialFactory(village=village).user)
    for url in (reverse("home"), reverse("villages:village_detail", args=[village.code])):
        response, primary, rep = reads(client, url)
        assert response.status_code == 200 and primary and rep == []


def test_writes_and_migrations_stay_on_the_primary():
    router = ReplicaRouter()
    assert router.db_for_write(object) is None
    assert router.allow_migrate(REPLICA, "villages") is False
    assert router.allow_migrate("default", "villages") is True


@pytest.mark.django_db
def test_without_a_replica_nothing_changes(client, dpmd):
    client.force_login(dpmd)
    posted = client.post(reverse("notifications:read_all"))
    assert WROTE_COOKIE not in posted.cookies
    assert client.get(reverse("reports:region_dashboard", args=["33.01"])).status_code == 200
