import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import StaffRole, User
from regions.models import Region
from reports import dashboards

PROVINCE_USER = "provinsi.jateng@forumdesa.test"


@pytest.fixture
def province(db):
    province = Region.objects.create(code="99", name="PROVINSI UJI", level=1, kind="provinsi")
    kab = Region.objects.create(code="99.01", name="Kabupaten Uji", level=2, kind="kabupaten", parent=province)
    for k in range(2):
        kec = Region.objects.create(code=f"99.01.0{k + 1}", name=f"Uji {k}", level=3, kind="kecamatan", parent=kab)
        for n in range(3):
            Region.objects.create(code=f"{kec.code}.200{n}", name=f"Desa {k}{n}", level=4, kind="desa", parent=kec)
    call_command("seed_scale", profile="kabupaten", region="99.01", i_know_this_is_scratch=True, verbosity=0)
    return province


def test_province_figures_are_computed_once_and_equal_the_live_ones(province, client):
    client.force_login(User.objects.get(email=PROVINCE_USER))
    with CaptureQueriesContext(connection) as first:
        response = client.get("/laporan/dasbor/wilayah/99/", secure=True)
    assert response.status_code == 200
    board = response.context["board"]
    live = dashboards.region_dashboard(province, board.start, board.end)
    assert board.totals == live.totals and board.rows == live.rows
    assert board.totals["meetings"] > 0
    with CaptureQueriesContext(connection) as second:
        again = client.get("/laporan/dasbor/wilayah/99/", secure=True)
    assert again.context["board"].totals == live.totals
    assert len(second) < len(first)


def test_cached_figures_are_still_refused_to_staff_of_another_region(province, client, regions):
    province_user = User.objects.get(email=PROVINCE_USER)
    client.force_login(province_user)
    assert client.get("/laporan/dasbor/wilayah/99/", secure=True).status_code == 200
    outsider = User.objects.create_user(email="camat.lain@forumdesa.test", password="x", full_name="Camat Lain")
    StaffRole.objects.create(user=outsider, region=Region.objects.get(code="33.01.18"), title="Camat")
    client.force_login(outsider)
    assert client.get("/laporan/dasbor/wilayah/99/", secure=True).status_code == 404
