from html.parser import HTMLParser

import pytest

from core.markdown import ALLOWED_TAGS, render_markdown


class Elements(HTMLParser):
    """The tags and attributes a browser would build from the HTML (text does not count)."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def test_markdown_renders_the_usual_things():
    html = render_markdown("**Rapat** di *balai desa*\n\n- satu\n- dua\n\n[Agenda](https://desa.id/agenda)")
    assert "<strong>Rapat</strong>" in html and "<em>balai desa</em>" in html
    assert "<li>satu</li>" in html
    assert '<a href="https://desa.id/agenda" rel="nofollow noopener">Agenda</a>' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src=x onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="https://x.id" onclick="alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<div style="background:url(javascript:alert(1))">x</div>',
        "![x](https://evil.example/track.png)",
        "<svg><script>alert(1)</script></svg>",
        '<a href="vbscript:msgbox(1)">x</a>',
    ],
)
def test_hostile_input_loses_its_teeth(hostile):
    for tag, attrs in Elements(render_markdown(hostile)).found:
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") or name == "style" for name in attrs)
        href = attrs.get("href", "").strip().lower()
        assert not href or href.startswith(("http://", "https://", "mailto:"))


def test_typed_html_is_shown_as_text():
    assert "&lt;b&gt;tebal&lt;/b&gt;" in render_markdown("<b>tebal</b>")


def test_empty_and_huge_input():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
    assert len(render_markdown("a" * 1_000_000)) < 60_000
