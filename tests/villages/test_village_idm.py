from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import StaffRole
from regions.models import Region
from tests.factories import OfficialFactory, UserFactory, VillageFactory
from villages.idm import idm_status
from villages.models import IdmScore, Position


@pytest.mark.parametrize(
    ("score", "status"),
    [
        ("0", "Sangat Tertinggal"),
        ("0.4906", "Sangat Tertinggal"),
        ("0.4907", "Tertinggal"),
        ("0.5988", "Tertinggal"),
        ("0.5989", "Berkembang"),
        ("0.7071", "Berkembang"),
        ("0.7072", "Maju"),
        ("0.8154", "Maju"),
        ("0.8155", "Mandiri"),
        ("1.0", "Mandiri"),
        ("1", "Mandiri"),
    ],
)
def test_idm_status_at_the_band_edges(score, status):
    assert idm_status(Decimal(score)) == status
    assert idm_status(score) == status


@pytest.mark.parametrize("score", ["-0.0001", "1.0001", "2"])
def test_idm_status_outside_0_to_1_is_an_error(score):
    with pytest.raises(ValueError):
        idm_status(Decimal(score))


def position(code):
    return Position.objects.get(code=code)


@pytest.fixture
def village(serang):
    return VillageFactory(region=serang)


@pytest.fixture
def manager(village):
    return OfficialFactory(village=village, position=position("KADES")).user


def url(village):
    return reverse("villages:village_idm", args=[village.code])


def scores(village):
    return dict(village.idm_scores.values_list("year", "score"))


# ---- Who may change scores ------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, village):
    for method in (client.get, client.post):
        response = method(url(village), {"year": 2023, "score": "0.7"} if method == client.post else None)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert scores(village) == {}


def test_official_of_another_village_gets_404(client, village):
    neighbour = VillageFactory(region=Region.objects.get(code="33.01.18.2005"))
    client.force_login(OfficialFactory(village=neighbour, position=position("SEKDES")).user)
    assert client.get(url(village)).status_code == 404
    assert client.post(url(village), {"year": 2023, "score": "0.7000"}).status_code == 404
    assert scores(village) == {}


def test_official_without_a_managing_position_gets_404(client, village):
    client.force_login(OfficialFactory(village=village, position=position("KADUS")).user)
    assert client.get(url(village)).status_code == 404


@pytest.mark.parametrize(("region_code", "allowed"), [("33.01.18", True), ("33.01", True), ("33.02", False)])
def test_district_staff_by_scope(client, village, region_code, allowed):
    user = UserFactory()
    StaffRole.objects.create(user=user, region=Region.objects.get(code=region_code), title="Pendamping desa")
    client.force_login(user)
    response = client.post(url(village), {"year": 2023, "score": "0,7000"})
    assert response.status_code == (302 if allowed else 404)
    assert scores(village) == ({2023: Decimal("0.7000")} if allowed else {})


# ---- Adding, updating, deleting -------------------------------------------------------------------


def test_manager_adds_a_year_with_a_decimal_comma(client, village, manager):
    client.force_login(manager)
    response = client.post(url(village), {"year": 2023, "score": "0,6512"}, follow=True)
    assert scores(village) == {2023: Decimal("0.6512")}
    html = response.content.decode()
    assert "Skor IDM 2023 disimpan: 0,6512 (Berkembang)." in html
    assert "0,6512" in html and "Berkembang" in html


def test_a_decimal_point_works_too(client, village, manager):
    client.force_login(manager)
    client.post(url(village), {"year": 2022, "score": "0.4907"})
    assert scores(village) == {2022: Decimal("0.4907")}


def test_saving_an_existing_year_updates_it(client, village, manager):
    IdmScore.objects.create(village=village, year=2023, score=Decimal("0.5000"))
    client.force_login(manager)
    response = client.post(url(village), {"year": 2023, "score": "0,8155"}, follow=True)
    assert response.status_code == 200
    assert scores(village) == {2023: Decimal("0.8155")}
    assert "Skor IDM 2023 diperbarui: 0,8155 (Mandiri)." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 2023, "score": "1,2"}, "Skor IDM antara 0 dan 1."),
        ({"year": 2023, "score": "-0,1"}, "Skor IDM antara 0 dan 1."),
        ({"year": 2023, "score": "12"}, "Skor IDM antara 0 dan 1."),
        ({"year": 2023, "score": "0,12345"}, "Paling banyak 4 angka di belakang koma."),
        ({"year": 2023, "score": "tinggi"}, "Tulis skor sebagai angka, mis. 0,6512."),
        ({"year": 2014, "score": "0,6"}, "Tahun IDM antara 2015 dan"),
        ({"year": timezone.localdate().year + 1, "score": "0,6"}, "Tahun IDM antara 2015 dan"),
        ({"year": "", "score": "0,6"}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_bad_input_is_refused_and_kept(client, village, manager, data, message):
    client.force_login(manager)
    response = client.post(url(village), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'value="{data["score"]}"' in html
    assert scores(village) == {}


def test_list_shows_years_newest_first_with_status(client, village, manager):
    for year, score in [(2021, "0.4906"), (2022, "0.4907"), (2023, "0.7072")]:
        IdmScore.objects.create(village=village, year=year, score=Decimal(score))
    client.force_login(manager)
    response = client.get(url(village))
    page = response.context["page"]
    assert [(p.year, p.status) for p in page] == [(2023, "Maju"), (2022, "Tertinggal"), (2021, "Sangat Tertinggal")]
    html = response.content.decode()
    assert html.index(">2023<") < html.index(">2022<") < html.index(">2021<")


def test_an_imported_year_shows_its_indices_and_typing_it_again_makes_it_manual(client, village, manager):
    IdmScore.objects.create(
        village=village,
        year=2024,
        score=Decimal("0.7371"),
        iks=Decimal("0.8114"),
        ike=Decimal("0.6667"),
        ikl=Decimal("0.7333"),
        source=IdmScore.Source.IMPORT,
        source_file="Status IDM 2024.xlsx",
    )
    client.force_login(manager)
    html = client.get(url(village)).content.decode()
    assert "IKS 0,8114 · IKE 0,6667 · IKL 0,7333" in html and "data resmi Kemendesa" in html
    client.post(url(village), {"year": 2024, "score": "0,7400"})
    score = IdmScore.objects.get(village=village, year=2024)
    assert (score.score, score.source, score.source_file, score.iks) == (Decimal("0.7400"), "manual", "", None)
    assert "data resmi Kemendesa" not in client.get(url(village)).content.decode()


def test_delete_a_year(client, village, manager):
    IdmScore.objects.create(village=village, year=2022, score=Decimal("0.6000"))
    IdmScore.objects.create(village=village, year=2023, score=Decimal("0.6500"))
    client.force_login(manager)
    response = client.post(url(village), {"hapus": "2022"}, follow=True)
    assert scores(village) == {2023: Decimal("0.6500")}
    assert "Skor IDM 2022 (0,6000) dihapus." in response.content.decode()


@pytest.mark.parametrize("year", ["2019", "abc", "99999999999999999999", ""])
def test_deleting_a_missing_year_changes_nothing(client, village, manager, year):
    IdmScore.objects.create(village=village, year=2023, score=Decimal("0.6500"))
    client.force_login(manager)
    response = client.post(url(village), {"hapus": year}, follow=True)
    assert response.status_code == 200
    assert "Skor IDM tahun itu tidak ada." in response.content.decode()
    assert scores(village) == {2023: Decimal("0.6500")}


def test_deleting_through_one_village_never_touches_another(client, village, manager):
    neighbour = VillageFactory(region=Region.objects.get(code="33.01.18.2005"))
    IdmScore.objects.create(village=neighbour, year=2023, score=Decimal("0.6500"))
    client.force_login(manager)
    client.post(url(village), {"hapus": "2023"})
    client.post(url(neighbour), {"hapus": "2023"})  # 404: not this manager's village
    assert scores(neighbour) == {2023: Decimal("0.6500")}


@pytest.mark.parametrize("count", [2, 11])
def test_query_count_is_fixed(client, village, manager, count, django_assert_max_num_queries):
    for year in range(2015, 2015 + count):
        IdmScore.objects.create(village=village, year=year, score=Decimal("0.6000"))
    client.force_login(manager)
    # Session, user, roles (2), the village, the count and the page of scores, unread notifications.
    with django_assert_max_num_queries(8):
        response = client.get(url(village))
    assert response.status_code == 200
    assert len(response.context["page"]) == count
