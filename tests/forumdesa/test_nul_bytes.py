"""A NUL byte anywhere in a URL is "not found", on SQLite and on PostgreSQL alike (PostgreSQL
refuses NUL in a query parameter, which used to surface as a 500)."""

import pytest

from tests.factories import PASSWORD, StaffRoleFactory, VillageFactory, region

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/desa/%00/",
    "/desa/33.01.18.2006%00/",
    "/wilayah/%00/",
    "/wilayah/33%00/kerja-sama/",
    "/undangan/%00/",
    "/rapat/kalender/%00.ics",
    "/jaringan/%00/",
]
SIGNED_IN = [
    "/desa/%00/ubah/",
    "/desa/%00/perangkat/",
    "/laporan/jadwal/%00/",
    "/laporan/dasbor/wilayah/%00/",
    "/laporan/dasbor/desa/%00/tabel.csv",
    "/rapat/1/hadir/%00/",
]
# In a query string NUL is input like any other: cleaned away or refused by the form, never a 500.
QUERIES = ["/praktik/?q=%00", "/dokumen/?q=a%00b", "/rapat/?q=%00", "/laporan/daftar.csv?wilayah=%00&status=%00"]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_urls_with_nul_are_404(client, regions, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", SIGNED_IN)
def test_signed_in_urls_with_nul_are_404(client, regions, url):
    VillageFactory(region=region("33.01.18.2006"))
    staff = StaffRoleFactory(region=region("33.01"), title="DPMD").user
    client.login(email=staff.email, password=PASSWORD)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", QUERIES)
def test_nul_in_a_query_string_is_just_input(client, regions, url):
    staff = StaffRoleFactory(region=region("33.01"), title="DPMD").user
    client.login(email=staff.email, password=PASSWORD)
    assert client.get(url).status_code == 200


def test_the_same_urls_without_nul_still_answer(client, regions):
    VillageFactory(region=region("33.01.18.2006"))
    assert client.get("/desa/33.01.18.2006/").status_code == 200
    assert client.get("/wilayah/33.01/").status_code == 200
