"""Programmes of a village or a network: the trainings held for them, the enterprises supported, the
practices they produced and the adoption of those practices elsewhere; their figures in the
activity report."""

import datetime

import pytest
from django.urls import reverse

from enterprises import services, stats
from enterprises.models import Programme
from knowledge.models import Adoption, Practice
from meetings.models import Meeting, Registration
from reports.services import gather_figures

START = datetime.datetime(2026, 3, 10, 2, 0, tzinfo=datetime.UTC)  # 09.00 WIB


def training(village, title="Pelatihan anyaman pandan", start=START, **fields):
    return Meeting.objects.create(
        title=title,
        kind=fields.pop("kind", Meeting.Kind.TRAINING),
        host_village=village,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        audience_kind=Meeting.Audience.VILLAGES,
        **fields,
    )


def practice(village, title="Anyaman pandan bersama BUMDes"):
    return Practice.objects.create(
        village=village, title=title, summary="s", problem="p", steps="l", results="h", status="published"
    )


@pytest.fixture
def programme(serang_village, sekdes, tikar, gula, caruy_village, lumbir_village, kades_caruy):
    held = training(serang_village)
    Registration.objects.create(
        meeting=held, user=sekdes, village=serang_village, position_name="Sekdes", status="registered", attended=True
    )
    cancelled = training(serang_village, "Pelatihan batal", status=Meeting.Status.CANCELLED)
    shared = practice(serang_village)
    Adoption.objects.create(practice=shared, village=caruy_village, adopted_on=datetime.date(2026, 5, 1), changes="c")
    Adoption.objects.create(practice=shared, village=lumbir_village, adopted_on=datetime.date(2026, 6, 1), changes="c")
    programme = Programme.objects.create(
        name="Program UMKM Serang 2026",
        goal="Menambah penghasilan perajin",
        village=serang_village,
        starts_on=datetime.date(2026, 1, 1),
    )
    programme.trainings.set([held, cancelled])
    programme.enterprises.set([tikar, gula])
    programme.practices.set([shared])
    return programme


def test_figures(programme):
    assert services.programme_figures(programme) == {
        "trainings": 1,
        "attendees": 1,
        "enterprises": 2,
        "workers": 36,
        "practices": 1,
        "adoptions": 2,
        "adopting_villages": 2,
    }


def test_programme_page_shows_what_it_did(client, programme, kades_caruy):
    client.force_login(kades_caruy)
    response = client.get(reverse("enterprises:programme_detail", args=[programme.pk]))
    html = response.content.decode()
    assert 'id="figure-trainings">1<' in html and 'id="figure-adoptions">2<' in html
    assert "Pelatihan anyaman pandan" in html and "Pelatihan batal" not in html
    assert "KUB Pandan Wangi" in html and "Anyaman pandan bersama BUMDes" in html
    assert "diterapkan 2 desa lain" in html
    assert "Ubah program" not in html


def test_programme_page_names_only_the_enterprises_the_reader_may_see(client, programme, gula, kades_caruy, sekdes):
    gula.is_listed = False
    gula.save()
    url = reverse("enterprises:programme_detail", args=[programme.pk])
    client.force_login(kades_caruy)
    html = client.get(url).content.decode()
    assert "KUB Pandan Wangi" in html and "Unit Gula Kelapa" not in html
    client.force_login(sekdes)
    assert "Unit Gula Kelapa" in client.get(url).content.decode()


def test_programme_pages_need_sign_in(client, programme):
    response = client.get(reverse("enterprises:programme_detail", args=[programme.pk]))
    assert response.status_code == 302


def test_manager_creates_a_village_programme(client, sekdes, serang_village, tikar):
    held = training(serang_village, start=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=30))
    client.force_login(sekdes)
    form = client.get(reverse("enterprises:programme_create")).content.decode()
    assert "Pelatihan anyaman pandan" in form and "KUB Pandan Wangi" in form
    response = client.post(
        reverse("enterprises:programme_create"),
        {
            "owner": f"desa:{serang_village.pk}",
            "name": "Program gula kelapa",
            "goal": "Gula semut untuk pasar kota",
            "starts_on": "2026-01-01",
            "trainings": [held.pk],
            "enterprises": [tikar.pk],
        },
    )
    programme = Programme.objects.get()
    assert response.url == reverse("enterprises:programme_detail", args=[programme.pk])
    assert programme.village == serang_village and list(programme.trainings.all()) == [held]


def test_coordinator_creates_a_network_programme(client, cipari, kades_caruy, caruy_village, serang_village):
    coordinator = kades_caruy
    cipari.coordinators.add(coordinator)
    client.force_login(coordinator)
    response = client.post(
        reverse("enterprises:programme_create"),
        {"owner": f"jaringan:{cipari.pk}", "name": "UMKM Cipari", "goal": "Pasar bersama", "starts_on": "2026-01-01"},
    )
    assert response.status_code == 302
    programme = Programme.objects.get()
    assert programme.network == cipari and programme.village is None


def test_a_network_programme_offers_only_what_the_coordinator_may_see(
    client, cipari, kades_caruy, serang_village, tikar, gula
):
    tikar.is_listed = False
    tikar.save()
    practice(serang_village, title="Bank sampah dusun")
    Practice.objects.create(village=serang_village, title="Draf posyandu", summary="s", problem="p", status="draft")
    cipari.coordinators.add(kades_caruy)
    programme = Programme.objects.create(
        name="UMKM Cipari", goal="Pasar bersama", network=cipari, starts_on=datetime.date(2026, 1, 1)
    )
    client.force_login(kades_caruy)
    html = client.get(reverse("enterprises:programme_edit", args=[programme.pk])).content.decode()
    assert "Unit Gula Kelapa" in html and "Bank sampah dusun" in html
    assert "KUB Pandan Wangi" not in html and "Draf posyandu" not in html


def test_end_before_start_is_refused(client, sekdes, serang_village):
    client.force_login(sekdes)
    response = client.post(
        reverse("enterprises:programme_create"),
        {
            "owner": f"desa:{serang_village.pk}",
            "name": "Program",
            "goal": "Tujuan",
            "starts_on": "2026-05-01",
            "ends_on": "2026-04-01",
        },
    )
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert not Programme.objects.exists()


def test_only_the_owner_edits(client, programme, staf_serang, kades_caruy, camat, sekdes):
    url = reverse("enterprises:programme_edit", args=[programme.pk])
    for user in (staf_serang, kades_caruy, camat):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Diubah"}).status_code == 404
    for user in (staf_serang, camat):
        client.force_login(user)
        assert client.get(reverse("enterprises:programme_create")).status_code == 404
    client.force_login(sekdes)
    response = client.post(url, {"name": "Program UMKM Serang", "goal": "Tujuan", "starts_on": "2026-01-01"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Program UMKM Serang"


@pytest.mark.parametrize("size", [3, 25])
def test_programme_list_query_count_is_fixed(
    client, serang_village, sekdes, tikar, size, django_assert_max_num_queries
):
    held = training(serang_village)
    for n in range(size):
        p = Programme.objects.create(name=f"Program {n}", goal="g", village=serang_village, starts_on="2026-01-01")
        p.trainings.add(held)
        p.enterprises.add(tikar)
    client.force_login(sekdes)
    # session, user, roles (2), notifications; count, page, trainings, enterprises; coordinated networks
    with django_assert_max_num_queries(10):
        response = client.get(reverse("enterprises:programme_list"), {"page": 2 if size > 20 else 1})
    assert response.status_code == 200 and "1 pelatihan" in response.content.decode()


def test_figures_in_the_activity_report(programme, serang_village, tikar):
    tikar.supports.create(kind="dana", given_by="BUMDes", given_on=datetime.date(2026, 3, 15))
    tikar.supports.create(kind="peralatan", given_by="CSR", given_on=datetime.date(2026, 5, 2))
    march = stats.village_figures(serang_village, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert march == {"enterprises": 2, "enterprise_workers": 36, "enterprise_supports": 1, "programme_trainings": 1}
    april = gather_figures(serang_village, datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))
    assert april["enterprise_supports"] == 0 and april["programme_trainings"] == 0 and april["enterprises"] == 2


def test_edit_form_shows_the_dates_for_the_date_picker(client, programme, sekdes):
    client.force_login(sekdes)
    html = client.get(reverse("enterprises:programme_edit", args=[programme.pk])).content.decode()
    assert 'type="date" name="starts_on" value="2026-01-01"' in html
