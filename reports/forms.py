from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.uploads import ACCEPT_ATTRIBUTE, sniff
from villages.lookup import REGIONS, LookupInput, RegionLookupField

from .models import ActivityReport, ReportingSchedule

MAX_FILES = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise ValidationError(_("Paling banyak %(n)s berkas sekaligus.") % {"n": MAX_FILES})
        for upload in files:
            sniff(upload)
        return files


class ReportForm(forms.ModelForm):
    attachments = MultipleFileField(
        label=_("Lampiran (foto atau PDF, maks. 10 MB)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    class Meta:
        model = ActivityReport
        fields = ["narrative", "achievements", "obstacles", "next_steps"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class ReviewForm(forms.Form):
    """The decision at the report's present step: `step` is "approve" (the last step) or "verify"
    (the kecamatan in a two-step chain); either way the report may go back to the village."""

    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("approve", _("Setujui")), ("return", _("Kembalikan untuk diperbaiki"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Catatan untuk desa"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, step="approve", **kwargs):
        super().__init__(*args, **kwargs)
        if step == "verify":
            self.fields["decision"].choices = [
                ("verify", _("Verifikasi dan teruskan ke kabupaten")),
                ("return", _("Kembalikan untuk diperbaiki")),
            ]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", _("Tuliskan apa yang perlu diperbaiki."))
        return data


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ReportingSchedule
        fields = ["frequency", "due_days_after_period", "review_chain", "review_wait_days"]
        widgets = {"review_chain": forms.RadioSelect}


class PeriodForm(forms.Form):
    """Months for the dashboards, as YYYY-MM."""

    dari = forms.DateField(
        label=_("Dari bulan"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    sampai = forms.DateField(
        label=_("Sampai bulan"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            raise ValidationError(_("Bulan awal harus sebelum bulan akhir."))
        return data


class EvidenceYearsForm(forms.Form):
    """The two IDM years the evidence page compares, among the years the region has scores for."""

    dari = forms.TypedChoiceField(label=_("Dari tahun IDM"), coerce=int, required=False)
    sampai = forms.TypedChoiceField(label=_("Sampai tahun IDM"), coerce=int, required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "–")] + [(year, str(year)) for year in sorted(years)]
        for name in ("dari", "sampai"):
            self.fields[name].choices = choices
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] >= data["sampai"]:
            raise ValidationError(_("Tahun awal harus sebelum tahun akhir."))
        return data


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), *ActivityReport.Status.choices, ("terlambat", _("Terlambat"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    wilayah = RegionLookupField(
        kind=REGIONS,
        label=_("Wilayah"),
        required=False,
        widget=LookupInput(REGIONS, attrs={"class": "form-control", "placeholder": _("Wilayah, mis. Cipari")}),
    )

    WAITING_FOR_ME = "menunggu_saya"

    def __init__(self, *args, user=None, reviewer=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].user = user
        if reviewer:
            choices = list(self.fields["status"].choices)
            self.fields["status"].choices = [
                choices[0],
                (self.WAITING_FOR_ME, _("Menunggu tindakan saya")),
                *choices[1:],
            ]
