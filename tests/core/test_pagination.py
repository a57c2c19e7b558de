"""The one pager include: plain links for every list, including one of several lists on a page."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


def pager(number, **context):
    page = Paginator(range(50), 10).get_page(number)
    with translation.override("id"):
        return render_to_string("includes/pagination.html", {"page": page, **context})


def test_a_single_page_needs_no_pager():
    page = Paginator(range(5), 10).get_page(1)
    assert render_to_string("includes/pagination.html", {"page": page}).strip() == ""


def test_links_keep_the_lists_filters():
    html = pager(3, query_string="q=serang&wilayah=33.01")
    assert 'href="?q=serang&amp;wilayah=33.01&amp;page=2" rel="prev"' in html
    assert 'href="?q=serang&amp;wilayah=33.01&amp;page=4" rel="next"' in html
    assert "Halaman 3 dari 5" in html


def test_first_and_last_pages_link_one_way_only():
    assert 'rel="prev"' not in pager(1) and 'href="?page=2" rel="next"' in pager(1)
    assert 'href="?page=4" rel="prev"' in pager(5) and 'rel="next"' not in pager(5)


def test_one_of_several_lists_pages_by_its_own_name_and_returns_to_its_section():
    html = pager(2, param="komentar", anchor="komentar", small=True)
    assert 'href="?komentar=1#komentar" rel="prev"' in html
    assert 'href="?komentar=3#komentar" rel="next"' in html
    assert "pagination-sm" in html


def test_links_built_by_the_view_are_used_as_they_are():
    html = pager(2, links={"prev": "?aktif=1&riwayat=2", "next": "?aktif=3&riwayat=2"})
    assert 'href="?aktif=1&amp;riwayat=2" rel="prev"' in html
    assert 'href="?aktif=3&amp;riwayat=2" rel="next"' in html
