"""Search in the library: full text with the `indonesian` configuration on PostgreSQL, FTS5 over text
stemmed by Sastrawi on SQLite; the same expectations on both."""

import pytest
from django.db import connection
from django.urls import reverse

from knowledge.models import Document, Practice
from knowledge.search import MAX_QUERY_LENGTH, clean_query, search_documents, search_practices
from tests.factories import PASSWORD
from tests.knowledge.library import practice

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search with the indonesian configuration needs PostgreSQL"
)

HOSTILE = [
    '"pelatihan',
    "usaha & | ! mikro",
    "-(((",
    "' OR 1=1 --",
    "pelatihan\x00mikro",
    "<script>alert(1)</script>",
    "x" * 5000,
    ":* & !",
    "ąčę 日本語 🙂",
    "or",
]


@pytest.fixture
def library(serang_village, caruy_village, lumbir_village, sekdes, kades_caruy, outsider):
    return {
        "micro": practice(serang_village, sekdes, topics=["umkm"], sdgs=[8]),
        "water": practice(
            caruy_village,
            kades_caruy,
            title="Embung desa untuk musim kemarau",
            summary="Warga berlatih merawat embung; sawah tetap panen saat kemarau.",
            problem="Sawah kering setiap kemarau.",
            steps="Gotong royong menggali embung.",
            results="Dua kali panen setahun.",
            funding_source="swadaya",
            topics=["ketahanan-pangan", "perubahan-iklim"],
            sdgs=[13],
        ),
        "body_only": practice(
            lumbir_village,
            outsider,
            title="Sistem informasi desa",
            summary="Layanan surat daring untuk warga.",
            problem="Antrean panjang di kantor desa.",
            steps="Perangkat desa dilatih memakai aplikasi.",
            results="Waktu layanan turun dari 2 hari menjadi 1 jam.",
            funding_source="apbdes",
            topics=["digitalisasi"],
        ),
        "draft": practice(serang_village, sekdes, status=Practice.Status.DRAFT, title="Pelatihan rahasia"),
    }


def published():
    return Practice.objects.published()


def test_clean_query_bounds_and_strips():
    assert clean_query("  a\x00b\n  c ") == "a b c"
    assert len(clean_query("x" * 5000)) == MAX_QUERY_LENGTH
    assert clean_query(None) == ""


def test_word_forms_find_each_other(library):
    # "pelatihan", "latihan", "melatih", "berlatih", "dilatih" all stem to "latih".
    for word in ("pelatihan", "latihan", "melatih", "berlatih", "dilatih"):
        found = set(search_practices(published(), word))
        assert library["micro"] in found, word
        assert library["water"] in found, word  # "berlatih" in its summary
        assert library["body_only"] in found, word  # "dilatih" in its steps
        assert library["draft"] not in found


def test_title_outranks_summary_outranks_body(library):
    ranked = list(search_practices(published(), "pelatihan"))
    assert ranked == [library["micro"], library["water"], library["body_only"]]
    assert ranked[0].rank > ranked[1].rank > ranked[2].rank


@postgres_only
def test_snippet_highlights_matches(library):
    first = search_practices(published(), "melatih warga").first()
    assert "<mark>" in first.snippet


def test_phrase_and_exclusion(library):
    assert list(search_practices(published(), '"usaha mikro"')) == [library["micro"]]
    assert library["micro"] not in set(search_practices(published(), "pelatihan -keripik"))
    assert set(search_practices(published(), "embung or surat")) == {library["water"], library["body_only"]}


@postgres_only
def test_index_is_used(library):
    """Only the newest matches are ranked: the planner reaches them either through the GIN index
    (few matches) or by walking the published-date index backwards until it has enough (many). With
    a handful of rows it prefers the latter; with that path closed, the condition uses GIN."""
    sql, params = search_practices(Practice.objects.all(), "pelatihan usaha mikro").query.sql_with_params()

    def plan():
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        by_index = plan()
        assert "Seq Scan" not in by_index, by_index
        cursor.execute("SET LOCAL enable_indexscan = off")
        by_gin = plan()
    print(by_index, by_gin, sep="\n\n")
    assert "practice_search_gin" in by_gin, by_gin


@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_input_never_fails(library, raw):
    list(search_practices(published(), raw))
    list(search_documents(Document.objects.all(), raw))


def test_hostile_input_through_the_page(client, library, sekdes):
    client.login(email=sekdes.email, password=PASSWORD)
    for raw in HOSTILE:
        assert client.get(reverse("knowledge:practice_list"), {"q": raw}).status_code == 200
        assert client.get(reverse("knowledge:document_list"), {"q": raw}).status_code == 200
    odd = {"topic": "nope", "sdg": "99", "region": "33.01'--", "funding": "x", "year": "20x5", "page": "-1"}
    assert client.get(reverse("knowledge:practice_list"), odd).status_code == 200


def test_search_page_finds_the_practice(client, library, sekdes):
    client.login(email=sekdes.email, password=PASSWORD)
    page = client.get(reverse("knowledge:practice_list"), {"q": "pelatihan usaha mikro"}).content.decode()
    assert library["micro"].title in page
    assert "Pelatihan rahasia" not in page
    assert library["water"].title not in page


def test_filters(client, library, sekdes):
    client.login(email=sekdes.email, password=PASSWORD)

    def titles(**params):
        response = client.get(reverse("knowledge:practice_list"), params)
        return {p.title for p in response.context["page"]}

    micro, water, body = (library[k].title for k in ("micro", "water", "body_only"))
    assert titles(topic="perubahan-iklim") == {water}
    assert titles(sdg="8") == {micro}
    assert titles(region="33.01") == {micro, water}
    assert titles(region="33") == {micro, water, body}
    assert titles(region="33.02") == {body}
    assert titles(funding="apbdes") == {body}
    assert titles(year=str(library["micro"].published_at.year)) == {micro, water, body}
    assert titles(year="2015") == set()
    topic_page = client.get(reverse("knowledge:topic_detail", args=["digitalisasi"]))
    assert {p.title for p in topic_page.context["page"]} == {body}
    sdg_page = client.get(reverse("knowledge:sdg_detail", args=[13]))
    assert {p.title for p in sdg_page.context["page"]} == {water}


def test_what_people_type_finds_what_they_mean(library, serang_village, sekdes):
    crafts = practice(
        serang_village,
        sekdes,
        title="Kerajinan anyaman bambu oleh BUMDes",
        summary="Perajin desa menganyam tikar dan keranjang untuk dijual.",
        problem="Bambu dijual mentah.",
        steps="Pelatihan enam pertemuan.",
        results="Usaha mikro baru tumbuh.",
    )
    assert crafts in set(search_practices(published(), "menganyam"))  # "anyaman", "menganyam" → anyam
    assert crafts in set(search_practices(published(), "kerajinan"))
    assert crafts in set(search_practices(published(), "melatih"))  # "pelatihan" in its steps
    # Abbreviations and their spelled-out forms find each other.
    assert {library["micro"], crafts} <= set(search_practices(published(), "umkm"))
    assert crafts in set(search_practices(published(), "badan usaha milik desa"))
    assert library["micro"] in set(search_practices(published(), "BUMDes"))  # "BUMDes" in its steps
    assert library["water"] not in set(search_practices(published(), "umkm"))
    assert set(search_practices(published(), "umkm embung")) == set()


def test_documents_are_found_by_word_forms_and_synonyms(library, serang_village, sekdes):
    document = Document.objects.create(
        title="Panduan pelatihan pengelola BUMDes",
        description="Modul untuk melatih pengurus badan usaha milik desa.",
        category=Document.Category.GUIDE,
        year=2025,
        village=serang_village,
        file="dokumen/panduan.pdf",
        original_name="panduan.pdf",
        content_type="application/pdf",
        size=10,
    )
    for query in ("latihan", "bumdes", "Badan Usaha Milik Desa", "pengelola"):
        assert list(search_documents(Document.objects.all(), query)) == [document], query
    assert list(search_documents(Document.objects.all(), "embung")) == []
    document.delete()
    assert list(search_documents(Document.objects.all(), "bumdes")) == []


def _many(n, serang_village, caruy_village, sekdes, kades_caruy):
    for i in range(n):
        village, author = (serang_village, sekdes) if i % 2 else (caruy_village, kades_caruy)
        p = practice(village, author, title=f"Pelatihan usaha mikro {i}", topics=["umkm", "bumdes"], sdgs=[8])
        if i % 3 == 0:
            from knowledge.models import Adoption

            Adoption.objects.create(
                practice=p,
                village=serang_village if i % 2 == 0 else caruy_village,
                adopted_on="2025-01-01",
                changes="x",
            )


@pytest.mark.parametrize(
    "params", [{}, {"q": "pelatihan usaha mikro"}, {"topic": "umkm", "region": "33.01", "funding": "dana_desa"}]
)
def test_list_query_count_is_fixed(
    client, serang_village, caruy_village, sekdes, kades_caruy, django_assert_max_num_queries, params
):
    client.login(email=sekdes.email, password=PASSWORD)
    url = reverse("knowledge:practice_list")
    _many(3, serang_village, caruy_village, sekdes, kades_caruy)
    client.get(url, params)
    with django_assert_max_num_queries(13):
        assert client.get(url, params).status_code == 200
    _many(45, serang_village, caruy_village, sekdes, kades_caruy)
    with django_assert_max_num_queries(13):
        response = client.get(url, params)
    assert len(response.context["page"]) == 20


@pytest.mark.parametrize("name,args", [("topic_detail", ["umkm"]), ("sdg_detail", [8]), ("village_practices", [])])
def test_group_pages_query_count_is_fixed(
    client, serang_village, caruy_village, sekdes, kades_caruy, django_assert_max_num_queries, name, args
):
    client.login(email=sekdes.email, password=PASSWORD)
    url = reverse(f"knowledge:{name}", args=args)
    _many(3, serang_village, caruy_village, sekdes, kades_caruy)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    _many(45, serang_village, caruy_village, sekdes, kades_caruy)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_detail_and_documents_query_count_is_fixed(
    client, serang_village, caruy_village, sekdes, kades_caruy, django_assert_max_num_queries, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from knowledge import practices as services

    settings.MEDIA_ROOT = tmp_path
    client.login(email=sekdes.email, password=PASSWORD)
    target = practice(caruy_village, kades_caruy, topics=["umkm"])
    urls = [
        target.get_absolute_url(),
        reverse("knowledge:document_list"),
        reverse("knowledge:document_list") + "?q=sop",
    ]

    def grow(n):
        _many(n, serang_village, caruy_village, sekdes, kades_caruy)
        for i in range(n):
            services.add_comment(target, sekdes, f"Komentar {i}")
            Document.from_upload(
                SimpleUploadedFile("a.pdf", b"%PDF-1.4"), title=f"SOP {i}", category="sop", year=2025
            ).save()

    grow(2)
    for url in urls:
        with django_assert_max_num_queries(22):
            assert client.get(url).status_code == 200
    grow(25)
    for url in urls:
        with django_assert_max_num_queries(22):
            assert client.get(url).status_code == 200


# ---- What the list shares between readers through the cache ----


def test_shared_count_and_filters_follow_the_library_and_the_values_asked(
    client, serang_village, caruy_village, sekdes, kades_caruy
):
    from knowledge import practices as services

    client.login(email=sekdes.email, password=PASSWORD)
    url = reverse("knowledge:practice_list")
    _many(3, serang_village, caruy_village, sekdes, kades_caruy)
    assert client.get(url).context["page"].paginator.count == 3
    before = services.library_version()
    submitted = practice(caruy_village, kades_caruy, status=Practice.Status.SUBMITTED)
    assert services.publish_practice(submitted, None)
    assert services.library_version() != before
    response = client.get(url)
    assert response.context["page"].paginator.count == 4
    assert [p.pk for p in response.context["page"]] == list(
        Practice.objects.published().order_by("-published_at", "-pk").values_list("pk", flat=True)
    )
    # The cached form shows each reader the values they asked for (and only those).
    html = client.get(url, {"funding": "dana_desa"}).content.decode()
    assert '<option value="dana_desa" selected>' in html
    html = client.get(url, {"funding": "swadaya"}).content.decode()
    assert '<option value="swadaya" selected>' in html and '<option value="dana_desa" selected>' not in html
    assert '<option value="dana_desa" selected>' not in client.get(url).content.decode()


def test_search_page_shows_the_ranked_order_with_snippets(client, library, sekdes):
    from knowledge.views.practices import safe_snippet

    client.login(email=sekdes.email, password=PASSWORD)
    response = client.get(reverse("knowledge:practice_list"), {"q": "pelatihan"})
    shown = list(response.context["page"])
    expected = list(search_practices(Practice.objects.published(), "pelatihan"))
    assert [p.pk for p in shown] == [p.pk for p in expected]
    assert [p.snippet_html for p in shown] == [safe_snippet(getattr(p, "snippet", None)) for p in expected]
