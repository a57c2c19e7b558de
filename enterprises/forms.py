import re
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, Potential, Programme, Support
from enterprises.rules import visible_enterprises_q
from enterprises.sectors import Sector
from knowledge.models import Practice
from knowledge.rules import visible_practices_q
from meetings.models import Meeting
from villages.lookup import REGIONS, LookupInput, RegionLookupField

TRAINING_KINDS = [Meeting.Kind.TRAINING, Meeting.Kind.WORKSHOP]


_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")


class IndonesianDecimalField(forms.DecimalField):
    """Takes a number as people in Indonesia write it: "3.000" is three thousand, "12,5" twelve and
    a half, "1.250,5" both."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = "".join(str(value or "").split())
        if _GROUPED.fullmatch(text):
            text = text.replace(".", "")
        return super().to_python(text.replace(",", "."))

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            value = value.normalize()
            return formats.number_format(value, decimal_pos=max(0, -value.as_tuple().exponent), force_grouping=True)
        return value


class PotentialForm(forms.ModelForm):
    amount = IndonesianDecimalField(
        label=_("Jumlah"), required=False, max_digits=12, decimal_places=2, help_text=_("Mis. 3.000 atau 12,5.")
    )

    class Meta:
        model = Potential
        fields = ["sector", "name", "location", "scale", "amount", "unit", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["kind", "name", "products", "sector", "workers", "turnover", "description", "is_listed"]
        widgets = {
            "products": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


def village_trainings(village):
    """Trainings and workshops the village hosted or was invited to, over the last two years."""
    since = timezone.now() - timedelta(days=730)
    return (
        Meeting.objects.filter(kind__in=TRAINING_KINDS, starts_at__gte=since)
        .filter(Q(host_village=village) | Q(pk__in=Meeting.invitation_ids(village)))
        .order_by("-starts_at", "-pk")
    )


class SupportForm(forms.ModelForm):
    class Meta:
        model = Support
        fields = ["kind", "given_by", "given_on", "meeting", "note"]
        widgets = {
            "given_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = village_trainings(village)
        self.fields["meeting"].help_text = _("Bila dukungan berupa pelatihan yang tercatat di ForumDesa.")


class ProgrammeForm(forms.ModelForm):
    """A programme of the user's village or of a network they coordinate; the choices offered for
    trainings, enterprises and practices are those of that village or network's villages."""

    owner = forms.ChoiceField(label=_("Program milik"))

    class Meta:
        model = Programme
        fields = ["name", "goal", "starts_on", "ends_on", "trainings", "enterprises", "practices"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "trainings": forms.CheckboxSelectMultiple,
            "enterprises": forms.CheckboxSelectMultiple,
            "practices": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, village=None, networks=(), **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.instance
        if programme.pk:
            # The owner of a programme does not change.
            del self.fields["owner"]
            village = programme.village
            networks = [programme.network] if programme.network_id else []
            if programme.network_id:
                village = None
        else:
            choices = [(f"desa:{village.pk}", village.name)] if village else []
            choices += [(f"jaringan:{n.pk}", n.name) for n in networks]
            self.fields["owner"].choices = choices
            self.networks = {str(n.pk): n for n in networks}
            self.village = village
        if village is not None:
            villages = [village.pk]
        else:
            villages = list(networks[0].memberships.filter(state="active").values_list("village_id", flat=True))
        since = timezone.now() - timedelta(days=730)
        if village is not None:
            offered = Q(host_village=village) | Q(pk__in=Meeting.invitation_ids(village))
        else:
            offered = Q(audience_network=networks[0]) | Q(host_village__in=villages)
        offered = Q(offered, kind__in=TRAINING_KINDS, starts_at__gte=since)
        if programme.pk:
            offered |= Q(pk__in=programme.trainings.values("pk"))
        self.fields["trainings"].queryset = Meeting.objects.filter(offered).order_by("-starts_at", "-pk")
        # A network's villages keep their unlisted enterprises and draft practices to themselves.
        self.fields["enterprises"].queryset = Enterprise.objects.filter(
            visible_enterprises_q(user), village_id__in=villages
        ).order_by("name")
        self.fields["practices"].queryset = Practice.objects.filter(
            visible_practices_q(user), village_id__in=villages
        ).order_by("title")
        self.fields["trainings"].help_text = _("Pelatihan dan workshop dua tahun terakhir yang diikuti atau diadakan.")

    def clean(self):
        data = super().clean()
        owner = data.get("owner")
        if owner and not self.instance.pk:
            kind, _sep, pk = owner.partition(":")
            if kind == "desa" and self.village is not None:
                self.instance.village = self.village
            elif kind == "jaringan" and pk in self.networks:
                self.instance.network = self.networks[pk]
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class ContactForm(forms.Form):
    text = forms.CharField(
        label=_("Pesan untuk pengelola desa"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Pengelola desa melihat nama dan desa Anda; alamat email tidak ditampilkan kepada siapa pun."),
    )


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cari produk"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("mis. anyaman pandan"), "type": "search"}),
    )
    sektor = forms.ChoiceField(label=_("Sektor"), required=False, choices=[("", _("Semua sektor")), *Sector.choices])
    jenis = forms.ChoiceField(
        label=_("Jenis usaha"), required=False, choices=[("", _("Semua jenis")), *Enterprise.Kind.choices]
    )
    wilayah = RegionLookupField(
        kind=REGIONS,
        label=_("Wilayah"),
        required=False,
        widget=LookupInput(
            REGIONS, attrs={"class": "form-control", "placeholder": _("Kabupaten atau kecamatan, mis. Cilacap")}
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].user = user
