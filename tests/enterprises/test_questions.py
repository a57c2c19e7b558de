"""enterprises.questions: the product and the place in a question typed as people ask it."""

import pytest

from enterprises.questions import read_question

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "text", "code"),
    [
        ("siapa yang membuat anyaman pandan di Kabupaten Cilacap?", "anyaman pandan", "33.01"),
        ("Siapa yang membuat anyaman pandan di kab. cilacap", "anyaman pandan", "33.01"),
        ("anyaman pandan di Cilacap", "anyaman pandan", "33.01"),
        ("gula kelapa dari Kecamatan Cipari?", "gula kelapa", "33.01.18"),
        ("adakah yang menjual keripik singkong di Jawa Tengah?", "keripik singkong", "33"),
        ("tikar pandan", "tikar pandan", None),
        ("tikar di Negeri Antah Berantah", "tikar di Negeri Antah Berantah", None),
        ("", "", None),
    ],
)
def test_reads_the_product_and_the_place(regions, typed, text, code):
    found, region = read_question(typed)
    assert found == text
    assert (region.code if region else None) == code
