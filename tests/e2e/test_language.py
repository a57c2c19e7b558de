import pytest

from accounts.models import User
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

# English translations of the site's own strings may be incomplete: the checks rest on <html lang>,
# on the switch's aria-current and on allauth's own, fully translated, login heading.


def expect_language(expect, page, code):
    other = {"id": "en", "en": "id"}[code]
    expect(page.locator("html")).to_have_attribute("lang", code)
    switch = page.locator("footer .language-switch")
    expect(switch.locator(f'button[value="{code}"]')).to_have_attribute("aria-current", "true")
    expect(switch.locator(f'button[value="{other}"]')).not_to_have_attribute("aria-current", "true")


def switch_to(page, code):
    page.get_by_role("button", name={"id": "Bahasa Indonesia", "en": "English"}[code]).click()


def test_visitor_switches_language_and_it_stays_across_pages(page, expect, live_regions):
    page.goto("/")
    expect_language(expect, page, "id")

    switch_to(page, "en")
    expect(page).to_have_url("/")
    expect_language(expect, page, "en")

    # The phone menu opens with the toggler, then the regions page is one tap away.
    page.locator("label.navbar-toggler").click()
    page.locator('#nav-menu a[href="/wilayah/"]').click()
    expect(page.get_by_role("link", name="Jawa Tengah")).to_be_visible()
    expect_language(expect, page, "en")

    page.goto("/akun/login/")
    expect_language(expect, page, "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")

    switch_to(page, "id")
    expect(page).to_have_url("/akun/login/")
    expect_language(expect, page, "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk")


def test_signed_in_users_choice_is_saved_on_their_profile(new_page, expect):
    user = UserFactory(full_name="Budi Santoso")
    assert user.language == "id"
    page = new_page()
    log_in(page, user.email, PASSWORD)
    expect(page.get_by_role("heading", name="Selamat datang, Budi")).to_be_visible()

    switch_to(page, "en")
    expect_language(expect, page, "en")
    assert User.objects.get(pk=user.pk).language == "en"

    # On another phone, with no language cookie, signing in brings the saved choice back.
    other_phone = new_page()
    log_in(other_phone, user.email, PASSWORD)
    expect(other_phone).to_have_url("/")
    expect_language(expect, other_phone, "en")

    switch_to(other_phone, "id")
    expect_language(expect, other_phone, "id")
    assert User.objects.get(pk=user.pk).language == "id"
