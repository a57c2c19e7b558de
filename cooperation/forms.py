"""Forms of cooperation agreements, staff exchanges and the resource board."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.models import Agreement, AgreementFunding, AgreementParty, Milestone, ResourcePost, StaffExchange
from core.forms import BoundedModelChoiceField
from core.uploads import ACCEPT_ATTRIBUTE, MAX_ATTACHMENT_BYTES, sniff
from regions.models import Region
from villages.lookup import VILLAGES, RegionLookupField, member_village_of
from villages.models import Official

MAX_PHOTOS = 4


def too_large_message():
    return _("Berkas lebih besar dari %(mb)s MB.") % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class PeriodMixin:
    """starts_on/ends_on in order, with the message on the end date where the user looks."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return cleaned


# ---- Agreements ---------------------------------------------------------------------------------


class AgreementForm(PeriodMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "field",
            "scope",
            "implementer",
            "starts_on",
            "ends_on",
            "dispute_resolution",
            "is_public",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "scope": forms.Textarea(attrs={"rows": 4}),
            "dispute_resolution": forms.Textarea(attrs={"rows": 3}),
        }


class ProvinceFilterForm(forms.Form):
    """A list filter with a province choice; a code that is not one of `provinces` is dropped."""

    provinsi = forms.ChoiceField(label=_("Provinsi"), required=False)

    def __init__(self, data, *, provinces):
        data = data.copy()
        if data.get("provinsi") not in {p.code for p in provinces}:
            data["provinsi"] = ""
        super().__init__(data)
        self.fields["provinsi"].choices = [("", _("Semua provinsi")), *[(p.code, p.name) for p in provinces]]


class AgreementFilterForm(ProvinceFilterForm):
    bidang = forms.ChoiceField(label=_("Bidang"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    field_order = ["bidang", "status", "provinsi"]

    def __init__(self, data, *, provinces):
        super().__init__(data, provinces=provinces)
        self.fields["bidang"].choices = [("", _("Semua bidang")), *Agreement.Field.choices]
        self.fields["status"].choices = [("", _("Semua status")), *Agreement.Status.choices]


class VillageSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari desa anggota"), max_length=100, required=False)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())


class ThirdPartyForm(forms.ModelForm):
    class Meta:
        model = AgreementParty
        fields = ["name", "third_party_kind", "rights", "obligations"]
        widgets = {"rights": forms.Textarea(attrs={"rows": 2}), "obligations": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["third_party_kind"].required = True


class PartyTermsForm(forms.ModelForm):
    class Meta:
        model = AgreementParty
        fields = ["rights", "obligations"]
        widgets = {"rights": forms.Textarea(attrs={"rows": 3}), "obligations": forms.Textarea(attrs={"rows": 3})}


class FundingForm(forms.ModelForm):
    class Meta:
        model = AgreementFunding
        fields = ["source", "party", "amount", "note"]
        field_classes = {"party": BoundedModelChoiceField}

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = agreement.parties.select_related("village__region")
        self.fields["party"].label_from_instance = lambda party: party.display_name
        self.fields["amount"].widget.attrs.update({"min": 0, "step": 1})


class RegulationForm(forms.ModelForm):
    """The signed Peraturan Bersama Kepala Desa: number, date and the scanned document."""

    document = forms.FileField(
        label=_("Dokumen Peraturan Bersama (PDF atau foto)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    class Meta:
        model = Agreement
        fields = ["regulation_number", "regulation_date"]
        widgets = {"regulation_date": DateInput()}

    def __init__(self, *args, oversized=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized = oversized
        self.fields["regulation_number"].required = True
        self.fields["regulation_date"].required = True

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if "document" in self.oversized:
            raise forms.ValidationError(too_large_message())
        if isinstance(upload, UploadedFile):
            sniff(upload)
        return upload


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "status", "progress", "weight"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["progress"].widget.attrs.update({"min": 0, "max": 100})

    def clean(self):
        cleaned = super().clean()
        agreement = self.instance.agreement
        due = cleaned.get("due_on")
        if due and not (agreement.starts_on <= due <= agreement.ends_on):
            self.add_error(
                "due_on",
                _("Tenggat harus di dalam masa kerja sama (%(start)s – %(end)s).")
                % {"start": agreement.starts_on.strftime("%d-%m-%Y"), "end": agreement.ends_on.strftime("%d-%m-%Y")},
            )
        return cleaned


class AgreementUpdateForm(forms.Form):
    happened_on = forms.DateField(label=_("Tanggal"), widget=DateInput())
    text = forms.CharField(label=_("Kabar"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    photos = MultipleFileField(label=_("Foto (boleh lebih dari satu, paling banyak 4)"), required=False)

    def __init__(self, *args, oversized=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized = oversized
        if not self.is_bound:
            self.initial.setdefault("happened_on", timezone.localdate())

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Tanggal kabar tidak boleh di masa depan."))
        return day

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        if "photos" in self.oversized:
            raise forms.ValidationError(too_large_message())
        if len(photos) > MAX_PHOTOS:
            raise forms.ValidationError(_("Paling banyak %(n)s foto per kabar.") % {"n": MAX_PHOTOS})
        for photo in photos:
            content_type, _ext = sniff(photo)
            if not content_type.startswith("image/"):
                raise forms.ValidationError(_("Lampiran kabar harus berupa foto (JPEG, PNG atau WebP)."))
        return photos


class TerminateForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penghentian"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Semua pihak akan menerima alasan ini."),
    )


# ---- Staff exchanges ----------------------------------------------------------------------------


class ExchangeForm(PeriodMixin, forms.ModelForm):
    host_code = RegionLookupField(
        kind=VILLAGES, label=_("Desa tujuan"), help_text=_("Ketik nama desa, mis. Cirahab, lalu pilih dari daftar.")
    )

    class Meta:
        model = StaffExchange
        fields = ["visitor", "starts_on", "ends_on", "learning_goals"]
        field_classes = {"visitor": BoundedModelChoiceField}
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "learning_goals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, home_village, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.home_village = home_village
        self.fields["host_code"].user = user
        self.fields["visitor"].queryset = (
            Official.objects.active().filter(village=home_village).select_related("user", "position")
        )
        self.fields["visitor"].label_from_instance = lambda o: f"{o.user.full_name} — {o.position.short_name}"

    def clean_host_code(self):
        village = member_village_of(self.cleaned_data["host_code"])
        if village.pk == self.home_village.pk:
            raise forms.ValidationError(_("Desa tujuan harus desa lain."))
        self.host_village = village
        return village.code

    def save(self, commit=True):
        self.instance.home_village = self.home_village
        self.instance.host_village = self.host_village
        return super().save(commit)


class ExchangeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("accept", _("Terima")), ("decline", _("Tolak"))],
        widget=forms.RadioSelect,
    )
    mentor = BoundedModelChoiceField(
        label=_("Pendamping di desa kami"), queryset=Official.objects.none(), required=False
    )
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, host_village, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = (
            Official.objects.active().filter(village=host_village).select_related("user", "position")
        )
        self.fields["mentor"].label_from_instance = lambda o: f"{o.user.full_name} — {o.position.short_name}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "accept" and not cleaned.get("mentor"):
            self.add_error("mentor", _("Pilih pendamping bagi peserta."))
        if cleaned.get("decision") == "decline" and not cleaned.get("note"):
            self.add_error("note", _("Tuliskan alasan penolakan."))
        return cleaned


class ExchangeReportForm(forms.ModelForm):
    class Meta:
        model = StaffExchange
        fields = ["report_learned", "report_apply_at_home", "practices_applied"]
        widgets = {
            "report_learned": forms.Textarea(attrs={"rows": 4}),
            "report_apply_at_home": forms.Textarea(attrs={"rows": 4}),
            "practices_applied": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_learned"].required = True
        self.fields["report_apply_at_home"].required = True


# ---- Resource board -----------------------------------------------------------------------------


class ResourcePostForm(forms.ModelForm):
    class Meta:
        model = ResourcePost
        fields = ["kind", "category", "title", "description", "region", "valid_until"]
        field_classes = {"region": BoundedModelChoiceField}
        widgets = {"valid_until": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        # How far the post reaches: the poster's own kecamatan, kabupaten or province.
        reach = [village.region, *village.region.ancestors()]
        self.fields["region"].queryset = Region.objects.filter(pk__in=[r.pk for r in reach[1:]])
        self.fields["region"].label_from_instance = lambda r: r.display_name
        self.fields["region"].empty_label = None
        self.fields["kind"].widget = forms.RadioSelect(choices=ResourcePost.Kind.choices)

    def clean_valid_until(self):
        day = self.cleaned_data["valid_until"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Tanggal berlaku tidak boleh sudah lewat."))
        return day


class ResourceFilterForm(ProvinceFilterForm):
    jenis = forms.ChoiceField(label=_("Jenis"), required=False)
    kategori = forms.ChoiceField(label=_("Kategori"), required=False)

    field_order = ["jenis", "kategori", "provinsi"]

    def __init__(self, data, *, provinces):
        super().__init__(data, provinces=provinces)
        self.fields["jenis"].choices = [("", _("Semua jenis")), *ResourcePost.Kind.choices]
        self.fields["kategori"].choices = [("", _("Semua kategori")), *ResourcePost.Category.choices]


class ContactForm(forms.Form):
    text = forms.CharField(
        label=_("Pesan untuk pengelola desa"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ClosePostForm(forms.Form):
    fulfilled = forms.TypedChoiceField(
        label=_("Apakah terpenuhi?"),
        choices=[("1", _("Ya, terpenuhi")), ("0", _("Tidak terpenuhi"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    partner_code = RegionLookupField(
        kind=VILLAGES, label=_("Desa mitra"), required=False, help_text=_("Ketik nama desa, lalu pilih dari daftar.")
    )
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_code"].user = user

    def clean(self):
        cleaned = super().clean()
        region = cleaned.get("partner_code")
        cleaned["partner"] = member_village_of(region)
        if cleaned.get("fulfilled") and not region and "partner_code" not in self.errors and not cleaned.get("note"):
            self.add_error("partner_code", _("Sebutkan dengan desa mana, atau tulis catatan."))
        return cleaned
