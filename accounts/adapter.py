import io

import segno
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth counts failures per account; with the address added, five wrong passwords lock
        # the account only for whoever typed them. The per-address limit still caps guessing.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{self.get_client_ip(request)}"

    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data.get("full_name", "")
        user.phone = form.cleaned_data.get("phone", "")
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url):
        # The authenticator app's QR code, drawn with the library that draws the check-in codes;
        # a whole SVG document (with its namespace), since allauth shows it as a data: image.
        buffer = io.BytesIO()
        segno.make(url, error="m").save(buffer, kind="svg", scale=4, xmldecl=False, border=2)
        return buffer.getvalue().decode()
