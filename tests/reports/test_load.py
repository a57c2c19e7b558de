import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import StaffRoleFactory, region
from villages.models import Village

# A repeat view (the monthly rows already recounted by the first) costs what it costs for a handful
# of villages (tests/reports/test_dashboards.py): a page's cost must not grow with the number of
# villages. How long the pages take is measured by the benchmark (manage.py seed_dashboard_load
# prints it), not asserted here.
MAX_QUERIES = 23
OFFICIALS_PER_VILLAGE = 3  # as seed_dashboard_load creates them


@pytest.mark.slow  # imports the whole kabupaten and seeds a year of activity
@pytest.mark.django_db
def test_dashboards_for_a_whole_kabupaten_cost_a_fixed_number_of_queries(
    client, capsys, regions, django_assert_max_num_queries
):
    call_command("seed_dashboard_load")
    capsys.readouterr()
    # Kab. Cilacap has 284 desa and kelurahan in Kemendagri data: all of them.
    villages = Village.objects.filter(region__code__startswith="33.01.")
    count = villages.count()
    assert count >= 280
    first = villages.select_related("region__parent").order_by("region__code").first()
    client.force_login(StaffRoleFactory(region=region("33.01"), title="DPMD").user)

    pages = {
        "kabupaten": reverse("reports:region_dashboard", args=["33.01"]),
        "kecamatan": reverse("reports:region_dashboard", args=[first.region.parent.code]),
        "desa": reverse("reports:village_dashboard", args=[first.region.code]),
        "daftar laporan": reverse("reports:list"),
    }
    responses = {}
    for label, url in pages.items():
        client.get(url)  # the first request fills per-process caches (sessions, content types)
        with django_assert_max_num_queries(MAX_QUERIES):
            responses[label] = client.get(url)
        assert responses[label].status_code == 200, label

    rows = responses["kabupaten"].context["board"].rows
    assert sum(row["villages"] for row in rows) == count
    assert sum(row["active_officials"] for row in rows) == OFFICIALS_PER_VILLAGE * count
    in_kecamatan = villages.filter(region__parent=first.region.parent).count()
    assert len(responses["kecamatan"].context["board"].rows) == in_kecamatan
