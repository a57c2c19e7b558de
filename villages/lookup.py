"""Picking a village or a region by its name instead of its Kemendagri code.

A form field takes what a person typed: a code ("33.01.18"), an option of the search-as-you-type
list ("Kecamatan Cipari — Kab. Cilacap, Jawa Tengah (33.01.18)") or just a name ("cipari"). With
JavaScript the list comes from the lookup endpoint as the user types; without it the name is
resolved on the server, and when it fits several places the form shows them to choose from.
"""

import re

from django import forms
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.models import NAME_PREFIX, Region
from villages.models import Village
from villages.roles import roles, staff_scope_q

CODE = r"\d{2}(?:\.\d{2}){0,2}(?:\.\d{4})?"
ONLY_CODE = re.compile(rf"^{CODE}$")
CODE_AT_END = re.compile(rf"\(({CODE})\)\s*$")
MAX_OPTIONS = 10
MIN_QUERY = 2

VILLAGES = "desa"  # member villages
REGIONS = "wilayah"  # provinces, kabupaten/kota, kecamatan and member villages, to filter lists by
AREA_LEVELS = (Region.Level.PROVINCE, Region.Level.REGENCY, Region.Level.DISTRICT)

_PREFIXES = sorted(
    {*NAME_PREFIX.values(), "Kabupaten", "Kab.", "Kota", "Kec.", "Provinsi", "Kelurahan"}, key=len, reverse=True
)


def option_label(region):
    """ "Desa Serang — Kec. Cipari, Kab. Cilacap, Jawa Tengah (33.01.18.2006)": unique, and readable."""
    path = region.path
    return f"{region.display_name}{' — ' + path if path else ''} ({region.code})"


def bare_name(text):
    """ "Desa  Serang" → "Serang"; "kec. cipari" → "cipari": what is stored in Region.name."""
    text = " ".join(text.split())
    for prefix in _PREFIXES:
        if text.lower().startswith(prefix.lower() + " "):
            return text[len(prefix) + 1 :].strip()
    return text


def region_candidates(user, kind):
    """The regions a user may pick in a field of this kind, with their path selected."""
    if kind == VILLAGES:
        return Region.objects.filter(level=Region.Level.VILLAGE, village__isnull=False).with_path()
    qs = Region.objects.filter(Q(level__in=AREA_LEVELS) | Q(level=Region.Level.VILLAGE, village__isnull=False))
    r = roles(user)
    if r.is_staff_member and not r.is_admin:
        # District staff see lists of their own region only: offer that region and what lies inside it.
        qs = qs.filter(staff_scope_q(user, "code"))
    return qs.with_path()


def search(user, kind, query, limit=MAX_OPTIONS):
    """Regions whose name starts with the query first, then those containing it; one query."""
    name = bare_name(query)
    if len(name) < MIN_QUERY:
        return []
    qs = region_candidates(user, kind)
    if ONLY_CODE.match(name):
        qs = qs.filter(Q(code=name) | Q(code__startswith=name + "."))
    else:
        qs = qs.filter(name__icontains=name).annotate(
            rank=Case(
                When(name__iexact=name, then=Value(0)), When(name__istartswith=name, then=Value(1)), default=Value(2)
            )
        )
        qs = qs.order_by("rank", "level", "name", "code")
    return list(qs[:limit])


def resolve(user, kind, text):
    """(region, candidates): the one region the text names, else the regions it might mean."""
    text = " ".join((text or "").split())
    match = CODE_AT_END.search(text)
    code = match.group(1) if match else text if ONLY_CODE.match(text) else None
    qs = region_candidates(user, kind)
    if code:
        region = qs.filter(code=code).first()
        return region, []
    name = bare_name(text)
    exact = list(qs.filter(name__iexact=name).order_by("level", "code")[: MAX_OPTIONS + 1])
    if len(exact) == 1:
        return exact[0], []
    if exact:
        return None, exact[:MAX_OPTIONS]
    found = search(user, kind, name, limit=MAX_OPTIONS + 1)
    if len(found) == 1:
        return found[0], []
    return None, found[:MAX_OPTIONS]


class LookupInput(forms.TextInput):
    """A text input tied to a <datalist> the static script fills from the lookup endpoint."""

    template_name = "villages/lookup/input.html"

    def __init__(self, kind, attrs=None):
        self.kind = kind
        self.candidates = []  # set by the field when the text fits several places
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}-pilihan"
        context["widget"]["attrs"].update(
            {"list": list_id, "data-lookup": f"{reverse('villages:lookup')}?jenis={self.kind}"}
        )
        context["widget"]["list_id"] = list_id
        context["widget"]["candidates"] = [(option_label(r), r) for r in self.candidates]
        return context


class RegionLookupField(forms.CharField):
    """A village or region named in words (or by code); cleans to the Region.

    After a failed clean, `candidates` holds the places the text might mean, for the form to offer.
    """

    default_error_messages = {
        "not_found": _("Tidak ditemukan wilayah bernama “%(text)s”. Periksa ejaannya atau ketik sebagian nama."),
        "village_not_found": _(
            "“%(text)s” belum bergabung di ForumDesa, atau ejaannya berbeda. Ketik sebagian nama desa lalu pilih."
        ),
        "ambiguous": _("“%(text)s” cocok dengan beberapa tempat; pilih salah satu di bawah."),
    }

    def __init__(self, *, kind, user=None, **kwargs):
        self.kind = kind
        self.user = user
        self.candidates = []
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("widget", LookupInput(kind))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        self.candidates = self.widget.candidates = []
        if not text:
            return None
        region, candidates = resolve(self.user, self.kind, text)
        if region is not None:
            return region
        self.candidates = self.widget.candidates = candidates
        code = "ambiguous" if candidates else "village_not_found" if self.kind == VILLAGES else "not_found"
        raise forms.ValidationError(self.error_messages[code], code=code, params={"text": text})


def member_village_of(region):
    """The Village of a resolved region (select_related already fetched its region path)."""
    return Village.objects.with_region().filter(region=region).first() if region is not None else None
