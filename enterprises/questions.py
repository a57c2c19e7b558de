"""Reading a question typed into the catalogue's search box the way people ask it:
"siapa yang membuat anyaman pandan di Kabupaten Cilacap?" searches "anyaman pandan" in Kabupaten
Cilacap. The place after "di" (or "dari") becomes the region when it names exactly one; the
question's own words (siapa, yang, membuat …) are not searched for.
"""

import re

from regions.models import Region

# Words of the question itself, never of what is searched for.
QUESTION_WORDS = {
    "siapa",
    "yang",
    "apa",
    "ada",
    "adakah",
    "mana",
    "dimana",
    "desa",
    "usaha",
    "membuat",
    "bikin",
    "memproduksi",
    "menghasilkan",
    "menjual",
    "jual",
    "punya",
    "mempunyai",
    "produsen",
    "pembuat",
    "penjual",
    "cari",
    "mencari",
}
PLACE = re.compile(
    r"\b(?:di|dari)\s+(?:(kabupaten|kab\.?|kota|kecamatan|kec\.?|distrik|desa|kelurahan|provinsi|prov\.?)\s+)?"
    r"([a-z][\w .'-]{1,60}?)\s*\??\s*$",
    re.IGNORECASE,
)
LEVEL_OF = {
    "kabupaten": (Region.Level.REGENCY, "Kabupaten "),
    "kab": (Region.Level.REGENCY, "Kabupaten "),
    "kota": (Region.Level.REGENCY, "Kota "),
    "kecamatan": (Region.Level.DISTRICT, ""),
    "kec": (Region.Level.DISTRICT, ""),
    "distrik": (Region.Level.DISTRICT, ""),
    "desa": (Region.Level.VILLAGE, ""),
    "kelurahan": (Region.Level.VILLAGE, ""),
    "provinsi": (Region.Level.PROVINCE, ""),
    "prov": (Region.Level.PROVINCE, ""),
}
# A place named without its kind: a kabupaten or kota first, then a province, then a kecamatan.
GUESSES = [
    (Region.Level.REGENCY, "Kabupaten "),
    (Region.Level.REGENCY, "Kota "),
    (Region.Level.PROVINCE, ""),
    (Region.Level.DISTRICT, ""),
]


def _only(level, name):
    found = list(Region.objects.filter(level=level, name__iexact=name)[:2])
    return found[0] if len(found) == 1 else None


def find_place(kind, name):
    """The one region the words name, or None (unknown, or more than one region has that name)."""
    name = " ".join(name.split())
    if kind:
        level, prefix = LEVEL_OF[kind.lower().rstrip(".")]
        return _only(level, prefix + name)
    for level, prefix in GUESSES:
        if region := _only(level, prefix + name):
            return region
    return None


def read_question(text):
    """(what to search for, the region the question names or None)."""
    text = " ".join((text or "").split())
    region = None
    match = PLACE.search(text)
    if match and (region := find_place(match.group(1), match.group(2))):
        text = text[: match.start()]
    words = [w for w in re.split(r"\s+", text.strip(" ?!.")) if w and w.lower().strip("?!.,") not in QUESTION_WORDS]
    return " ".join(words).strip(" ?!.,"), region
