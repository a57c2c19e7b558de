import zoneinfo

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import phone_validator

from . import images
from .idm import STATUSES
from .models import IdmScore, Official, OfficialInvitation, Region, Village

# ---- Officials: joining, decisions, invitations -------------------------------------------------


def _date_widget():
    # The browser's own date picker; ISO format is what <input type=date> reads and sends.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def manager_position_holder(village, position):
    """The active holder of a managing position (one Kepala Desa, one Sekretaris Desa per village).

    Other positions (Kepala Dusun, staf) have several holders, so only managing ones are checked.
    """
    if village is None or position is None or not position.manages_village:
        return None
    return Official.objects.active().filter(village=village, position=position).select_related("user").first()


def village_local(moment, village):
    """A stored UTC time in the village's own time zone (WIB/WITA/WIT)."""
    return timezone.localtime(moment, zoneinfo.ZoneInfo(village.timezone))


def _village_label(region):
    path = region.path
    return format_html(
        '<span class="fw-semibold">{}</span>{}<span class="d-block region-path">{}</span>',
        region.display_name,
        format_html(' <span class="badge text-bg-success">{}</span>', _("sudah bergabung"))
        if getattr(region, "village", None)
        else "",
        path,
    )


class JoinVillageForm(forms.ModelForm):
    """A signed-in user asks to join a village (chosen among search results) with a position."""

    region = forms.ModelChoiceField(
        label=_("Desa/kelurahan"),
        queryset=Region.objects.filter(level=Region.Level.VILLAGE).with_path(),
        to_field_name="code",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih desa/kelurahan Anda dari hasil pencarian."),
            "invalid_choice": _("Desa/kelurahan itu tidak ditemukan. Cari lagi lalu pilih dari daftar."),
        },
    )

    class Meta:
        model = Official
        fields = ["position", "sk_number", "sk_date", "term_start"]
        widgets = {"sk_date": _date_widget(), "term_start": _date_widget()}
        help_texts = {"sk_number": _("Tidak wajib, tetapi membantu pengelola desa memeriksa permohonan Anda.")}
        error_messages = {"position": {"required": _("Pilih jabatan Anda.")}}

    field_order = ["region", "position", "sk_number", "sk_date", "term_start"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance.user = user
        self.fields["position"].empty_label = _("— pilih jabatan —")

    def show_regions(self, regions):
        """Only the search results are offered as radio buttons; any level-4 code still validates."""
        self.fields["region"].choices = [(region.code, _village_label(region)) for region in regions]

    def clean_sk_date(self):
        sk_date = self.cleaned_data.get("sk_date")
        if sk_date and sk_date > timezone.localdate():
            raise forms.ValidationError(_("Tanggal SK tidak boleh di masa depan."))
        return sk_date

    def clean(self):
        cleaned = super().clean()
        mine = Official.objects.filter(user=self.user).select_related("position", "village__region")
        pending = mine.filter(status=Official.Status.PENDING).first()
        if pending:
            raise forms.ValidationError(
                _(
                    "Anda sudah mengajukan permohonan sebagai %(position)s di %(village)s yang masih menunggu "
                    "persetujuan. Satu akun hanya boleh punya satu permohonan; batalkan dulu permohonan itu bila "
                    "ingin mengajukan yang lain."
                ),
                code="pending",
                params={"position": pending.position.name, "village": pending.village.name},
            )
        active = mine.filter(status=Official.Status.ACTIVE).first()
        if active:
            raise forms.ValidationError(
                _(
                    "Anda sudah tercatat sebagai %(position)s yang aktif di %(village)s. Satu akun hanya dapat "
                    "memegang satu jabatan aktif; minta pengelola desa mengakhiri masa jabatan itu lebih dulu."
                ),
                code="active",
                params={"position": active.position.name, "village": active.village.name},
            )
        region, position = cleaned.get("region"), cleaned.get("position")
        village = Village.objects.filter(region=region).first() if region else None
        if manager_position_holder(village, position):
            self.add_error(
                "position",
                forms.ValidationError(
                    _(
                        "%(village)s sudah memiliki %(position)s yang aktif. Bila jabatan itu sudah berganti, "
                        "minta pengelola desa atau staf kecamatan mengakhiri masa jabatan yang lama lebih dulu."
                    ),
                    code="taken",
                    params={"village": village.name, "position": position.name},
                ),
            )
        return cleaned

    def save(self, commit=True):
        # A desa joins ForumDesa together with its first official.
        self.instance.village, _created = Village.objects.get_or_create(region=self.cleaned_data["region"])
        return super().save(commit=commit)


class OfficialDecisionForm(forms.Form):
    APPROVE, REJECT = "approve", "reject"

    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[(APPROVE, _("Setujui")), (REJECT, _("Tolak"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih setujui atau tolak.")},
    )
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib bila permohonan ditolak. Alasan ini dikirim kepada pemohon."),
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["reason"] = (cleaned.get("reason") or "").strip()
        if cleaned.get("decision") == self.REJECT and not cleaned["reason"]:
            self.add_error("reason", _("Tuliskan alasan penolakan, agar pemohon tahu apa yang perlu diperbaiki."))
        return cleaned

    @property
    def approved(self):
        return self.cleaned_data["decision"] == self.APPROVE


class EndTermForm(forms.Form):
    term_end = forms.DateField(
        label=_("Tanggal akhir masa jabatan"),
        required=False,
        widget=_date_widget(),
        help_text=_("Kosongkan untuk hari ini."),
    )

    def __init__(self, *args, official, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.official = official
        self.today = today

    def clean_term_end(self):
        term_end = self.cleaned_data.get("term_end") or self.today
        if term_end > self.today:
            raise forms.ValidationError(_("Tanggal akhir tidak boleh di masa depan."))
        if self.official.term_start and term_end < self.official.term_start:
            raise forms.ValidationError(
                _("Tanggal akhir tidak boleh sebelum mulai menjabat (%(date)s)."),
                params={"date": date_format(self.official.term_start, "j F Y")},
            )
        return term_end


class OfficialInvitationForm(forms.ModelForm):
    """A decider invites a person, by email, to a position in their village."""

    class Meta:
        model = OfficialInvitation
        fields = ["email", "position"]
        labels = {"email": _("Email orang yang diundang")}
        help_texts = {
            "email": _("Undangan berlaku 14 hari. Penerima perlu mendaftar atau masuk untuk menerimanya."),
        }

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village
        self.instance.village = village
        self.fields["position"].empty_label = _("— pilih jabatan —")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        email, position = cleaned.get("email"), cleaned.get("position")
        if email:
            already = (
                Official.objects.active()
                .filter(village=self.village, user__email__iexact=email)
                .select_related("position")
                .first()
            )
            if already:
                self.add_error(
                    "email",
                    _("Pemilik email ini sudah menjadi %(position)s yang aktif di desa ini.")
                    % {"position": already.position.name},
                )
            open_invitation = (
                OfficialInvitation.objects.filter(
                    village=self.village, email__iexact=email, accepted_at__isnull=True, expires_at__gt=timezone.now()
                )
                .order_by("-expires_at")
                .first()
            )
            if open_invitation:
                self.add_error(
                    "email",
                    _(
                        "Undangan untuk email ini masih berlaku sampai %(date)s. "
                        "Tunggu sampai diterima atau kedaluwarsa."
                    )
                    % {"date": date_format(village_local(open_invitation.expires_at, self.village), "j F Y")},
                )
        if manager_position_holder(self.village, position):
            self.add_error(
                "position",
                _("Desa ini sudah memiliki %(position)s yang aktif. Akhiri dulu masa jabatannya sebelum mengundang.")
                % {"position": position.name},
            )
        return cleaned


class OfficialDirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Nama"), required=False, max_length=100)
    wilayah = forms.ChoiceField(label=_("Wilayah"), required=False)

    def __init__(self, *args, area_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("mis. Siti")
        self.fields["wilayah"].choices = [("", _("Seluruh Indonesia")), *area_choices]


# ---- Villages: profile, IDM, directory filters ---------------------------------------------------

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
MAX_POTENTIALS = 20
MAX_POTENTIAL_LENGTH = 100


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
    potentials = forms.CharField(
        label=_("Potensi unggulan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
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
        fields = ["description", "potentials", "office_address", "phone", "email", "logo"]
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
        self.fields["potentials"].help_text = _(
            "Satu potensi per baris, paling banyak %(count)s, masing-masing paling panjang %(length)s huruf."
        ) % {"count": MAX_POTENTIALS, "length": MAX_POTENTIAL_LENGTH}
        if not self.is_bound:
            self.initial["potentials"] = "\n".join(self.instance.potentials or [])
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def clean_potentials(self):
        items, seen = [], set()
        for number, line in enumerate(self.cleaned_data["potentials"].splitlines(), start=1):
            item = " ".join(line.split())
            if not item or item.casefold() in seen:
                continue
            if len(item) > MAX_POTENTIAL_LENGTH:
                raise forms.ValidationError(
                    _("Baris %(number)s terlalu panjang (%(length)s huruf); paling banyak %(limit)s huruf per potensi.")
                    % {"number": number, "length": len(item), "limit": MAX_POTENTIAL_LENGTH}
                )
            seen.add(item.casefold())
            items.append(item)
        if len(items) > MAX_POTENTIALS:
            raise forms.ValidationError(
                _("Ada %(count)s potensi; tulis paling banyak %(limit)s, satu per baris.")
                % {"count": len(items), "limit": MAX_POTENTIALS}
            )
        return items

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
