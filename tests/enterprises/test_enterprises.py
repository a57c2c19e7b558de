"""Recording enterprises and the support they received: only the village's managers; anyone else
who tries gets 404."""

import datetime

from django.urls import reverse

from enterprises.models import Enterprise, Support
from meetings.models import Meeting


def enterprise_data(**changes):
    data = {
        "kind": "umkm",
        "name": "Keripik Bu Tini",
        "products": "Keripik singkong pedas",
        "sector": "pengolahan",
        "workers": "4",
        "turnover": "lt50",
        "description": "",
        "is_listed": "on",
    }
    data.update(changes)
    return data


def test_manager_records_an_enterprise_for_their_village(client, sekdes, serang_village):
    client.force_login(sekdes)
    assert client.get(reverse("enterprises:enterprise_create")).status_code == 200
    response = client.post(reverse("enterprises:enterprise_create"), enterprise_data())
    enterprise = Enterprise.objects.get()
    assert response.url == reverse("enterprises:enterprise_detail", args=[enterprise.pk])
    assert enterprise.village == serang_village and enterprise.created_by == sekdes and enterprise.workers == 4
    page = client.get(response.url).content.decode()
    assert "Keripik singkong pedas" in page and "&lt; Rp 50 juta/tahun" in page


def test_bad_input_is_explained_and_kept(client, sekdes):
    client.force_login(sekdes)
    response = client.post(reverse("enterprises:enterprise_create"), enterprise_data(name="", workers="-3"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keripik singkong pedas" in html
    assert "Bidang ini tidak boleh kosong." in html
    assert "Pastikan nilai ini lebih besar dari atau sama dengan 0." in html
    assert not Enterprise.objects.exists()


def test_only_managers_of_the_village_create_and_edit(client, tikar, staf_serang, kades_caruy, camat):
    edit = reverse("enterprises:enterprise_edit", args=[tikar.pk])
    support = reverse("enterprises:support_add", args=[tikar.pk])
    for user in (staf_serang, kades_caruy, camat):
        client.force_login(user)
        assert client.get(edit).status_code == 404
        assert client.post(edit, enterprise_data()).status_code == 404
        assert client.post(support, {}).status_code == 404
    for user in (staf_serang, camat):
        client.force_login(user)
        assert client.get(reverse("enterprises:enterprise_create")).status_code == 404
    client.logout()
    assert client.get(edit).status_code == 302
    tikar.refresh_from_db()
    assert tikar.name == "KUB Pandan Wangi"


def test_kades_of_another_village_records_for_their_own(client, kades_caruy, caruy_village, tikar):
    client.force_login(kades_caruy)
    client.post(reverse("enterprises:enterprise_create"), enterprise_data())
    assert Enterprise.objects.get(name="Keripik Bu Tini").village == caruy_village


def test_manager_edits_and_unlists(client, sekdes, tikar):
    client.force_login(sekdes)
    response = client.post(
        reverse("enterprises:enterprise_edit", args=[tikar.pk]),
        enterprise_data(name="KUB Pandan Wangi Serang", is_listed=""),
    )
    assert response.status_code == 302
    tikar.refresh_from_db()
    assert tikar.name == "KUB Pandan Wangi Serang" and tikar.is_listed is False


def test_support_with_the_training_it_came_from(client, sekdes, tikar, serang_village):
    start = datetime.datetime(2026, 3, 10, 2, 0, tzinfo=datetime.UTC)
    training = Meeting.objects.create(
        title="Pelatihan desain anyaman",
        kind=Meeting.Kind.TRAINING,
        host_village=serang_village,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        audience_kind=Meeting.Audience.VILLAGES,
    )
    client.force_login(sekdes)
    page = client.get(reverse("enterprises:support_add", args=[tikar.pk])).content.decode()
    assert "Pelatihan desain anyaman" in page
    response = client.post(
        reverse("enterprises:support_add", args=[tikar.pk]),
        {"kind": "pelatihan", "given_by": "Dinas Koperasi dan UKM", "given_on": "2026-03-10", "meeting": training.pk},
    )
    assert response.status_code == 302
    support = Support.objects.get()
    assert support.enterprise == tikar and support.meeting == training
    html = client.get(tikar.get_absolute_url()).content.decode()
    assert "Dinas Koperasi dan UKM" in html and "10 Maret 2026" in html and "Pelatihan desain anyaman" in html
