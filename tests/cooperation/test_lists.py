"""Agreement lists per village and region, the exchange list and the resource board: filters and a
fixed number of queries however many rows there are."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperation.models import Agreement, Milestone, ResourcePost, StaffExchange
from tests.cooperation.test_lifecycle import coop, make_agreement  # noqa: F401 - fixture
from tests.factories import OfficialFactory


def many_agreements(coop, count):  # noqa: F811
    for n in range(count):
        agreement = make_agreement(coop, status="active", title=f"Kerja sama {n}", partners=("cirahab", "caruy"))
        Milestone.objects.create(agreement=agreement, title="A", due_on=date(2026, 3, 1), progress=50)


@pytest.mark.parametrize("url_name", ["agreement_list", "region_agreements", "village_agreements"])
def test_agreement_lists_cost_a_fixed_number_of_queries(client, coop, django_assert_max_num_queries, url_name):  # noqa: F811
    client.force_login(coop["serang_mgr"])
    args = {"agreement_list": [], "region_agreements": ["33.01"], "village_agreements": ["33.01.18.2006"]}[url_name]
    url = reverse(f"cooperation:{url_name}", args=args)
    for total in (2, 25):
        many_agreements(coop, total - Agreement.objects.count())
        with django_assert_max_num_queries(10):
            response = client.get(url, {"status": "active"})
        assert response.status_code == 200
        assert len(response.context["page"]) == min(total, 20)


def test_filters_by_field_status_and_region(client, coop):  # noqa: F811
    usaha = make_agreement(coop, status="active", title="Usaha")
    lingkungan = make_agreement(coop, status="proposed", title="Sampah", partners=("caruy",))
    Agreement.objects.filter(pk=lingkungan.pk).update(field="lingkungan")
    client.force_login(coop["serang_mgr"])

    def titles(url, **params):
        return {a.title for a in client.get(url, params).context["page"]}

    everything = reverse("cooperation:agreement_list")
    assert titles(everything) == {"Usaha", "Sampah"}
    assert titles(everything, bidang="lingkungan") == {"Sampah"}
    assert titles(everything, status="active") == {"Usaha"}
    assert titles(reverse("cooperation:region_agreements", args=["33.02"])) == {"Usaha"}  # Cirahab, Banyumas
    assert titles(reverse("cooperation:village_agreements", args=["33.01.18.2001"])) == {"Sampah"}  # Caruy
    assert titles(everything, provinsi="51") == set()
    assert usaha.pk


def test_unknown_region_is_404(client, coop):  # noqa: F811
    client.force_login(coop["serang_mgr"])
    assert client.get(reverse("cooperation:region_agreements", args=["99.99"])).status_code == 404


def test_exchange_list_fixed_queries_and_scope(client, coop, django_assert_max_num_queries):  # noqa: F811
    client.force_login(coop["cirahab_mgr"])
    for total in (2, 25):
        while StaffExchange.objects.count() < total:
            StaffExchange.objects.create(
                visitor=OfficialFactory(village=coop["serang"]),
                home_village=coop["serang"],
                host_village=coop["cirahab"],
                starts_on=date(2026, 2, 1),
                ends_on=date(2026, 2, 7),
                learning_goals="Belajar BUMDes",
            )
        with django_assert_max_num_queries(8):
            response = client.get(reverse("cooperation:exchange_list"))
        assert len(response.context["page"]) == min(total, 20)
    client.force_login(coop["caruy_mgr"])
    assert client.get(reverse("cooperation:exchange_list")).context["page"].paginator.count == 0


def test_resource_board_fixed_queries_and_filters(client, coop, django_assert_max_num_queries):  # noqa: F811
    client.force_login(coop["caruy_mgr"])
    today = timezone.localdate()
    for total in (2, 25):
        while ResourcePost.objects.count() < total:
            n = ResourcePost.objects.count()
            ResourcePost.objects.create(
                village=coop["serang"] if n % 2 else coop["cirahab"],
                kind="offer" if n % 2 else "request",
                category="peralatan",
                title=f"Pos {n}",
                description="-",
                region=coop["serang"].region.parent,
                valid_until=today + timedelta(days=30),
            )
        with django_assert_max_num_queries(9):
            response = client.get(reverse("cooperation:resource_list"))
        assert len(response.context["page"]) == min(total, 20)
    ResourcePost.objects.create(
        village=coop["serang"],
        kind="offer",
        category="materi",
        title="Kedaluwarsa",
        description="-",
        region=coop["serang"].region.parent,
        valid_until=today - timedelta(days=1),
    )
    offers = client.get(reverse("cooperation:resource_list"), {"jenis": "offer"}).context["page"].paginator.count
    assert offers == 12  # the expired one is not on the board
    assert client.get(reverse("cooperation:resource_list"), {"kategori": "materi"}).context["page"].paginator.count == 0
