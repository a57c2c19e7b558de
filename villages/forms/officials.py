"""Officials: joining, decisions, terms, invitations, directory filters."""

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedModelChoiceField
from regions.models import Region
from villages.models import Official, OfficialInvitation, Village


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
    """A signed-in user asks to join a village (chosen among search results) with a position.

    The form has no save(): villages.services.request_position saves the request with its village."""

    region = BoundedModelChoiceField(
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
        field_classes = {"position": BoundedModelChoiceField}
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
        field_classes = {"position": BoundedModelChoiceField}
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
