"""A kabupaten's and a kecamatan's dashboard figures are shared between viewers for a minute, and
renewed at once by any change to a meeting, registration or report of the kabupaten's villages."""

import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Meeting
from reports import activity
from reports.views import REGION_FIGURES_SECONDS
from tests.factories import StaffRoleFactory, VillageFactory, region

pytestmark = pytest.mark.django_db
KABUPATEN = "/laporan/dasbor/wilayah/33.01/"
KECAMATAN = "/laporan/dasbor/wilayah/33.01.18/"


@pytest.fixture
def dpmd(regions):
    return StaffRoleFactory(region=region("33.01"), title="DPMD Cilacap").user


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.context["board"].totals, len(queries)


def held_meeting(village):
    start = timezone.now() - timedelta(hours=3)
    return Meeting.objects.create(
        title="Rapat", host_village=village, audience_kind="region", starts_at=start, ends_at=start + timedelta(hours=2)
    )


def test_a_second_viewer_reads_the_shared_figures(client, dpmd, serang_village):
    held_meeting(serang_village)
    client.force_login(dpmd)
    first, first_queries = get(client, KABUPATEN)
    second, second_queries = get(client, KABUPATEN)
    assert first == second and first["meetings"] == 1
    assert second_queries < first_queries


def test_a_change_in_the_kabupaten_shows_at_once(client, dpmd, serang_village):
    client.force_login(dpmd)
    assert get(client, KABUPATEN)[0]["meetings"] == 0
    assert get(client, KECAMATAN)[0]["meetings"] == 0
    meeting = held_meeting(serang_village)
    assert get(client, KABUPATEN)[0]["meetings"] == 1
    assert get(client, KECAMATAN)[0]["meetings"] == 1
    Meeting.objects.filter(pk=meeting.pk).get().delete()
    assert get(client, KABUPATEN)[0]["meetings"] == 0


def test_the_rendered_league_follows_the_figures_and_the_language(client, dpmd, serang_village):
    client.force_login(dpmd)
    assert "Belum ada kegiatan pada periode ini." in client.get(KECAMATAN).content.decode()
    held_meeting(serang_village)
    page = client.get(KECAMATAN).content.decode()
    assert "1 rapat diadakan" in page and "Belum ada kegiatan" not in page
    client.post("/i18n/setlang/", {"language": "en", "next": KECAMATAN})
    page = client.get(KECAMATAN).content.decode()
    assert "By village" in page or "By region" in page
    assert "Per desa" not in page


def test_a_change_elsewhere_keeps_the_shared_figures(client, dpmd, serang_village, regions):
    client.force_login(dpmd)
    _totals, computed = get(client, KABUPATEN)
    version = activity.figures_version("33.01")
    lumbir = VillageFactory(region=region("33.02.01").children.first())
    held_meeting(lumbir)
    assert activity.figures_version("33.01") == version
    assert activity.figures_version("33.02") != "0"
    _totals, queries = get(client, KABUPATEN)
    assert queries < computed


def test_the_figures_are_shared_for_a_limited_time(client, dpmd, serang_village, monkeypatch):
    assert REGION_FIGURES_SECONDS == 60
    # The cache's own clock decides expiry (Redis's, on PostgreSQL runs): a one-second share here.
    monkeypatch.setattr("reports.views.REGION_FIGURES_SECONDS", 1)
    client.force_login(dpmd)
    get(client, KABUPATEN)
    # A new village is not a change of activity: it shows once the shared figures expire.
    VillageFactory(region=region("33.01.18.2001"))
    assert get(client, KABUPATEN)[0]["villages"] == 1
    time.sleep(1.5)
    assert get(client, KABUPATEN)[0]["villages"] == 2


def test_the_version_is_renewed_again_when_the_change_commits(serang_village, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        activity.mark_stale([(serang_village.pk, date(2026, 3, 1))])
        during = activity.figures_version("33.01.18")
        assert during != "0"
    # Figures a viewer computed from the data before the commit carry `during`: not read after it.
    assert activity.figures_version("33.01") != during


def test_shared_figures_are_refused_to_staff_of_another_region(client, dpmd, outsider_staff, serang_village):
    client.force_login(dpmd)
    get(client, KECAMATAN)
    client.force_login(outsider_staff)
    assert client.get(KECAMATAN).status_code == 404
    assert client.get(KABUPATEN).status_code == 404
