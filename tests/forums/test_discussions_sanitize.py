"""Hostile Markdown in posts, as it comes out on the thread page."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from forums.discussions import add_reply, start_thread

HOSTILE = [
    "<script>alert('xss')</script>",
    '<img src="x" onerror="alert(1)">',
    "[klik saya](javascript:alert(1))",
    '<a href="javascript:alert(2)" onclick="alert(3)">tautan</a>',
    "<iframe src='https://jahat.example'></iframe>",
    '<svg onload="alert(4)"></svg>',
    "![gambar](javascript:alert(5))",
    '<div style="background:url(javascript:alert(6))">gaya</div>',
]


class Elements(HTMLParser):
    """The real elements and attributes of a page (escaped text is not an element)."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture
def thread(cipari, sekdes):
    return start_thread(cipari, sekdes, "<script>alert('judul')</script>", "\n\n".join(HOSTILE))


def test_hostile_post_is_inert_on_the_thread_page(client, thread, kades_caruy):
    add_reply(thread, kades_caruy, '<b onmouseover="alert(7)">tebal</b> [ok](https://desa.id)')
    client.force_login(kades_caruy)
    html = client.get(reverse("forums:thread_detail", args=[thread.pk])).content.decode()
    body = html.split('id="posts"', 1)[1]
    tags = Elements(body).tags
    names = {tag for tag, _attrs in tags}
    assert not names & {"script", "iframe", "svg", "img", "object", "embed"}
    for _tag, attrs in tags:
        assert not [name for name in attrs if name.startswith("on")]
        assert "style" not in attrs
        assert not (attrs.get("href") or "").strip().lower().startswith("javascript:")
        assert not (attrs.get("src") or "").strip().lower().startswith("javascript:")
    # Typed HTML shows as text, and safe links keep working but carry rel="nofollow noopener".
    assert "&lt;script&gt;" in body
    assert 'href="https://desa.id"' in body and 'rel="nofollow noopener"' in body
    # The title is escaped too, in the heading and the page title.
    assert "<script>alert('judul')" not in html


def test_hostile_title_is_escaped_in_the_list(client, thread, kades_caruy):
    client.force_login(kades_caruy)
    html = client.get(reverse("forums:thread_list", args=[thread.network.slug])).content.decode()
    assert "<script>alert(" not in html and "&lt;script&gt;" in html
