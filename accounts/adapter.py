from allauth.account.adapter import DefaultAccountAdapter
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
