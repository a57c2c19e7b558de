"""The village profile's old list of "potensi unggulan" words becomes one Potential per word, with
the sector its words suggest; migrating back writes the words into the profile again."""

import pytest

from enterprises.models import Potential
from tests.factories import VillageFactory
from tests.migrations.steps import latest, migrate

BEFORE = [("villages", "0009_idm_indices"), ("enterprises", None)]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_words_become_potentials_and_come_back(serang):
    village = VillageFactory(region=serang)
    try:
        old = migrate(BEFORE)
        old.get_model("villages", "Village").objects.filter(pk=village.pk).update(
            potentials=["Gula kelapa", "Anyaman  pandan", "Wisata sawah", "Gotong royong", ""]
        )

        migrate(latest())

        rows = list(Potential.objects.filter(village=village).order_by("pk").values_list("name", "sector"))
        assert rows == [
            ("Gula kelapa", "pengolahan"),
            ("Anyaman pandan", "kerajinan"),
            ("Wisata sawah", "pariwisata"),
            ("Gotong royong", "lainnya"),
        ]

        old = migrate(BEFORE)
        back = old.get_model("villages", "Village").objects.get(pk=village.pk)
        assert back.potentials == ["Gula kelapa", "Anyaman pandan", "Wisata sawah", "Gotong royong"]
    finally:
        migrate(latest())
