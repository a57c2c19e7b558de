from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import ratelimit
from allauth.mfa.models import Authenticator
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


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for what signing in asks: the password, and the authenticator's
    code (or a recovery code) when two-factor sign-in is on."""

    password = forms.CharField(
        label=_("Kata sandi Anda"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = forms.CharField(
        label=_("Kode verifikasi dua langkah"),
        required=False,
        help_text=_("Dari aplikasi autentikator Anda, atau salah satu kode pemulihan."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.request = user, request
        self.authenticators = list(Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.WEBAUTHN))
        if not self.authenticators:
            del self.fields["code"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        # The same allowance as allauth's re-authentication: a stolen session cannot guess on.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError(_("Terlalu banyak percobaan. Tunggu sebentar, lalu coba lagi."))
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Kata sandi salah."))
        return password

    def clean_code(self):
        code = self.cleaned_data.get("code", "").replace(" ", "")
        if self.has_error("password"):
            return code  # a code is good once: keep it for the attempt with the right password
        if not code:
            raise forms.ValidationError(_("Masukkan kode dari aplikasi autentikator Anda."))
        if not any(authenticator.wrap().validate_code(code) for authenticator in self.authenticators):
            raise forms.ValidationError(_("Kode salah atau sudah kedaluwarsa."))
        return code
