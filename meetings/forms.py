import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from core.uploads import ACCEPT_ATTRIBUTE, sniff
from forums.models import Network, NetworkMembership
from regions.models import Region
from villages.lookup import REGIONS, LookupInput, RegionLookupField
from villages.models import Village
from villages.roles import roles, staff_scope_q

from .models import DEFAULT_LEADS, Evaluation, Meeting, Minutes, RegistrationQuestion

LEAD_CHOICES = [
    (10, _("10 menit sebelumnya")),
    (30, _("30 menit sebelumnya")),
    (60, _("1 jam sebelumnya")),
    (180, _("3 jam sebelumnya")),
    (24 * 60, _("1 hari sebelumnya")),
    (2 * 24 * 60, _("2 hari sebelumnya")),
]


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time typed for the host's place: kept naive here, given its zone in the form's clean."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        for fmt in self.input_formats:
            try:
                return forms.DateTimeField.strptime(self, str(value).strip(), fmt)
            except (ValueError, TypeError):
                continue
        raise forms.ValidationError(_("Masukkan tanggal dan jam yang benar."), code="invalid")


def _in_zone(value, tz):
    if value is None:
        return None
    if timezone.is_aware(value):
        return value
    return timezone.make_aware(value, tz)


class MeetingForm(forms.ModelForm):
    host = forms.ChoiceField(label=_("Penyelenggara"))
    starts_at = LocalDateTimeField(label=_("Mulai"), help_text=_("Waktu setempat di tempat penyelenggara."))
    ends_at = LocalDateTimeField(label=_("Selesai"))
    registration_deadline = LocalDateTimeField(label=_("Batas pendaftaran"), required=False)
    audience_region = forms.ChoiceField(label=_("Wilayah yang diundang"), required=False)
    online_url = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https")
    repeat = forms.ChoiceField(
        label=_("Ulangi"),
        required=False,
        choices=[
            ("", _("Tidak berulang")),
            ("weekly", _("Setiap minggu")),
            ("monthly", _("Setiap bulan (hari yang sama, mis. Senin pertama)")),
        ],
    )
    repeat_count = forms.IntegerField(label=_("Jumlah pertemuan"), min_value=1, max_value=24, initial=6, required=False)
    scope = forms.ChoiceField(
        label=_("Terapkan perubahan pada"),
        choices=[("this", _("Pertemuan ini saja")), ("following", _("Pertemuan ini dan berikutnya"))],
        initial="this",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "host",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "registration_deadline",
            "audience_kind",
            "audience_network",
            "audience_villages",
            "audience_region",
            "agenda",
        ]
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "audience_kind": forms.RadioSelect,
            "audience_villages": forms.SelectMultiple(attrs={"size": 8}),
        }
        # A key beyond the database's integer range is an invalid choice, not a 500.
        field_classes = {
            "audience_network": BoundedModelChoiceField,
            "audience_villages": BoundedModelMultipleChoiceField,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        r = roles(user)
        editing = self.instance.pk is not None
        self.fields["host"].choices = self._host_choices(r)
        if editing:
            del self.fields["host"]
            del self.fields["repeat"]
            del self.fields["repeat_count"]
            if not self.instance.series_id:
                del self.fields["scope"]
            tz = self.instance.zoneinfo
            for name in ("starts_at", "ends_at", "registration_deadline"):
                value = getattr(self.instance, name)
                if value:
                    self.initial[name] = timezone.localtime(value, tz).replace(tzinfo=None)
            if self.instance.audience_region_id:
                self.initial["audience_region"] = self.instance.audience_region.code
        else:
            del self.fields["scope"]
        self.fields["audience_network"].queryset = self._networks(r)
        self.fields["audience_villages"].queryset = self._villages(r)
        self.fields["audience_villages"].label_from_instance = lambda v: f"{v.region.name} ({v.region.parent.name})"
        self.fields["audience_region"].choices = [("", "—")] + self._region_choices(r)
        self.fields["audience_kind"].choices = Meeting.Audience.choices
        # Each audience field says which choice it belongs to: without JavaScript all three show.
        self.fields["audience_network"].label = _("Jaringan yang diundang (untuk “Anggota satu jaringan”)")
        self.fields["audience_villages"].label = _("Desa yang diundang (untuk “Desa-desa tertentu”)")
        self.fields["audience_region"].label = _("Wilayah yang diundang (untuk “Semua desa di satu wilayah”)")
        self.fields["audience_network"].empty_label = _("— pilih jaringan —")
        if "repeat_count" in self.fields:
            self.fields["repeat_count"].label = _("Jumlah pertemuan (bila berulang)")
        if not self.fields["audience_network"].queryset.exists():
            self.fields["audience_network"].help_text = _(
                "Desa Anda belum menjadi anggota jaringan mana pun; gabung lewat menu Jaringan."
            )

    def _host_choices(self, r):
        choices = []
        if r.is_official:
            choices.append((f"v:{r.official.village_id}", r.official.village.name))
        for region in Region.objects.filter(code__in=r.staff_codes):
            choices.append((f"r:{region.code}", region.display_name))
        return choices

    def _networks(self, r):
        if r.is_admin:
            return Network.objects.all()
        ids = set(Network.objects.filter(coordinators=self.user).values_list("pk", flat=True))
        if r.is_official:
            # The networks the official's village is an active member of (the same as can_invite_network).
            ids |= set(
                NetworkMembership.objects.filter(
                    village_id=r.official.village_id, state=NetworkMembership.State.ACTIVE
                ).values_list("network_id", flat=True)
            )
        for code in r.staff_codes:
            ids |= set(Network.objects.filter(cover_region__code__startswith=code).values_list("pk", flat=True))
        return Network.objects.filter(pk__in=ids).order_by("name")

    def _villages(self, r):
        villages = Village.objects.select_related("region__parent").order_by("region__name")
        if r.is_admin:
            return villages
        from django.db.models import Q

        q = Q(pk__in=[])
        if r.is_official:
            q |= Q(region__code__startswith=r.official.village.region.code[:5] + ".")
        q |= staff_scope_q(self.user, "region__code")
        return villages.filter(q)

    def _region_choices(self, r):
        codes = list(r.staff_codes)
        if r.is_official:
            code = r.official.village.region.code
            codes += [code[:8], code[:5]]
        return [(reg.code, reg.display_name) for reg in Region.objects.filter(code__in=codes).order_by("code")]

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            tz = self.instance.zoneinfo
            host_village, host_region = self.instance.host_village, self.instance.host_region
        else:
            host = data.get("host") or ""
            host_village = host_region = None
            if host.startswith("v:"):
                host_village = Village.objects.select_related("region").get(pk=int(host[2:]))
            elif host.startswith("r:"):
                host_region = Region.objects.get(code=host[2:])
            if host_village is None and host_region is None:
                return data
            tz = zoneinfo.ZoneInfo((host_village.region if host_village else host_region).timezone)
        self.host_village, self.host_region = host_village, host_region
        for name in ("starts_at", "ends_at", "registration_deadline"):
            data[name] = _in_zone(data.get(name), tz)
        start, end, deadline = data.get("starts_at"), data.get("ends_at"), data.get("registration_deadline")
        if start and end and end <= start:
            self.add_error("ends_at", _("Waktu selesai harus setelah waktu mulai."))
        if start and deadline and deadline > start:
            self.add_error("registration_deadline", _("Batas pendaftaran harus sebelum rapat dimulai."))
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Isi tempat (alamat) atau tautan daring, atau keduanya."))
        kind = data.get("audience_kind")
        if kind == Meeting.Audience.NETWORK and not data.get("audience_network"):
            self.add_error("audience_network", _("Pilih jaringan yang diundang."))
        if kind == Meeting.Audience.VILLAGES and not data.get("audience_villages"):
            self.add_error("audience_villages", _("Pilih sedikitnya satu desa."))
        region_code = data.get("audience_region")
        data["audience_region"] = Region.objects.filter(code=region_code).first() if region_code else None
        if kind == Meeting.Audience.REGION and data["audience_region"] is None:
            self.add_error("audience_region", _("Pilih wilayah yang diundang."))
        if data.get("repeat") and not data.get("repeat_count"):
            self.add_error("repeat_count", _("Isi jumlah pertemuan."))
        return data

    def _post_clean(self):
        # The model instance is built by the services (a series makes several); skip ModelForm's.
        pass

    def meeting_data(self):
        data = self.cleaned_data
        kind = data["audience_kind"]
        values = {
            name: data.get(name)
            for name in (
                "title",
                "kind",
                "starts_at",
                "ends_at",
                "place",
                "online_url",
                "capacity",
                "registration_deadline",
                "agenda",
                "audience_kind",
            )
        }
        values["audience_network"] = data.get("audience_network") if kind == Meeting.Audience.NETWORK else None
        values["audience_region"] = data.get("audience_region") if kind == Meeting.Audience.REGION else None
        if not self.instance.pk:
            values["host_village"] = self.host_village
            values["host_region"] = self.host_region
        villages = list(data.get("audience_villages") or []) if kind == Meeting.Audience.VILLAGES else []
        return values, villages


class MinutesForm(forms.ModelForm):
    attachment = forms.FileField(
        label=_("Lampiran (foto atau PDF, maks. 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    class Meta:
        model = Minutes
        fields = ["summary", "decisions"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6}), "decisions": forms.Textarea(attrs={"rows": 4})}

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            sniff(upload)
        return upload


class ActionItemForm(forms.Form):
    what = forms.CharField(label=_("Tindak lanjut"), max_length=255)
    assignee = forms.ChoiceField(label=_("Penanggung jawab"))
    due_date = forms.DateField(label=_("Tenggat"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        regs = meeting.registrations.active().select_related("user", "village__region").order_by("user__full_name")
        people = [(f"u:{reg.user_id}", f"{reg.user} — {reg.position_name}, {reg.village}") for reg in regs]
        villages = [
            (f"v:{v.pk}", v.name) for v in meeting.invited_villages().select_related("region").order_by("region__name")
        ]
        self.fields["assignee"].choices = [
            ("", "—"),
            (_("Perangkat"), people),
            (_("Desa"), villages),
        ]

    def clean_assignee(self):
        from accounts.models import User

        value = self.cleaned_data["assignee"]
        if value.startswith("u:"):
            return {"assignee_user": User.objects.get(pk=int(value[2:]))}
        return {"assignee_village": Village.objects.get(pk=int(value[2:]))}


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(label=_("Hadir"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(r.pk), str(r.user)) for r in registrations]


class ReminderPreferenceForm(forms.Form):
    leads = forms.TypedMultipleChoiceField(
        label=_("Kirim pengingat"),
        choices=LEAD_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=DEFAULT_LEADS,
    )


class MeetingFilterForm(forms.Form):
    waktu = forms.ChoiceField(
        label=_("Waktu"), required=False, choices=[("", _("Mendatang")), ("lalu", _("Sudah lewat"))]
    )
    jenis = forms.ChoiceField(
        label=_("Jenis"),
        required=False,
        choices=[("", _("Semua jenis")), *Meeting.Kind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    jaringan = BoundedModelChoiceField(
        label=_("Jaringan"),
        required=False,
        queryset=Network.objects.order_by("name"),
        empty_label=_("Semua jaringan"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    wilayah = RegionLookupField(
        kind=REGIONS,
        label=_("Wilayah"),
        required=False,
        widget=LookupInput(REGIONS, attrs={"class": "form-control", "placeholder": _("Wilayah, mis. Cipari")}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].user = user


MAX_OPTIONS = 20
REQUIRED_ANSWER = _("Pertanyaan ini wajib dijawab.")
NOT_AN_OPTION = _("Pilih salah satu pilihan yang tersedia.")


class QuestionForm(forms.ModelForm):
    class Meta:
        model = RegistrationQuestion
        fields = ["text", "kind", "options", "required", "order"]
        widgets = {
            "kind": forms.RadioSelect,
            "options": forms.Textarea(attrs={"rows": 4}),
            "order": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        labels = {"text": _("Pertanyaan"), "options": _("Pilihan (untuk pilih satu / pilih beberapa)")}

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        options = [line.strip() for line in (data.get("options") or "").splitlines() if line.strip()]
        if kind in (RegistrationQuestion.Kind.CHOICE, RegistrationQuestion.Kind.MULTIPLE):
            if len(options) < 2:
                self.add_error("options", _("Tulis paling sedikit dua pilihan, satu per baris."))
            elif len(options) > MAX_OPTIONS:
                self.add_error("options", _("Paling banyak %(n)d pilihan.") % {"n": MAX_OPTIONS})
            elif len(set(options)) != len(options):
                self.add_error("options", _("Ada pilihan yang ditulis dua kali."))
            elif any(len(o) > 200 for o in options):
                self.add_error("options", _("Satu pilihan paling panjang 200 huruf."))
            data["options"] = "\n".join(options)
        return data


class RegistrationAnswersForm(forms.Form):
    """The meeting's registration questions as fields: q<id> for each, in the organisers' order."""

    def __init__(self, *args, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = {a.question_id: a for a in answers or ()}
        messages = {"required": REQUIRED_ANSWER, "invalid_choice": NOT_AN_OPTION}
        for q in self.questions:
            label, required = q.text, q.required
            if q.kind == RegistrationQuestion.Kind.TEXT:
                field = forms.CharField(
                    label=label,
                    required=required,
                    max_length=1000,
                    error_messages=messages,
                )
            else:
                choices = [(o, o) for o in q.option_list()]
                if q.kind == RegistrationQuestion.Kind.CHOICE:
                    if not required:  # a radio button once chosen cannot be unchosen otherwise
                        choices = [*choices, ("", _("Tidak menjawab"))]
                    field = forms.ChoiceField(
                        label=label,
                        required=required,
                        choices=choices,
                        widget=forms.RadioSelect,
                        error_messages=messages,
                    )
                else:
                    field = forms.MultipleChoiceField(
                        label=label,
                        required=required,
                        choices=choices,
                        widget=forms.CheckboxSelectMultiple,
                        error_messages=messages,
                    )
            if not required:
                field.help_text = _("Boleh dikosongkan.")
            if q.pk in answers:
                field.initial = answers[q.pk].value
            self.fields[f"q{q.pk}"] = field

    def answers(self):
        return {q: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


USEFULNESS_CHOICES = [
    (5, _("5 — sangat bermanfaat")),
    (4, _("4 — bermanfaat")),
    (3, _("3 — cukup")),
    (2, _("2 — kurang bermanfaat")),
    (1, _("1 — tidak bermanfaat")),
]


class EvaluationForm(forms.ModelForm):
    usefulness = forms.TypedChoiceField(
        label=_("Apakah bermanfaat?"),
        choices=USEFULNESS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih nilai 1 sampai 5."), "invalid_choice": _("Pilih nilai 1 sampai 5.")},
    )
    will_apply = forms.CharField(
        label=_("Apa yang akan Anda terapkan?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tuliskan apa yang akan Anda terapkan di desa.")},
    )

    class Meta:
        model = Evaluation
        fields = ["usefulness", "will_apply", "practice"]
        labels = {"practice": _("Praktik baik yang terkait (boleh dikosongkan)")}

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["practice"]
        field.queryset = practices
        field.empty_label = _("— tidak ada —")
        field.error_messages["invalid_choice"] = NOT_AN_OPTION
        field.widget.attrs["class"] = "form-select"
