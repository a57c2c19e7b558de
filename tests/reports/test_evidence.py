"""The evidence page: the change in IDM score by collaboration level within the same starting band,
with 95% intervals, and a plain "belum dapat disimpulkan" when the data cannot carry a claim."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cooperation.models import Agreement, AgreementParty, StaffExchange
from knowledge.models import Adoption
from meetings.models import Meeting, Registration
from regions.models import Region
from reports import evidence
from tests.factories import PASSWORD, OfficialFactory, StaffRoleFactory, region
from tests.knowledge.library import practice
from villages.models import IdmScore, Village

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
# Small deterministic spread around each group's mean change.
SPREAD = [-0.004, -0.002, 0.0, 0.002, 0.004]


def held(host, day, kind=Meeting.Kind.ROUTINE, status=Meeting.Status.COMPLETED, host_region=None):
    start = datetime(*day, 9, tzinfo=WIB)
    return Meeting.objects.create(
        title="Rapat koordinasi",
        kind=kind,
        host_village=host,
        host_region=host_region,
        audience_kind="region",
        status=status,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )


def attend(meeting, official, attended=True):
    Registration.objects.create(
        meeting=meeting,
        user=official.user,
        village=official.village,
        position_name="Sekretaris Desa",
        status="registered",
        attended=attended,
    )


def scored(village, first, last, years=(2025, 2026)):
    IdmScore.objects.create(village=village, year=years[0], score=Decimal(str(first)))
    IdmScore.objects.create(village=village, year=years[1], score=Decimal(str(round(last, 4))))


def test_t_values_match_the_tables():
    table = {1: 12.706, 2: 4.303, 5: 2.571, 10: 2.228, 29: 2.045, 30: 2.042, 120: 1.980, 5000: 1.960}
    for df, t in table.items():
        assert evidence.t_critical(df) == pytest.approx(t, abs=0.001)


def test_intervals_computed_by_hand():
    mean = evidence.mean_interval([1, 2, 3])  # sd 1, t(2) = 4.303, margin 4.303 / √3
    assert (mean.estimate, mean.low, mean.high) == pytest.approx((2, -0.4841, 4.4841), abs=1e-4)
    # Welch: variances 1/3 each, df = 4, t(4) = 2.776, se = √(2/3).
    diff = evidence.difference_interval([1, 2, 3], [0, 1, 2])
    assert (diff.estimate, diff.low, diff.high) == pytest.approx((1, -1.2669, 3.2669), abs=1e-4)
    assert diff.includes_zero
    assert evidence.mean_interval([1]) is None and evidence.difference_interval([1, 2], [3]) is None


def _rows(band, level, mean, n):
    return [(band, level, mean + SPREAD[i % len(SPREAD)]) for i in range(n)]


def test_a_clear_effect_is_detected():
    # Villages with some shared activity gained 0.06 on average, those without 0.05: 20% more.
    bands = evidence.compare_bands(_rows("Berkembang", "some", 0.06, 40) + _rows("Berkembang", "none", 0.05, 40))
    [band] = bands
    assert band.name == "Berkembang" and band.n == 80
    [comparison] = band.comparisons
    assert comparison.verdict == "higher" and comparison.supported
    assert comparison.interval.estimate == pytest.approx(0.01)
    assert 0 < comparison.interval.low < 0.01 < comparison.interval.high < 0.02
    assert comparison.relative == pytest.approx(20.0)
    assert "naik +0,0100 poin lebih banyak" in comparison.message and "sekitar 20,0%" in comparison.message


def test_no_effect_cannot_be_concluded():
    bands = evidence.compare_bands(_rows("Tertinggal", "active", 0.05, 40) + _rows("Tertinggal", "none", 0.05, 40))
    [comparison] = bands[0].comparisons
    assert comparison.verdict == "unclear" and not comparison.supported
    assert comparison.interval.includes_zero
    assert comparison.message.startswith("Belum dapat disimpulkan: selisih perubahan skor")


def test_a_large_gap_in_small_groups_is_still_too_thin():
    bands = evidence.compare_bands(_rows("Maju", "active", 0.20, 12) + _rows("Maju", "none", 0.01, 12))
    [comparison] = bands[0].comparisons
    assert comparison.verdict == "thin"
    assert "12 desa di kelompok ini dan 12 desa tanpa kegiatan bersama" in comparison.message
    assert "perlu sedikitnya 30 desa per kelompok" in comparison.message


def test_villages_are_compared_only_within_their_starting_band():
    # The baseline of the Maju band is empty: its active villages are not compared with Berkembang ones.
    bands = evidence.compare_bands(_rows("Maju", "active", 0.02, 35) + _rows("Berkembang", "none", 0.08, 35))
    by_name = {band.name: band for band in bands}
    assert set(by_name) == {"Berkembang", "Maju"}
    assert by_name["Maju"].comparisons[0].verdict == "thin"
    assert by_name["Berkembang"].comparisons == []


# ---- Each app's count of collaboration ----


def test_collaboration_counts_every_kind_of_shared_activity(regions):
    serang = Village.objects.create(region=region("33.01.18.2006"))
    caruy = Village.objects.create(region=region("33.01.18.2001"))
    outside = Village.objects.create(region=region("33.02.01.2001"))
    sekdes_caruy = OfficialFactory(village=caruy)
    sekdes_serang = OfficialFactory(village=serang)

    meeting = held(serang, (2025, 3, 4))
    attend(meeting, sekdes_caruy)
    attend(meeting, sekdes_serang)  # at its own meeting: counted as hosting, not attending
    training = held(None, (2025, 5, 6), kind=Meeting.Kind.TRAINING, host_region=region("33.01.18"))
    attend(training, sekdes_caruy)
    attend(held(outside, (2025, 7, 1)), sekdes_caruy, attended=False)  # registered, never came
    held(serang, (2025, 8, 1), status=Meeting.Status.CANCELLED)
    held(serang, (2024, 12, 31))  # before the period

    Adoption.objects.create(practice=practice(serang), village=caruy, adopted_on=date(2025, 9, 1), changes="-")
    agreement = Agreement.objects.create(
        title="Pemasaran bersama",
        field="usaha",
        scope="-",
        starts_on=date(2025, 1, 1),
        ends_on=date(2027, 1, 1),
        lead_village=serang,
        status=Agreement.Status.ACTIVE,
    )
    for v in (serang, caruy):
        AgreementParty.objects.create(agreement=agreement, village=v)
    draft = Agreement.objects.create(
        title="Belum jadi",
        field="usaha",
        scope="-",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 6, 1),
        lead_village=serang,
    )
    AgreementParty.objects.create(agreement=draft, village=caruy)
    for status in (StaffExchange.Status.REPORTED, StaffExchange.Status.DECLINED):
        StaffExchange.objects.create(
            visitor=sekdes_caruy,
            home_village=caruy,
            host_village=serang,
            starts_on=date(2025, 10, 1),
            ends_on=date(2025, 10, 7),
            learning_goals="Belajar BUMDes",
            status=status,
        )

    counts = evidence.collaboration_counts("33.01.18", date(2025, 1, 1), date(2025, 12, 31))
    assert counts[serang.pk] == {
        "meetings_hosted": 1,
        "meetings_attended": 0,
        "trainings_attended": 0,
        "practices_adopted": 0,
        "agreements": 1,
        "exchanges": 1,
        "total": 3,
    }
    assert counts[caruy.pk] == {
        "meetings_hosted": 0,
        "meetings_attended": 1,
        "trainings_attended": 1,
        "practices_adopted": 1,
        "agreements": 1,
        "exchanges": 1,
        "total": 5,
    }
    assert outside.pk not in counts  # another kecamatan


# ---- The page ----


def test_levels():
    assert [evidence.level_of(n) for n in (0, 1, 5, 6, 40)] == ["none", "some", "some", "active", "active"]


def many_villages(n, first=2101):
    kecamatan = Region.objects.get(code="33.01.18")
    places = Region.objects.bulk_create(
        Region(code=f"33.01.18.{first + i}", name=f"Uji {first + i}", level=4, kind="desa", parent=kecamatan)
        for i in range(n)
    )
    return Village.objects.bulk_create(Village(region=place) for place in places)


def constructed(collaborating_gain, alone_gain, n=35, first=2101):
    """n villages that each hosted a meeting in 2025 and n that did nothing together, all starting
    in Berkembang (0.6500) in 2025, gaining the given mean change by 2026."""
    villages = many_villages(2 * n, first)
    for index, village in enumerate(villages):
        collaborates = index < n
        if collaborates:
            held(village, (2025, 1 + index % 12, 1 + index % 27))
        gain = (collaborating_gain if collaborates else alone_gain) + SPREAD[index % len(SPREAD)]
        scored(village, 0.65, 0.65 + gain)
    return villages


@pytest.fixture
def camat_client(client, regions):
    user = StaffRoleFactory(region=region("33.01.18"), title="Camat Cipari").user
    client.login(email=user.email, password=PASSWORD)
    return client


def page(client, code="33.01.18", query=""):
    return client.get(reverse("reports:evidence", args=[code]) + query)


def test_the_page_shows_a_clear_effect(camat_client):
    constructed(0.06, 0.05)
    html = page(camat_client).content.decode()
    assert "Ada perbedaan yang bermakna pada 1 perbandingan" in html
    assert "Status awal Berkembang (70 desa)" in html
    assert "naik +0,0100 poin lebih banyak" in html
    assert "Sedikit (1–5 kegiatan): <strong>35</strong>" in html
    assert "IDM 2025 → 2026" in html


def test_the_page_says_plainly_when_nothing_can_be_concluded(camat_client):
    constructed(0.05, 0.05)
    html = page(camat_client).content.decode()
    assert "Belum dapat disimpulkan bahwa kegiatan bersama menambah skor IDM" in html
    assert "kolaborasi menambah 20%" in html
    assert "mencakup nol" in html


def test_few_villages_are_too_thin(camat_client, regions):
    constructed(0.20, 0.01, n=3)
    html = page(camat_client).content.decode()
    assert "Belum dapat disimpulkan bahwa kegiatan bersama" in html
    assert "3 desa di kelompok ini dan 3 desa tanpa kegiatan bersama" in html


def test_chosen_years_and_villages_missing_one(camat_client):
    villages = many_villages(3)
    scored(villages[0], 0.60, 0.62, years=(2023, 2025))
    scored(villages[1], 0.60, 0.64, years=(2023, 2025))
    IdmScore.objects.create(village=villages[2], year=2025, score=Decimal("0.7"))
    # A newer year that only one village has yet does not displace the pair most villages share.
    IdmScore.objects.create(village=villages[0], year=2026, score=Decimal("0.63"))
    html = page(camat_client).content.decode()
    assert "IDM 2023 → 2025" in html and "1 desa lain hanya punya skor pada salah satu tahun" in html
    html = page(camat_client, query="?dari=2023&sampai=2026").content.decode()
    assert "IDM 2023 → 2026" in html and "pada 1 desa" in html and "1 desa lain hanya punya skor" in html
    html = page(camat_client, query="?dari=2025&sampai=2023").content.decode()
    assert "Tahun awal harus sebelum tahun akhir." in html
    html = page(camat_client, query="?dari=2020&sampai=2025").content.decode()
    assert "2020 bukan salah satu dari pilihan yang tersedia" in html


def test_no_scores_yet(camat_client):
    html = page(camat_client).content.decode()
    assert "Perbandingan perlu skor IDM dari sedikitnya dua tahun" in html


def test_scope_like_the_dashboards(client, regions):
    constructed(0.06, 0.05, n=2)
    lumbir = StaffRoleFactory(region=region("33.02.01"), title="Camat Lumbir").user
    client.login(email=lumbir.email, password=PASSWORD)
    assert page(client).status_code == 404
    assert page(client, code="33.02.01").status_code == 200
    assert page(client, code="99.99").status_code == 404
    assert client.get(reverse("reports:evidence_home")).url == reverse("reports:evidence", args=["33.02.01"])
    official = OfficialFactory(village=Village.objects.first()).user
    client.login(email=official.email, password=PASSWORD)
    assert page(client).status_code == 404
    assert client.get(reverse("reports:evidence_home")).status_code == 404
    client.logout()
    assert page(client).status_code == 302


def test_the_dashboard_links_to_the_page(camat_client):
    html = camat_client.get(reverse("reports:region_dashboard", args=["33.01.18"])).content.decode()
    assert reverse("reports:evidence", args=["33.01.18"]) in html


def test_fixed_query_count(camat_client, django_assert_max_num_queries):
    constructed(0.06, 0.05, n=2, first=2101)
    with django_assert_max_num_queries(15):
        assert page(camat_client).status_code == 200
    villages = constructed(0.06, 0.05, n=40, first=2301)
    for village in villages[:10]:
        Adoption.objects.create(
            practice=practice(villages[-1]), village=village, adopted_on=date(2025, 4, 1), changes="-"
        )
    with django_assert_max_num_queries(15):
        assert page(camat_client).status_code == 200


def test_a_province_is_computed_once_and_shared(client, regions, django_assert_max_num_queries):
    constructed(0.06, 0.05)
    staff = StaffRoleFactory(region=region("33"), title="Dinas PMD Provinsi Jawa Tengah").user
    client.login(email=staff.email, password=PASSWORD)
    assert "Ada perbedaan yang bermakna" in page(client, code="33").content.decode()
    # Served from the cache the second time: only the years for the form are asked again, not the
    # scores and the six counts (15 queries the first time).
    with django_assert_max_num_queries(8):
        assert "Ada perbedaan yang bermakna" in page(client, code="33").content.decode()
