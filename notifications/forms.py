from django import forms

from .models import EmailMode, NotificationKind, NotificationSetting


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
