from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EmailMode, NotificationKind, NotificationSetting
from .push import push_enabled


class NotificationSettingsForm(forms.Form):
    """One choice per kind: email immediately, in the daily digest, or not at all; and, when the
    site has push, whether it also goes to the user's subscribed phones."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.push = push_enabled()
        current = {s.kind: s for s in user.notification_settings.all()}
        for kind, label in NotificationKind.choices:
            setting = current.get(kind)
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=EmailMode.choices,
                initial=setting.email if setting else EmailMode.IMMEDIATE,
                widget=forms.RadioSelect,
            )
            if self.push:
                self.fields[f"{kind}_push"] = forms.BooleanField(
                    label=_("Juga ke ponsel (notifikasi push)"),
                    required=False,
                    initial=setting.push if setting else True,
                )

    def save(self):
        for kind, _label in NotificationKind.choices:
            values = {"email": self.cleaned_data[kind]}
            if self.push:
                values["push"] = self.cleaned_data[f"{kind}_push"]
            NotificationSetting.objects.update_or_create(user=self.user, kind=kind, defaults=values)
