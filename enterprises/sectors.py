"""The economic sectors a potential or an enterprise belongs to, and a guess from a few words.

The guess carries the old free-text "potensi unggulan" words over (the data migration) and is
deliberately plain: the first sector whose keyword appears in the text, else "lainnya".
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    AGRICULTURE = "pertanian", _("Pertanian")
    PLANTATION = "perkebunan", _("Perkebunan")
    LIVESTOCK = "peternakan", _("Peternakan")
    FISHERY = "perikanan", _("Perikanan")
    CRAFT = "kerajinan", _("Kerajinan")
    TOURISM = "pariwisata", _("Pariwisata")
    PROCESSING = "pengolahan", _("Industri pengolahan")
    TRADE = "perdagangan", _("Perdagangan")
    SERVICES = "jasa", _("Jasa")
    OTHER = "lainnya", _("Lainnya")


# Checked in this order: "gula kelapa" is a processed product before it is a plantation crop.
KEYWORDS = [
    (Sector.PROCESSING, "gula keripik kerupuk olahan tempe tahu dodol sirup bubuk makanan minuman batik tenun"),
    (Sector.CRAFT, "anyaman anyam kerajinan ukir ukiran gerabah bambu rotan pandan mebel"),
    (Sector.TOURISM, "wisata pariwisata homestay curug pantai air terjun desa wisata"),
    (Sector.FISHERY, "ikan tambak udang lele nila gurami bandeng rumput laut perikanan"),
    (Sector.LIVESTOCK, "sapi kambing domba ayam itik bebek ternak peternakan madu lebah"),
    (Sector.PLANTATION, "kelapa karet sawit kakao cengkeh lada kopi teh tebu perkebunan"),
    (Sector.AGRICULTURE, "padi sawah jagung sayur sayuran cabai kedelai singkong hortikultura pertanian buah"),
    (Sector.TRADE, "toko pasar dagang perdagangan warung grosir"),
    (Sector.SERVICES, "jasa bengkel penginapan transportasi simpan pinjam"),
]
_WORD = re.compile(r"\w+")


def guess_sector(text):
    words = set(_WORD.findall((text or "").lower()))
    for sector, keywords in KEYWORDS:
        if words & set(keywords.split()):
            return sector.value
    return Sector.OTHER.value
