"""A village's potentials: recorded, changed and removed by its managers, shown to everyone on the
village page and on the village's Potensi & Usaha page."""

import pytest
from django.urls import reverse

from enterprises.models import Enterprise, Potential


def data(**changes):
    values = {
        "sector": "perkebunan",
        "name": "Pohon kelapa deres",
        "location": "Dusun Karanganyar",
        "scale": "Sekitar 60 penderes",
        "amount": "1.250,5",
        "unit": "pohon",
        "description": "",
    }
    values.update(changes)
    return values


def test_manager_records_a_potential_and_everyone_sees_it(client, sekdes, serang_village):
    client.force_login(sekdes)
    response = client.post(reverse("enterprises:potential_create"), data())
    assert response.url == reverse("enterprises:village", args=[serang_village.code])
    potential = Potential.objects.get()
    assert potential.village == serang_village and potential.amount_text == "1.250,5 pohon"
    client.logout()
    page = client.get(response.url).content.decode()
    assert "Pohon kelapa deres" in page and "Dusun Karanganyar" in page and "1.250,5 pohon" in page
    assert "Perkebunan" in page and "Catat potensi" not in page
    village_page = client.get(reverse("villages:village_detail", args=[serang_village.code])).content.decode()
    assert "Pohon kelapa deres" in village_page and "Potensi & usaha" in village_page


def test_manager_edits_and_removes(client, sekdes, serang_village):
    potential = Potential.objects.create(village=serang_village, name="Gula kelapa", sector="lainnya")
    client.force_login(sekdes)
    client.post(
        reverse("enterprises:potential_edit", args=[potential.pk]), data(name="Gula kelapa", sector="pengolahan")
    )
    potential.refresh_from_db()
    assert potential.sector == "pengolahan"
    client.post(reverse("enterprises:potential_delete", args=[potential.pk]))
    assert not Potential.objects.exists()


def test_others_get_404(client, serang_village, staf_serang, kades_caruy, camat):
    potential = Potential.objects.create(village=serang_village, name="Gula kelapa", sector="pengolahan")
    for user in (staf_serang, kades_caruy, camat):
        client.force_login(user)
        assert client.get(reverse("enterprises:potential_edit", args=[potential.pk])).status_code == 404
        assert client.post(reverse("enterprises:potential_delete", args=[potential.pk])).status_code == 404
    for user in (staf_serang, camat):
        client.force_login(user)
        assert client.get(reverse("enterprises:potential_create")).status_code == 404
    assert Potential.objects.count() == 1


def test_deleting_needs_post(client, sekdes, serang_village):
    potential = Potential.objects.create(village=serang_village, name="Gula kelapa", sector="pengolahan")
    client.force_login(sekdes)
    assert client.get(reverse("enterprises:potential_delete", args=[potential.pk])).status_code == 405


@pytest.mark.parametrize("size", [3, 30])
def test_village_page_query_count_is_fixed(client, serang_village, sekdes, size, django_assert_max_num_queries):
    for n in range(size):
        Potential.objects.create(village=serang_village, name=f"Potensi {n}", sector="pertanian")
        Enterprise.objects.create(village=serang_village, name=f"Usaha {n}", products="Beras", sector="pertanian")
    url = reverse("enterprises:village", args=[serang_village.code])
    with django_assert_max_num_queries(5):  # village, potentials count and page, enterprises count and page
        assert client.get(url).status_code == 200
    client.force_login(sekdes)
    with django_assert_max_num_queries(10):  # plus session, user, roles (2), unread notifications
        response = client.get(url, {"page": 2 if size > 20 else 1, "potensi": 2 if size > 20 else 1})
    assert response.status_code == 200 and "Catat potensi" in response.content.decode()


@pytest.mark.parametrize(
    "typed, stored",
    [("3.000", "3000"), ("12,5", "12.5"), ("1.250,5", "1250.5"), ("12.5", "12.5"), (" 40 ", "40"), ("", None)],
)
def test_amounts_as_written_in_indonesia(typed, stored):
    from decimal import Decimal

    from enterprises.forms import PotentialForm

    form = PotentialForm(data(amount=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == (Decimal(stored) if stored else None)


def test_a_word_for_an_amount_is_refused_and_kept(client, sekdes):
    client.force_login(sekdes)
    response = client.post(reverse("enterprises:potential_create"), data(amount="banyak"))
    assert response.status_code == 200 and 'value="banyak"' in response.content.decode()
    assert not Potential.objects.exists()
