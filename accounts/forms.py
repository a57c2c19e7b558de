from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm as AllauthAddWebAuthnForm
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User, phone_validator


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    phone = forms.CharField(
        label=_("Nomor telepon/WhatsApp"),
        max_length=20,
        required=False,
        validators=[phone_validator],
        help_text=_("Tidak wajib. Hanya terlihat oleh perangkat desa dan staf yang aktif."),
    )

    field_order = ["full_name", "email", "phone", "password1", "password2"]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "language"]


class AddWebAuthnForm(AllauthAddWebAuthnForm):
    """allauth's form to add a security key, with the name's label in Indonesian."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Nama kunci")
        self.fields["name"].help_text = _("Mis. “Ponsel saya” atau “Kunci USB kantor”.")
