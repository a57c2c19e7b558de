import pytest
from django.core.management import call_command

from regions.importer import import_regions, source_count
from regions.models import Region


@pytest.mark.slow
@pytest.mark.django_db
def test_full_import_loads_every_region_once_and_is_idempotent():
    first = import_regions()  # the sample regions of tests/conftest.py are there already
    assert first.created + first.unchanged == 91_599 == source_count()
    assert first.created > 91_000 and first.updated == 0
    assert Region.objects.count() == 91_599
    assert Region.objects.filter(level=Region.Level.PROVINCE).count() == 38
    assert Region.objects.filter(level=Region.Level.REGENCY).count() == 514
    assert Region.objects.filter(level=Region.Level.DISTRICT).count() == 7_285
    assert Region.objects.filter(level=Region.Level.VILLAGE).count() == 83_762

    serang = Region.objects.with_path().get(code="33.01.18.2006")
    assert serang.display_name == "Desa Serang"
    assert serang.path == "Kec. Cipari, Kab. Cilacap, Jawa Tengah"
    assert serang.postal_code == "53262"
    assert serang.timezone_abbr == "WIB"
    assert Region.objects.get(code="91.71").timezone == "Asia/Jayapura"
    assert Region.objects.get(code="51.04").timezone_abbr == "WITA"

    # A renamed region is put right and nothing is duplicated.
    Region.objects.filter(code="33.01.18.2006").update(name="Serang Lama")
    second = import_regions()
    assert (second.created, second.updated, second.unchanged) == (0, 1, 91_598)
    assert Region.objects.count() == 91_599
    assert Region.objects.get(code="33.01.18.2006").name == "Serang"


def test_partial_import_brings_ancestors(regions):
    assert Region.objects.filter(code__in=["33", "33.01", "33.01.18"]).count() == 3
    cipari = Region.objects.get(code="33.01.18")
    assert cipari.children.count() == 11
    assert Region.objects.within("33.01").filter(level=4).count() == 11 + 0  # only Cipari was asked for


def test_if_complete_skips_only_when_everything_is_there(regions, capsys):
    call_command("import_regions", if_complete=True, only=None, verbosity=0)
    assert Region.objects.count() == source_count()
    call_command("import_regions", if_complete=True)
    assert "dilewati" in capsys.readouterr().out
