"""Forms of the discussions: threads, replies, edits, reports."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.uploads import ACCEPT_ATTRIBUTE, MAX_ATTACHMENT_BYTES, sniff

MAX_ATTACHMENTS = 5
BODY_HELP = _(
    "Bisa memakai Markdown: **tebal**, *miring*, daftar dengan tanda -, tautan [teks](https://...). "
    'Sebut rekan dengan @ diikuti nama lengkapnya, misalnya "@Siti Rahayu": ia akan diberi tahu.'
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to MAX_ATTACHMENTS photos or PDFs, each checked by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE, "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("Paling banyak %(n)s lampiran sekali kirim.") % {"n": MAX_ATTACHMENTS})
        cleaned = []
        for upload in files:
            upload = super().clean(upload, initial)
            try:
                sniff(upload)
            except ValidationError as error:
                raise ValidationError(f"{upload.name}: {' '.join(error.messages)}") from None
            cleaned.append(upload)
        return cleaned


class _WithAttachments(forms.Form):
    attachments = AttachmentsField(
        label=_("Lampiran"),
        required=False,
        help_text=_(
            "Foto (JPEG, PNG, WebP) atau PDF, masing-masing paling besar %(mb)s MB, paling banyak %(n)s berkas."
        )
        % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024), "n": MAX_ATTACHMENTS},
    )

    def __init__(self, *args, dropped=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Files the upload handler dropped for their size never reach the field; say so here.
        self.dropped = set(dropped)

    def clean(self):
        cleaned = super().clean()
        if "attachments" in self.dropped:
            self.add_error(
                "attachments",
                _("Berkas lebih besar dari %(mb)s MB.") % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
            )
        return cleaned


class ThreadForm(_WithAttachments):
    title = forms.CharField(label=_("Judul"), max_length=200)
    body = forms.CharField(
        label=_("Isi"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000, help_text=BODY_HELP
    )

    field_order = ["title", "body", "attachments"]


class ReplyForm(_WithAttachments):
    body = forms.CharField(
        label=_("Balasan Anda"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000, help_text=BODY_HELP
    )

    field_order = ["body", "attachments"]


class PostEditForm(_WithAttachments):
    body = forms.CharField(
        label=_("Isi"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000, help_text=BODY_HELP
    )

    field_order = ["body", "attachments"]


class OpeningEditForm(PostEditForm):
    title = forms.CharField(label=_("Judul"), max_length=200)

    field_order = ["title", "body", "attachments"]


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan melaporkan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Jelaskan singkat kepada koordinator mengapa pesan ini tidak pantas."),
        error_messages={"required": _("Alasan wajib diisi.")},
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise ValidationError(_("Alasan wajib diisi."))
        return reason
