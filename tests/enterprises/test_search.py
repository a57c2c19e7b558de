"""The catalogue finds enterprises by what they make, in Indonesian, on SQLite (FTS5 of stemmed
text) and on PostgreSQL (the `indonesian` configuration)."""

import pytest

from enterprises.models import Enterprise
from enterprises.search import search_enterprises
from enterprises.sectors import guess_sector


def found(text):
    return [e.name for e in search_enterprises(Enterprise.objects.all(), text)]


def test_anyaman_pandan_finds_tikar_anyaman_dari_pandan(tikar, gula):
    assert found("anyaman pandan") == ["KUB Pandan Wangi"]
    assert found("menganyam pandan") == ["KUB Pandan Wangi"]


def test_every_word_must_match(tikar, gula):
    assert found("anyaman kelapa") == []
    assert found("gula") == ["Unit Gula Kelapa BUMDes Serang"]


def test_abbreviations_match_their_spelled_out_form(serang_village):
    Enterprise.objects.create(
        village=serang_village, name="Warung Bu Sri", products="Usaha mikro keripik singkong", sector="pengolahan"
    )
    assert found("UMKM keripik") == ["Warung Bu Sri"]


def test_an_edit_is_found_under_its_new_words(tikar):
    tikar.products = "Keset serabut kelapa"
    tikar.save()
    assert found("tikar") == []
    assert found("serabut") == ["KUB Pandan Wangi"]


def test_a_deleted_enterprise_is_not_found(tikar):
    tikar.delete()
    assert found("pandan") == []


@pytest.mark.parametrize("text", ['"', "-", "or", "\x00", "'; drop table", "((("])
def test_odd_input_finds_nothing_or_something_but_never_fails(tikar, text):
    assert isinstance(found(text), list)


@pytest.mark.parametrize(
    "text, sector",
    [
        ("Gula kelapa", "pengolahan"),
        ("Anyaman pandan", "kerajinan"),
        ("Wisata sawah", "pariwisata"),
        ("Tambak udang", "perikanan"),
        ("Kambing etawa", "peternakan"),
        ("Padi organik", "pertanian"),
        ("Kopi robusta", "perkebunan"),
        ("Semangat gotong royong", "lainnya"),
    ],
)
def test_sector_guessed_from_the_old_words(text, sector):
    assert guess_sector(text) == sector
