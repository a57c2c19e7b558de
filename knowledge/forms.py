"""Forms of the best-practice library: practices, curation, adoptions, comments, documents, search."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from core.uploads import MAX_ATTACHMENT_BYTES, sniff
from forums.forms.discussions import BODY_HELP, AttachmentsField
from meetings.rules import visible_meetings_q

from .models import Adoption, Document, FundingSource, Practice, SdgGoal, Topic

MARKDOWN_HELP = _("Boleh memakai Markdown: **tebal**, daftar dengan tanda -, tautan [teks](https://...).")


class PracticeForm(forms.ModelForm):
    attachments = AttachmentsField(
        label=_("Foto dan dokumen"),
        required=False,
        help_text=_("Foto (JPEG, PNG, WebP) atau PDF, masing-masing paling besar %(mb)s MB.")
        % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
    )

    class Meta:
        model = Practice
        fields = [
            "title",
            "summary",
            "problem",
            "steps",
            "results",
            "cost",
            "funding_source",
            "started_on",
            "ended_on",
            "topics",
            "sdgs",
            "meetings",
        ]
        field_classes = dict.fromkeys(("topics", "sdgs", "meetings"), BoundedModelMultipleChoiceField)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "steps": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "topics": forms.CheckboxSelectMultiple,
            "sdgs": forms.CheckboxSelectMultiple,
            "meetings": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "summary": _("Dua atau tiga kalimat: apa yang dilakukan dan apa hasilnya."),
            "steps": MARKDOWN_HELP,
            "results": _("Sertakan angka: misalnya pendapatan naik 20%, 45 warga dilatih, 12 usaha baru."),
            "cost": _("Perkiraan biaya total dalam rupiah, tanpa titik."),
            "meetings": _("Rapat atau pelatihan tempat praktik ini dipaparkan."),
        }

    def __init__(self, *args, user=None, dropped=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Files the upload handler dropped for their size never reach the field; say so in clean().
        self.dropped = set(dropped)
        self.fields["funding_source"].choices = [("", _("— pilih —")), *FundingSource.choices]
        # Only meetings the writer can see, the most recent first, and a bounded list.
        visible = self.fields["meetings"].queryset.filter(visible_meetings_q(user)).order_by("-starts_at")
        ids = list(visible.values_list("pk", flat=True)[:30])
        if self.instance.pk:
            ids += list(self.instance.meetings.values_list("pk", flat=True))
        self.fields["meetings"].queryset = self.fields["meetings"].queryset.filter(pk__in=ids).order_by("-starts_at")
        self.fields["meetings"].required = False

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        if "attachments" in self.dropped:
            self.add_error(
                "attachments", _("Berkas lebih besar dari %(mb)s MB.") % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
            )
        return cleaned

    def practice_data(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan dikembalikan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Tuliskan apa yang perlu diperbaiki penulis.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Tuliskan apa yang perlu diperbaiki penulis."))
        return reason


class AdoptionForm(forms.ModelForm):
    class Meta:
        model = Adoption
        fields = ["adopted_on", "changes", "result"]
        widgets = {
            "adopted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "changes": forms.Textarea(attrs={"rows": 4}),
            "result": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "changes": _("Apa yang desa Anda ubah atau sesuaikan dari praktik aslinya."),
            "result": _("Boleh diisi nanti, setelah hasilnya terlihat."),
        }

    def clean_adopted_on(self):
        day = self.cleaned_data["adopted_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Tanggal mulai menerapkan tidak boleh di masa depan."))
        return day


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Komentar atau pertanyaan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=BODY_HELP,
    )
    is_question = forms.BooleanField(label=_("Ini pertanyaan untuk penulis"), required=False)


class DocumentForm(forms.ModelForm):
    upload = forms.FileField(label=_("Berkas (PDF atau gambar)"))

    class Meta:
        model = Document
        fields = ["title", "description", "category", "year", "topics"]
        field_classes = {"topics": BoundedModelMultipleChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "topics": forms.CheckboxSelectMultiple}

    def __init__(self, *args, dropped=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.dropped = set(dropped)
        self.fields["year"].initial = timezone.localdate().year

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1945 <= year <= timezone.localdate().year + 1:
            raise ValidationError(_("Tahun tidak masuk akal."))
        return year

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        sniff(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if "upload" in self.dropped:
            self.add_error(
                "upload", _("Berkas lebih besar dari %(mb)s MB.") % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
            )
        return cleaned


def _year_choices():
    this_year = timezone.localdate().year
    return [("", _("Semua tahun"))] + [(str(y), str(y)) for y in range(this_year, this_year - 15, -1)]


class PracticeSearchForm(forms.Form):
    """Query and filters; invalid values are simply ignored, never an error page."""

    q = forms.CharField(label=_("Cari"), required=False)
    topic = BoundedModelChoiceField(
        label=_("Topik"),
        queryset=Topic.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Semua topik"),
    )
    sdg = BoundedModelChoiceField(
        label=_("SDGs Desa"),
        queryset=SdgGoal.objects.all(),
        required=False,
        to_field_name="number",
        empty_label=_("Semua tujuan"),
    )
    region = forms.CharField(
        label=_("Provinsi/kabupaten (kode)"),
        required=False,
        max_length=20,
        help_text=_("Pilih provinsi lalu tekan Terapkan untuk memilih kabupatennya."),
    )
    funding = forms.ChoiceField(
        label=_("Sumber dana"), required=False, choices=[("", _("Semua sumber dana")), *FundingSource.choices]
    )
    year = forms.TypedChoiceField(label=_("Tahun"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["region"].widget = forms.Select(choices=[("", _("Semua wilayah")), *regions])

    def clean_region(self):
        code = self.cleaned_data["region"].strip()
        return code if all(part.isdigit() for part in code.split(".")) and code else ""


class DocumentSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False)
    category = forms.ChoiceField(
        label=_("Kategori"), required=False, choices=[("", _("Semua kategori")), *Document.Category.choices]
    )
    year = forms.TypedChoiceField(label=_("Tahun"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
