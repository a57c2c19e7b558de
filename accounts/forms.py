from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EmailMode, NotificationKind, NotificationSetting, User, phone_validator


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


class NotificationSettingsForm(forms.Form):
    """One choice per kind: email immediately, in the daily digest, or not at all."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        current = dict(user.notification_settings.values_list("kind", "email"))
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=EmailMode.choices,
                initial=current.get(kind, EmailMode.IMMEDIATE),
                widget=forms.RadioSelect,
            )

    def save(self):
        for kind, _label in NotificationKind.choices:
            NotificationSetting.objects.update_or_create(
                user=self.user, kind=kind, defaults={"email": self.cleaned_data[kind]}
            )
