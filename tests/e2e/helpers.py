import re

# "Sandi" alone would also match "Kata sandi (lagi)"; labels start with whitespace from the template.
PASSWORD_LABEL = re.compile(r"^\s*Sandi")


def log_in(page, email, password):
    from allauth.mfa.models import Authenticator

    totp = Authenticator.objects.filter(user__email=email, type=Authenticator.Type.TOTP).first()
    page.goto("/akun/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()  # not "Masuk dengan passkey"
    if totp is not None:
        # Staff and admins have an authenticator app: type the code it shows now.
        from tests.factories import totp_code

        page.wait_for_url("**/akun/2fa/authenticate/")
        page.locator("input[name=code]").fill(totp_code(totp.data["secret"]))
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(lambda url: "/akun/2fa/authenticate/" not in url)
