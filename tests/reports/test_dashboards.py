import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from meetings.models import Meeting, Registration
from regions.models import Region
from reports import dashboards
from reports.models import ActivityReport
from tests.factories import PASSWORD, OfficialFactory, VillageFactory
from villages.models import IdmScore, Village

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
START, END = date(2026, 1, 1), date(2026, 12, 31)


def meeting(village, day, status="scheduled"):
    return Meeting.objects.create(
        title="Rapat",
        host_village=village,
        audience_kind="region",
        status=status,
        starts_at=datetime(2026, *day, 9, tzinfo=WIB),
        ends_at=datetime(2026, *day, 11, tzinfo=WIB),
    )


def register(m, official, attended):
    Registration.objects.create(
        meeting=m,
        user=official.user,
        village=official.village,
        position_name="x",
        status="registered",
        attended=attended,
    )


def report(village, month, status, due_on=None, submitted=True):
    return ActivityReport.objects.create(
        village=village,
        frequency="monthly",
        period_start=date(2026, month, 1),
        period_end=date(2026, month, 28),
        due_on=due_on or date(2026, month + 1, 10),
        status=status,
        submitted_at=timezone.now() if submitted else None,
    )


@pytest.fixture
def fixture_data(serang_village, caruy_village):
    """Serang: 2 meetings held (one cancelled ignored), 3 registrations of which 2 attended, reports:
    approved, returned; Caruy: one overdue draft. Hand-computed figures below."""
    a = OfficialFactory(village=serang_village)
    b = OfficialFactory(village=serang_village)
    c = OfficialFactory(village=caruy_village)
    m1, m2 = meeting(serang_village, (3, 2)), meeting(serang_village, (4, 6))
    meeting(serang_village, (4, 9), status="cancelled")
    register(m1, a, True)
    register(m1, b, False)
    register(m2, c, True)
    report(serang_village, 3, "approved")
    report(serang_village, 4, "returned")
    report(caruy_village, 4, "draft", due_on=date(2026, 5, 10), submitted=False)
    return {"serang": serang_village, "caruy": caruy_village}


def test_kecamatan_figures_hand_computed(fixture_data):
    kec = Region.objects.get(code="33.01.18")
    board = dashboards.region_dashboard(kec, START, END, today=date(2026, 6, 1), now=datetime(2026, 6, 1, tzinfo=WIB))
    rows = {row["name"]: row for row in board.rows}
    serang, caruy = rows["Serang"], rows["Caruy"]
    # Serang's returned April report is past its due date: overdue until resubmitted.
    assert (serang["submitted"], serang["approved"], serang["returned"], serang["overdue"]) == (2, 1, 1, 1)
    assert (caruy["submitted"], caruy["overdue"]) == (0, 1)
    assert serang["meetings"] == 2 and caruy["meetings"] == 0
    assert (serang["registered"], serang["attended"], serang["attendance_rate"]) == (2, 1, 50)
    assert caruy["attendance_rate"] == 100
    assert serang["active_officials"] == 2 and caruy["active_officials"] == 1
    assert board.totals["submitted"] == 2 and board.totals["attendance_rate"] == 67
    kab = dashboards.region_dashboard(
        Region.objects.get(code="33.01"), START, END, today=date(2026, 6, 1), now=datetime(2026, 6, 1, tzinfo=WIB)
    )
    assert [(r["name"], r["villages"], r["meetings"], r["overdue"]) for r in kab.rows] == [("Cipari", 2, 2, 2)]
    league = dashboards.league_table("33.01.18", START, END)
    assert [v.region.name for v in league] == ["Serang", "Caruy"]
    assert (league[0].hosted, league[0].attended, league[0].reports_done, league[0].score) == (2, 1, 2, 11)


def test_practices_come_from_the_adapter(fixture_data, _no_practices):
    _no_practices[fixture_data["serang"].pk] = {"shared": 3, "adopted": 2}
    board = dashboards.region_dashboard(Region.objects.get(code="33.01"), START, END)
    assert (board.rows[0]["practices_shared"], board.rows[0]["practices_adopted"]) == (3, 2)


def test_village_series_against_kecamatan_median(fixture_data):
    series = dashboards.village_series(fixture_data["caruy"], months=12, today=date(2026, 5, 15))
    march = next(s for s in series if s["month"] == date(2026, 3, 1))
    april = next(s for s in series if s["month"] == date(2026, 4, 1))
    assert (march["attended"], march["attended_median"]) == (0, 0.5)  # Serang 1, Caruy 0
    assert (april["attended"], april["hosted"], april["hosted_median"]) == (1, 0, 0.5)


def test_idm_distribution_of_latest_scores(fixture_data):
    IdmScore.objects.create(village=fixture_data["serang"], year=2024, score=Decimal("0.6000"))
    IdmScore.objects.create(village=fixture_data["serang"], year=2025, score=Decimal("0.7100"))
    IdmScore.objects.create(village=fixture_data["caruy"], year=2025, score=Decimal("0.5000"))
    idm = dashboards.idm_overview("33.01.18")
    # Serang counts by its 2025 score (Maju), not its 2024 one.
    assert dict(idm["distribution"]) == {
        "Sangat Tertinggal": 0,
        "Tertinggal": 1,
        "Berkembang": 0,
        "Maju": 1,
        "Mandiri": 0,
    }
    assert idm["scored"] == 2


def _staff_client(client, regions):
    from tests.factories import StaffRoleFactory

    user = StaffRoleFactory(region=regions.get(code="33.01"), title="DPMD").user
    client.login(email=user.email, password=PASSWORD)
    return client


def test_exports_open(client, fixture_data, regions):
    client = _staff_client(client, regions)
    query = "?dari=2026-01&sampai=2026-12"
    response = client.get(reverse("reports:region_dashboard_export", args=["33.01.18", "csv"]) + query)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Kode", "Wilayah", "Desa"]
    serang = next(r for r in rows if r[1] == "Serang")
    assert serang[3:7] == ["2", "1", "1", "1"]
    response = client.get(reverse("reports:region_dashboard_export", args=["33.01.18", "xlsx"]) + query)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:2] == ["Kode", "Wilayah"] and sheet.max_row == 3
    response = client.get(reverse("reports:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4 and {sheet.cell(r, 2).value for r in (2, 3, 4)} == {"Desa Serang", "Desa Caruy"}
    response = client.get(reverse("reports:export", args=["csv"]) + "?status=approved")
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 2
    assert client.get(reverse("reports:export", args=["pdf"])).status_code == 404
    response = client.get(reverse("reports:village_dashboard_export", args=["33.01.18.2006", "xlsx"]))
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 13


def test_report_export_writes_formula_like_names_as_text(client, fixture_data, regions):
    # Names come from imported or edited data; whatever their source, they reach Excel as text.
    Region.objects.filter(code="33.01.18").update(name="=1+2")
    client = _staff_client(client, regions)
    sheet = load_workbook(io.BytesIO(client.get(reverse("reports:export", args=["xlsx"])).content)).active
    kecamatan = [sheet.cell(r, 3) for r in range(2, sheet.max_row + 1)]
    assert kecamatan and all(c.value == "'=1+2" and c.data_type == "s" for c in kecamatan)
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("reports:export", args=["csv"])).content.decode("utf-8-sig")))
    )
    assert {row[2] for row in rows[1:]} == {"'=1+2"}


def _grow(regions, n):
    """n more villages in Cipari, each with an official, a meeting, a registration and a report."""
    free = Region.objects.filter(code__startswith="33.01.18.", level=4, village__isnull=True)[:n]
    for index, place in enumerate(free):
        village = VillageFactory(region=place)
        official = OfficialFactory(village=village)
        m = meeting(village, (2, 1 + index % 27))
        register(m, official, index % 2 == 0)
        report(village, 2, "submitted")


def test_pages_have_fixed_query_counts(client, fixture_data, regions, django_assert_max_num_queries):
    client = _staff_client(client, regions)
    pages = [
        reverse("reports:region_dashboard", args=["33.01"]),
        reverse("reports:region_dashboard", args=["33.01.18"]),
        reverse("reports:village_dashboard", args=["33.01.18.2006"]),
        reverse("reports:list"),
    ]
    for size in (1, 8):
        _grow(regions, size)
        for url in pages:
            # The first view after a change recounts the stale monthly rows (8 more queries, however many),
            # a kabupaten board shows where reports wait for review (2 more), and the villages'
            # potentials and enterprises are counted (4 more).
            with django_assert_max_num_queries(31):
                assert client.get(url + "?dari=2026-01&sampai=2026-12").status_code == 200


def test_dashboard_tables_stack_into_labelled_cells_on_a_phone(client, fixture_data, regions):
    client = _staff_client(client, regions)
    html = client.get(reverse("reports:region_dashboard", args=["33.01.18"]) + "?dari=2026-01&sampai=2026-12")
    html = html.content.decode()
    assert 'class="table table-sm table-striped small table-stack" id="dashboard-table"' in html
    # Each number carries its column's name, which a phone shows beside it (static/css/forumdesa.css).
    for _name, label in dashboards.COLUMNS:
        assert f'data-label="{label}"' in html
    village = client.get(reverse("reports:village_dashboard", args=["33.01.18.2006"])).content.decode()
    assert 'table-stack" id="village-series"' in village and 'data-label="Kehadiran"' in village


def test_enterprise_figures_of_the_region_only(client, fixture_data, regions):
    from enterprises.models import Enterprise, Potential, Programme, Support

    serang = Village.objects.get(region__code="33.01.18.2006")
    lumbir = VillageFactory(region=regions.get(code="33.02.01.2001"))
    Potential.objects.create(village=serang, sector="kerajinan", name="Pandan duri")
    tikar = Enterprise.objects.create(village=serang, name="KUB Pandan Wangi", products="Tikar", workers=24)
    Enterprise.objects.create(village=serang, name="Gula Kelapa", products="Gula", workers=15, is_listed=False)
    Enterprise.objects.create(village=lumbir, name="Anyaman Lumbir", products="Bambu", workers=9)
    Support.objects.create(enterprise=tikar, kind="pelatihan", given_by="Desa", given_on=date(2026, 3, 2))
    Support.objects.create(enterprise=tikar, kind="dana", given_by="Desa", given_on=date(2025, 3, 2))
    training = Meeting.objects.create(
        title="Pelatihan anyaman",
        kind=Meeting.Kind.TRAINING,
        host_village=serang,
        starts_at=datetime(2026, 4, 1, 9, tzinfo=WIB),
        ends_at=datetime(2026, 4, 1, 12, tzinfo=WIB),
    )
    programme = Programme.objects.create(name="Usaha mikro Serang", village=serang, starts_on=date(2026, 1, 1))
    programme.trainings.add(training)
    client = _staff_client(client, regions)
    html = client.get(reverse("reports:region_dashboard", args=["33.01"]) + "?dari=2026-01&sampai=2026-12")
    figures = {
        key: re.search(rf'id="figure-{key}">([^<]*)<', html.content.decode()).group(1)
        for key in ("potentials", "enterprises", "workers", "supports", "programme-trainings")
    }
    # Lumbir is in Kabupaten Banyumas; the support of 2025 is outside the period.
    assert figures == {
        "potentials": "1",
        "enterprises": "2",
        "workers": "39",
        "supports": "1",
        "programme-trainings": "1",
    }
    assert "KUB Pandan Wangi" not in html.content.decode()  # counts only, no names
