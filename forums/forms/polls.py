"""The form that starts a quick poll."""

import zoneinfo
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.models.polls import MAX_CHOICES, MIN_CHOICES

LONGEST_POLL_DAYS = 90


class PollForm(forms.Form):
    question = forms.CharField(
        label=_("Pertanyaan"), max_length=300, error_messages={"required": _("Tulis pertanyaannya.")}
    )
    choices = forms.CharField(
        label=_("Pilihan"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Satu pilihan per baris, 2 sampai 10 pilihan."),
        error_messages={"required": _("Tulis pilihan jawabannya, satu per baris.")},
    )
    closes_at = forms.DateTimeField(
        label=_("Ditutup pada"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Tentukan kapan jajak pendapat ditutup."),
            "invalid": _("Masukkan tanggal dan jam yang benar."),
        },
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(network.timezone)
        self.fields["closes_at"].help_text = _("Waktu %(zone)s, zona waktu jaringan ini.") % {
            "zone": network.timezone_abbr
        }

    def clean_choices(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["choices"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) < MIN_CHOICES:
            raise forms.ValidationError(_("Tulis paling sedikit dua pilihan, satu per baris."))
        if len(lines) > MAX_CHOICES:
            raise forms.ValidationError(_("Paling banyak 10 pilihan."))
        if len({line.lower() for line in lines}) != len(lines):
            raise forms.ValidationError(_("Ada pilihan yang ditulis dua kali."))
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(_("Satu pilihan paling panjang 200 huruf."))
        return lines

    def clean_closes_at(self):
        value = self.cleaned_data["closes_at"]
        # The typed wall-clock time is the network's, whatever the server's zone.
        value = timezone.make_aware(value.replace(tzinfo=None), self.zone)
        now = timezone.now()
        if value <= now:
            raise forms.ValidationError(_("Waktu tutup harus nanti, bukan yang sudah lewat."))
        if value > now + timedelta(days=LONGEST_POLL_DAYS):
            raise forms.ValidationError(_("Jajak pendapat paling lama dibuka 90 hari."))
        return value


class VoteForm(forms.Form):
    choice = forms.TypedChoiceField(
        label=_("Pilihan Anda"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih salah satu."), "invalid_choice": _("Pilih salah satu pilihan.")},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(c.pk, c.text) for c in choices]
