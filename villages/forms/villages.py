"""Villages: profile, IDM scores, directory filters."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import phone_validator
from core import images

from ..idm import STATUSES
from ..models import IdmScore, Village

# The IDM bands of villages.idm with their labels and the slugs the directory puts in its URL.
IDM_STATUS_LABELS = {
    "Sangat Tertinggal": _("Sangat Tertinggal"),
    "Tertinggal": _("Tertinggal"),
    "Berkembang": _("Berkembang"),
    "Maju": _("Maju"),
    "Mandiri": _("Mandiri"),
}
IDM_STATUS_SLUGS = dict(
    zip(STATUSES, ["sangat-tertinggal", "tertinggal", "berkembang", "maju", "mandiri"], strict=True)
)
NO_IDM_SCORE = "belum"
FIRST_IDM_YEAR = 2015  # the first year the Kemendes published the index


class VillageFilterForm(forms.Form):
    """The directory's filters. The view passes the provinces, the regencies of the chosen province
    and the districts of the chosen regency, so each submit fills the next list: no JavaScript."""

    q = forms.CharField(label=_("Nama desa"), required=False, max_length=100)
    provinsi = forms.ChoiceField(label=_("Provinsi"), required=False)
    kabupaten = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    status = forms.ChoiceField(label=_("Status IDM terakhir"), required=False)

    def __init__(self, data, *, provinces, regencies, districts):
        data = data.copy()
        levels = [
            ("provinsi", provinces, _("Semua provinsi"), None),
            ("kabupaten", regencies, _("Semua kabupaten/kota"), _("Pilih provinsi dulu")),
            ("kecamatan", districts, _("Semua kecamatan"), _("Pilih kabupaten/kota dulu")),
        ]
        for name, regions, _everything, _nothing in levels:
            # A choice left over from another parent (the province was changed) is dropped quietly.
            if data.get(name) not in {region.code for region in regions}:
                data[name] = ""
        super().__init__(data)
        for name, regions, everything, nothing in levels:
            field = self.fields[name]
            if regions or nothing is None:
                field.choices = [("", everything)] + [(region.code, region.name) for region in regions]
            else:
                field.choices = [("", nothing)]
                field.disabled = True
        self.fields["status"].choices = [
            ("", _("Semua status")),
            *[(IDM_STATUS_SLUGS[status], IDM_STATUS_LABELS[status]) for status in STATUSES],
            (NO_IDM_SCORE, _("Belum ada skor IDM")),
        ]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": _("mis. Serang")})

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def idm_status(self):
        """The chosen band's name in villages.idm, NO_IDM_SCORE, or None for any."""
        self.is_valid()
        slug = self.cleaned_data.get("status")
        if slug == NO_IDM_SCORE:
            return NO_IDM_SCORE
        return next((status for status, s in IDM_STATUS_SLUGS.items() if s == slug), None)


class VillageProfileForm(forms.ModelForm):
    description = forms.CharField(
        label=_("Profil singkat"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ceritakan desa Anda: letak, penduduk, program yang sedang berjalan."),
    )
    logo = forms.FileField(
        label=_("Logo atau foto desa"),
        required=False,
        widget=forms.FileInput(attrs={"accept": images.ACCEPT_ATTRIBUTE}),
        help_text=_("JPEG, PNG atau WebP, paling besar 5 MB. Gambar diperkecil menjadi paling lebar 800 piksel."),
    )
    remove_logo = forms.BooleanField(label=_("Hapus logo/foto yang sekarang"), required=False)

    class Meta:
        model = Village
        fields = ["description", "office_address", "phone", "email", "logo"]
        labels = {
            "office_address": _("Alamat kantor desa"),
            "phone": _("Telepon kantor desa"),
            "email": _("Email desa"),
        }
        help_texts = {"phone": _("Nomor kantor desa; tampil di halaman desa untuk semua pengunjung.")}

    def __init__(self, *args, oversized=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized = set(oversized)  # file fields the upload handler dropped for their size
        self.new_logo = False
        self.fields["phone"].validators.append(phone_validator)
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if "logo" in self.oversized:
            raise forms.ValidationError(images.too_large_message())
        if not isinstance(logo, UploadedFile):
            return logo  # no new file: the stored one (or none) stays
        try:
            prepared = images.prepare_logo(logo)
        except images.ImageRejected as rejected:
            raise forms.ValidationError(rejected.message) from rejected
        self.new_logo = True
        return prepared

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("remove_logo") and not self.new_logo:
            cleaned_data["logo"] = False  # FileField.save_form_data empties the field
        return cleaned_data


class IdmScoreForm(forms.ModelForm):
    """One year's score. The view saves it with update_or_create: a year that is already there gets
    the new score (the village is not a form field, so the per-year constraint is not checked here)."""

    year = forms.IntegerField(label=_("Tahun"))
    score = forms.DecimalField(
        label=_("Skor IDM"),
        max_digits=5,
        decimal_places=4,
        localize=True,  # "0,6512" as well as "0.6512"
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Antara 0 dan 1 dengan paling banyak 4 angka di belakang koma, mis. 0,6512."),
        error_messages={
            "invalid": _("Tulis skor sebagai angka, mis. 0,6512."),
            "max_digits": _("Skor IDM antara 0 dan 1."),
            "max_whole_digits": _("Skor IDM antara 0 dan 1."),
            "max_decimal_places": _("Paling banyak 4 angka di belakang koma."),
        },
    )

    class Meta:
        model = IdmScore
        fields = ["year", "score"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_year = timezone.localdate().year
        self.fields["year"].widget.attrs.update({"min": FIRST_IDM_YEAR, "max": self.last_year})
        self.fields["year"].initial = self.last_year

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_IDM_YEAR <= year <= self.last_year:
            raise forms.ValidationError(
                _("Tahun IDM antara %(first)s dan %(last)s.") % {"first": FIRST_IDM_YEAR, "last": self.last_year}
            )
        return year

    def clean_score(self):
        score = self.cleaned_data["score"]
        if not 0 <= score <= 1:
            raise forms.ValidationError(_("Skor IDM antara 0 dan 1."))
        return score
