"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live_server.

Chromium comes from the system (`apt-get install chromium`); Playwright's own browser download is
not used. E2E_CHROMIUM points at another binary; E2E_REQUIRED=1 turns a missing browser into a
failure instead of a skip (for CI, where silently skipping would hide the suite).
"""

import os
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from regions.models import Region

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE_VIEWPORT = {"width": 390, "height": 844}
# Kecamatan Cipari (Jawa Tengah) and one kecamatan in Bali, with their ancestors.
E2E_REGIONS = ["33.01.18", "51.04.05"]


def _missing_browser_message(chromium):
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Browser tests need the playwright package: run `make install-dev`."
    if not Path(chromium).is_file():
        return (
            f"Browser tests need Chromium at {chromium}: run `apt-get install chromium` "
            "(or set E2E_CHROMIUM to a Chromium binary)."
        )
    return None


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all browser tests.

    While Playwright's sync API is started it keeps an asyncio loop running in this thread, and Django
    refuses ORM calls under a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Scoped to this
    package rather than the session, so that neither the loop nor the variable outlives the browser
    tests: later tests would inherit both (`manage.py check --deploy` in a subprocess rejects it).
    """
    chromium = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
    message = _missing_browser_message(chromium)
    if message:
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def expect(browser):
    """Playwright's auto-waiting assertions, imported only once the browser is known to exist."""
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    return expect


@pytest.fixture(autouse=True)
def _live_server_settings(settings):
    # The live server speaks plain HTTP: links in mails and secure-only cookies must work over it.
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Hashing cost is not under test; the default hasher takes half a second per password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # allauth's rate-limit counters live in the cache, which on Redis outlives a test run; a fresh
    # prefix keeps repeated runs from being throttled by earlier ones.
    prefix = f"e2e-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {alias: {**conf, "KEY_PREFIX": prefix} for alias, conf in settings.CACHES.items()}


@pytest.fixture
def new_page(browser, live_server):
    """Opens a page in a fresh browser context: a phone of its own, with no cookies."""
    contexts = []

    def open_page():
        # Many phones in Indonesia are set to English; the site must still start in Indonesian.
        context = browser.new_context(base_url=live_server.url, viewport=PHONE_VIEWPORT, locale="en-US")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def live_regions(transactional_db):
    """The e2e variant of tests.conftest.regions: live_server needs a transactional database."""
    call_command("import_regions", only=E2E_REGIONS, verbosity=0)
    return Region.objects
