"""Networks: creating and editing, inviting a village, asking to join, searching."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forums.models import Network


class NetworkForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = ["name", "topic", "description"]
        labels = {"name": _("Nama jaringan"), "topic": _("Tema"), "description": _("Tentang jaringan")}
        help_texts = {
            "name": _('Mis. "Jaringan Ketahanan Pangan Cilacap".'),
            "topic": _("Mis. ketahanan pangan, BUMDes, stunting."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class NetworkSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari jaringan"), required=False, max_length=100)


class InviteVillageForm(forms.Form):
    code = forms.CharField(
        label=_("Kode desa (Kemendagri)"),
        max_length=13,
        help_text=_("Mis. 33.01.18.2001. Kode tercantum di halaman desa."),
    )
    note = forms.CharField(label=_("Pesan"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_code(self):
        from forums.networks import village_by_code

        village = village_by_code(self.cleaned_data["code"])
        if village is None:
            raise forms.ValidationError(_("Tidak ada desa anggota ForumDesa dengan kode ini."))
        self.village = village
        return village.code


class JoinRequestForm(forms.Form):
    note = forms.CharField(
        label=_("Pesan untuk koordinator"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
