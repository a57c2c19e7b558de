"""A security key / passkey (WebAuthn through allauth's MFA) in a real browser: Chromium's virtual
authenticator stands in for the key, registered from the two-factor page and then used to sign in
without a password, all under the Content-Security-Policy."""

import os
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator

from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    shots = os.environ.get("SHOTS_DIR")
    if shots:
        page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)


def add_virtual_authenticator(page):
    """A platform authenticator that holds passkeys and answers at once, as a phone's would."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def test_an_official_registers_a_passkey_and_signs_in_with_it(page, expect, live_regions, settings):
    # The live server speaks plain HTTP on localhost (a secure context for the browser).
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    user = UserFactory(full_name="Siti Rahayu")
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    cdp, authenticator = add_virtual_authenticator(page)

    log_in(page, user.email, PASSWORD)
    page.goto("/akun/2fa/webauthn/add/")
    # Adding a key asks for the password again first (allauth's reauthentication).
    page.wait_for_url("**/akun/reauthenticate/**")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/akun/2fa/webauthn/add/")
    page.get_by_label("Nama kunci").fill("Ponsel Siti")
    page.locator("input[name=passwordless]").check()
    shot(page, "security-key-add")
    page.locator("#mfa_webauthn_add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    key = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Ponsel Siti"
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1

    page.goto("/akun/logout/")
    page.locator("main form button[type=submit]").click()
    page.goto("/akun/login/")
    shot(page, "security-key-login")
    page.locator("#passkey_login").click()
    page.wait_for_url(lambda url: "/akun/login/" not in url)
    page.goto("/akun/profil/")
    expect(page.locator("main")).to_contain_text(user.email)  # signed in as Siti, without her password
    assert refused == []
