import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import StaffRole
from enterprises.models import Potential
from regions.models import Region
from tests.factories import OfficialFactory, UserFactory, VillageFactory
from villages.models import IdmScore, Official, Position
from villages.views.villages import IdmPoint, idm_chart


def position(code):
    return Position.objects.get(code=code)


@pytest.fixture
def village(serang):
    village = VillageFactory(
        region=serang,
        description="Desa Serang rutin mengadakan pelatihan perangkat desa.",
        office_address="Jl. Raya Serang No. 1, Cipari",
        phone="0280 123456",
        email="pemdes@serang.desa.id",
    )
    for name, sector in [("Gula kelapa", "pengolahan"), ("Usaha mikro anyaman", "kerajinan")]:
        Potential.objects.create(village=village, name=name, sector=sector)
    for year, score in [(2021, "0.5900"), (2022, "0.6400"), (2023, "0.7100")]:
        IdmScore.objects.create(village=village, year=year, score=Decimal(score))
    return village


@pytest.fixture
def officials(village):
    return {
        "staf": OfficialFactory(
            village=village, position=position("STAF"), user__full_name="Citra Staf", user__phone="0812 1111 2222"
        ),
        "sekdes": OfficialFactory(
            village=village, position=position("SEKDES"), user__full_name="Siti Rahayu", user__phone="0812 3333 4444"
        ),
        "kades": OfficialFactory(
            village=village,
            position=position("KADES"),
            user__full_name="Bambang Sutrisno",
            user__phone="0812 5555 6666",
        ),
        "pending": OfficialFactory(village=village, status=Official.Status.PENDING, user__full_name="Calon Perangkat"),
        "ended": OfficialFactory(village=village, status=Official.Status.ENDED, user__full_name="Mantan Perangkat"),
    }


def url(village):
    return reverse("villages:village_detail", args=[village.code])


def test_public_page_shows_the_profile(client, village, officials):
    response = client.get(url(village))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="h3 mb-1">Desa Serang</h1>' in html
    assert "Kec. Cipari, Kab. Cilacap, Jawa Tengah" in html
    assert "rutin mengadakan pelatihan" in html
    assert "Gula kelapa <span" in html and "Usaha mikro anyaman <span" in html
    assert "Jl. Raya Serang No. 1, Cipari" in html and "0280 123456" in html and "pemdes@serang.desa.id" in html


def test_active_officials_in_position_order(client, village, officials):
    html = client.get(url(village)).content.decode()
    assert html.index("Bambang Sutrisno") < html.index("Siti Rahayu") < html.index("Citra Staf")
    assert "Kepala Desa" in html and "Sekretaris Desa" in html
    assert "Calon Perangkat" not in html and "Mantan Perangkat" not in html


def test_anonymous_visitors_never_see_officials_phone_numbers(client, village, officials):
    html = client.get(url(village)).content.decode()
    for number in ["0812 1111 2222", "0812 3333 4444", "0812 5555 6666", "081211112222"]:
        assert number not in html


def test_a_user_without_a_role_sees_no_phone_numbers(client, village, officials):
    client.force_login(UserFactory())
    assert "0812 3333 4444" not in client.get(url(village)).content.decode()


def test_officials_of_any_village_see_phone_numbers(client, village, officials, regions):
    other = OfficialFactory(village=VillageFactory(region=Region.objects.get(code="51.04.05.2001")))
    client.force_login(other.user)
    html = client.get(url(village)).content.decode()
    assert "0812 3333 4444" in html and 'href="tel:081233334444"' in html


def test_district_staff_see_phone_numbers(client, village, officials):
    staff = UserFactory()
    StaffRole.objects.create(user=staff, region=Region.objects.get(code="33.01"), title="Staf DPMD")
    client.force_login(staff)
    assert "0812 5555 6666" in client.get(url(village)).content.decode()


def test_edit_links_only_for_those_who_may_edit(client, village, officials):
    edit = reverse("villages:village_edit", args=[village.code])
    idm = reverse("villages:village_idm", args=[village.code])
    html = client.get(url(village)).content.decode()
    assert edit not in html and idm not in html
    client.force_login(officials["staf"].user)
    html = client.get(url(village)).content.decode()
    assert edit not in html and idm not in html
    client.force_login(officials["sekdes"].user)
    html = client.get(url(village)).content.decode()
    assert edit in html and idm in html


def test_latest_idm_status_chart_and_table(client, village):
    html = client.get(url(village)).content.decode()
    assert "Maju" in html  # 0.7100 in 2023
    assert "<svg" in html and '<title id="idm-chart-title">Skor IDM Desa Serang, 2021–2023</title>' in html
    # Indonesian decimal comma in the table.
    assert "0,5900" in html and "0,6400" in html and "0,7100" in html


def test_page_without_scores_or_officials(client, serang):
    village = VillageFactory(region=serang)
    html = client.get(url(village)).content.decode()
    assert "Belum ada skor IDM" in html and "<svg" not in html
    assert "Belum ada perangkat desa" in html


def test_logo_is_shown(client, village):
    village.logo.name = "desa/logo/0123abcd.jpg"
    village.save()
    assert 'src="/media/desa/logo/0123abcd.jpg"' in client.get(url(village)).content.decode()


@pytest.mark.parametrize("code", ["33.01.18.2001", "33.01.18", "33", "99.99.99.9999", "bukan-kode"])
def test_regions_that_are_not_member_villages_are_404(client, village, code):
    assert client.get(reverse("villages:village_detail", args=[code])).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_query_count_is_fixed(client, village, size, django_assert_max_num_queries):
    for _ in range(size):
        OfficialFactory(village=village, user__phone="0812 0000 0000")
    viewer = OfficialFactory(village=village, position=position("SEKDES"))
    # village, officials count and page, scores; the village's potentials and enterprises
    with django_assert_max_num_queries(6):
        assert client.get(url(village)).status_code == 200
    client.force_login(viewer.user)
    # Plus the session, the user, their roles (active position, staff roles), the unread notifications,
    # the village's practices and its upcoming meetings, and its enterprise programmes.
    with django_assert_max_num_queries(14):
        response = client.get(url(village), {"page": 2 if size > 20 else 1})
    assert response.status_code == 200


# ---- The chart ----------------------------------------------------------------------------------------


def points(*pairs):
    return [IdmPoint(year, Decimal(score)) for year, score in pairs]


def test_chart_geometry():
    chart = idm_chart(points((2019, "0.4500"), (2020, "0.6000"), (2021, "1.0000")))
    assert len(chart["points"]) == 3
    xs = [float(p["x"]) for p in chart["points"]]
    ys = [float(p["y"]) for p in chart["points"]]
    assert xs == sorted(xs)
    assert ys[0] > ys[1] > ys[2]  # higher score, higher on the chart (smaller y)
    assert ys[2] == pytest.approx(chart["top"])  # 1.0 touches the top
    assert chart["polyline"].count(",") == 3
    assert [band["label"] for band in chart["bands"]] == [
        "Sangat Tertinggal",
        "Tertinggal",
        "Berkembang",
        "Maju",
        "Mandiri",
    ]


def test_chart_scale_reaches_down_to_a_low_score():
    low = idm_chart(points((2020, "0.2500")))
    normal = idm_chart(points((2020, "0.6500")))
    assert float(low["points"][0]["y"]) < float(low["axis_y"])  # still inside the plot
    # With a low score the scale goes further down, so the thresholds sit higher up.
    assert float(low["bands"][1]["threshold_y"]) < float(normal["bands"][1]["threshold_y"])


def test_chart_without_scores_is_none():
    assert idm_chart([]) is None


def test_chart_svg_output():
    pts = points((2019, "0.4906"), (2020, "0.4907"), (2021, "0.8155"))
    with translation.override("id"):
        svg = render_to_string(
            "villages/includes/village_idm_chart.html",
            {"chart": idm_chart(pts), "village": type("V", (), {"name": "Desa Serang"})()},
        )
    assert svg.count("<svg") == 1 and 'role="img"' in svg
    assert '<title id="idm-chart-title">Skor IDM Desa Serang, 2019–2021</title>' in svg
    assert "2019: 0,4906 (Sangat Tertinggal); 2020: 0,4907 (Tertinggal); 2021: 0,8155 (Mandiri)" in svg
    assert svg.count("<circle") == 3 and svg.count("<polyline") == 1
    # The thresholds are labelled in Indonesian format; coordinates keep their decimal point.
    for threshold in ["0,4907", "0,5989", "0,7072", "0,8155"]:
        assert f">{threshold}</text>" in svg
    for attribute in re.findall(r' (?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"', svg):
        assert "," not in attribute, attribute
    points_attribute = re.search(r'<polyline points="([^"]*)"', svg).group(1)
    assert re.fullmatch(r"(\d+\.\d,\d+\.\d ?){3}", points_attribute)
    assert "<script" not in svg


def test_chart_of_one_year_has_no_line():
    svg = render_to_string(
        "villages/includes/village_idm_chart.html",
        {"chart": idm_chart(points((2024, "0.7000"))), "village": type("V", (), {"name": "Desa X"})()},
    )
    assert svg.count("<circle") == 1 and "<polyline" not in svg


def test_many_years_label_every_other_year():
    chart = idm_chart([IdmPoint(year, Decimal("0.6")) for year in range(2015, 2027)])
    shown = [p["point"].year for p in chart["points"] if p["show_year"]]
    assert shown[0] == 2015 and shown[-1] == 2026 and len(shown) < 12
    assert not chart["show_values"]
