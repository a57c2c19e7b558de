import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from knowledge import practices as services
from knowledge.models import Adoption, Document, Practice, PracticeRevision, PracticeUseful, SdgGoal, Topic
from knowledge.rules import (
    can_adopt_practice,
    can_comment_practice,
    can_curate_practice,
    can_edit_practice,
    can_mark_useful,
    can_see_practice,
    can_submit_practice,
    visible_practices_q,
)
from notifications.models import Notification
from tests.factories import PASSWORD, UserFactory
from tests.knowledge.library import practice
from tests.people import staff

pytestmark = pytest.mark.django_db
S = Practice.Status


@pytest.fixture
def curator(regions):
    """DPMD Cilacap: scope 33.01 covers Serang and Caruy, not Lumbir (Banyumas)."""
    return staff("33.01", full_name="Kurator Cilacap")


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_reference_data_is_seeded():
    assert Topic.objects.filter(slug="umkm", name="Usaha mikro dan UMKM").exists()
    assert Topic.objects.count() == 10
    assert SdgGoal.objects.count() == 18
    assert SdgGoal.objects.get(number=13).name == "Desa Tanggap Perubahan Iklim"


# ---- permissions ----


def test_draft_is_for_the_village_only(sekdes, kades_caruy, curator, outsider, serang_village):
    draft = practice(serang_village, sekdes, status=S.DRAFT)
    colleague = UserFactory()
    from tests.factories import OfficialFactory

    OfficialFactory(user=colleague, village=serang_village)
    assert can_see_practice(sekdes, draft) and can_see_practice(colleague, draft)
    assert can_edit_practice(colleague, draft) and can_submit_practice(colleague, draft)
    for other in (kades_caruy, curator, outsider):
        assert not can_see_practice(other, draft)
        assert not Practice.objects.filter(visible_practices_q(other), pk=draft.pk).exists()
    assert not can_curate_practice(curator, draft)


def test_submitted_is_seen_and_curated_by_staff_in_scope_only(sekdes, curator, serang_village, regions):
    banyumas = staff("33.02")
    submitted = practice(serang_village, sekdes, status=S.SUBMITTED)
    assert can_see_practice(curator, submitted) and can_curate_practice(curator, submitted)
    assert Practice.objects.filter(visible_practices_q(curator), pk=submitted.pk).exists()
    assert not can_see_practice(banyumas, submitted) and not can_curate_practice(banyumas, submitted)
    assert not can_edit_practice(sekdes, submitted), "locked while the curator reads it"
    assert not can_curate_practice(sekdes, submitted)


def test_published_is_read_by_everyone_signed_in(sekdes, kades_caruy, outsider, serang_village):
    published = practice(serang_village, sekdes)
    assert can_see_practice(outsider, published)
    assert can_adopt_practice(kades_caruy, published) and can_adopt_practice(outsider, published)
    assert not can_adopt_practice(sekdes, published), "a village does not adopt its own practice"
    assert can_comment_practice(outsider, published) and can_mark_useful(outsider, published)
    assert not can_edit_practice(outsider, published)
    from django.contrib.auth.models import AnonymousUser

    assert not can_see_practice(AnonymousUser(), published)


def test_outsider_gets_404_for_draft_pages(client, outsider, sekdes, serang_village):
    draft = practice(serang_village, sekdes, status=S.DRAFT)
    login(client, outsider)
    for name in ("practice_detail", "practice_edit", "practice_revisions"):
        assert client.get(reverse(f"knowledge:{name}", args=[draft.pk])).status_code == 404
    assert client.post(reverse("knowledge:practice_submit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("knowledge:practice_review", args=[draft.pk]), {"action": "publish"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_anonymous_is_sent_to_login(client, sekdes, serang_village):
    published = practice(serang_village, sekdes)
    response = client.get(published.get_absolute_url())
    assert response.status_code == 302 and "/akun/login/" in response.url


# ---- the workflow through the pages ----


def test_write_submit_publish(client, sekdes, curator, serang_village, mailoutbox, django_capture_on_commit_callbacks):
    login(client, sekdes)
    data = {
        "title": "Pelatihan usaha mikro",
        "summary": "Ringkas.",
        "problem": "Masalah.",
        "steps": "Langkah.",
        "results": "Hasil 30%.",
        "funding_source": "dana_desa",
        "cost": "25000000",
        "topics": [Topic.objects.get(slug="umkm").pk],
        "sdgs": [SdgGoal.objects.get(number=8).pk],
    }
    response = client.post(reverse("knowledge:practice_create"), data)
    created = Practice.objects.get()
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    assert created.status == S.DRAFT and created.village == serang_village
    assert list(created.authors.all()) == [sekdes]
    assert [t.slug for t in created.topics.all()] == ["umkm"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("knowledge:practice_submit", args=[created.pk]))
    created.refresh_from_db()
    assert created.status == S.SUBMITTED
    assert Notification.objects.filter(recipient=curator, kind="library").exists()

    client.logout()
    login(client, curator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("knowledge:practice_review", args=[created.pk]), {"action": "publish"})
    created.refresh_from_db()
    assert created.status == S.PUBLISHED and created.published_by == curator and created.published_at
    assert Notification.objects.filter(recipient=sekdes, key=f"practice-published:{created.pk}").exists()


def test_return_needs_a_reason_and_author_can_resubmit(client, sekdes, curator, serang_village):
    submitted = practice(serang_village, sekdes, status=S.SUBMITTED)
    login(client, curator)
    client.post(reverse("knowledge:practice_review", args=[submitted.pk]), {"action": "return", "reason": "  "})
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
    client.post(
        reverse("knowledge:practice_review", args=[submitted.pk]), {"action": "return", "reason": "Tambahkan angka."}
    )
    submitted.refresh_from_db()
    assert submitted.status == S.RETURNED and submitted.return_reason == "Tambahkan angka."
    assert can_edit_practice(sekdes, submitted) and can_submit_practice(sekdes, submitted)
    assert services.submit_practice(submitted, sekdes)
    assert not services.submit_practice(submitted, sekdes), "compare-and-set: a second click changes nothing"


def test_bad_input_redisplays_what_was_typed(client, sekdes, serang_village):
    login(client, sekdes)
    response = client.post(
        reverse("knowledge:practice_create"),
        {"title": "Judul yang saya ketik", "summary": "", "started_on": "2024-05-01", "ended_on": "2024-01-01"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Judul yang saya ketik" in body
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in body
    assert not Practice.objects.exists()


def test_upload_of_wrong_type_is_refused(client, sekdes, serang_village):
    login(client, sekdes)
    fake = SimpleUploadedFile("virus.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("knowledge:practice_create"),
        {"title": "T", "summary": "S", "problem": "P", "steps": "L", "results": "H", "attachments": fake},
    )
    assert response.status_code == 200
    assert "Hanya gambar" in response.content.decode()
    assert not Practice.objects.exists()


def test_attachment_download_checks_permission(client, sekdes, outsider, serang_village, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, sekdes)
    pdf = SimpleUploadedFile("laporan.pdf", b"%PDF-1.4 hasil", content_type="application/pdf")
    client.post(
        reverse("knowledge:practice_create"),
        {"title": "T", "summary": "S", "problem": "P", "steps": "L", "results": "H", "attachments": pdf},
    )
    created = Practice.objects.get()
    attachment = created.attachments.get()
    assert client.get(reverse("knowledge:practice_attachment", args=[attachment.pk])).status_code == 200
    client.logout()
    login(client, outsider)
    assert client.get(reverse("knowledge:practice_attachment", args=[attachment.pk])).status_code == 404


def test_edit_after_publishing_keeps_a_revision(client, sekdes, serang_village):
    published = practice(serang_village, sekdes, topics=["umkm"])
    login(client, sekdes)
    draft_edit = {
        "title": "Judul baru",
        "summary": published.summary,
        "problem": published.problem,
        "steps": published.steps,
        "results": "Pendapatan naik 40%.",
        "topics": [Topic.objects.get(slug="umkm").pk],
    }
    client.post(reverse("knowledge:practice_edit", args=[published.pk]), draft_edit)
    published.refresh_from_db()
    assert published.title == "Judul baru" and published.status == S.PUBLISHED
    revision = PracticeRevision.objects.get(practice=published)
    assert revision.number == 1 and revision.content["title"] == "Pelatihan usaha mikro untuk ibu-ibu PKK"
    assert revision.content["results"].startswith("Pendapatan rata-rata")
    client.post(reverse("knowledge:practice_edit", args=[published.pk]), {**draft_edit, "title": "Ketiga"})
    assert list(published.revisions.values_list("number", flat=True)) == [2, 1]
    assert client.get(reverse("knowledge:practice_revisions", args=[published.pk])).status_code == 200


def test_drafts_do_not_keep_revisions(sekdes, serang_village):
    draft = practice(serang_village, sekdes, status=S.DRAFT)
    services.update_practice(draft, sekdes, {"title": "Baru"})
    assert not draft.revisions.exists()


# ---- adoption, comments, useful ----


def test_adoption_is_recorded_once_and_notifies_the_author(
    client, sekdes, kades_caruy, serang_village, caruy_village, django_capture_on_commit_callbacks, mailoutbox
):
    published = practice(serang_village, sekdes)
    login(client, kades_caruy)
    url = reverse("knowledge:practice_adopt", args=[published.pk])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"adopted_on": tomorrow, "changes": "Kami pakai kelompok tani."})
    assert response.status_code == 200 and "tidak boleh di masa depan" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"adopted_on": "2025-01-05", "changes": "Kami pakai kelompok tani."})
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert adoption.village == caruy_village and adoption.recorded_by == kades_caruy
    assert Notification.objects.filter(recipient=sekdes, key=f"practice-adopted:{adoption.pk}").exists()
    assert any("menerapkan praktik baik" in m.subject for m in mailoutbox)
    # Asking again leads to the village's record, not a second one.
    assert client.get(url).url == reverse("knowledge:adoption_edit", args=[adoption.pk])
    assert services.record_adoption(published, caruy_village, kades_caruy, datetime.date(2025, 1, 1), "x") is None
    client.post(
        reverse("knowledge:adoption_edit", args=[adoption.pk]),
        {"adopted_on": "2025-01-05", "changes": "Kami pakai kelompok tani.", "result": "20 usaha baru."},
    )
    adoption.refresh_from_db()
    assert adoption.result == "20 usaha baru."
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Diterapkan di 1 desa" in page and "20 usaha baru." in page


def test_adoption_of_own_village_and_other_villages_record(client, sekdes, kades_caruy, outsider, serang_village):
    published = practice(serang_village, sekdes)
    login(client, sekdes)
    assert client.get(reverse("knowledge:practice_adopt", args=[published.pk])).status_code == 404
    adoption = services.record_adoption(
        published, kades_caruy.positions.get().village, kades_caruy, datetime.date(2025, 1, 1), "x"
    )
    client.logout()
    login(client, outsider)
    assert client.get(reverse("knowledge:adoption_edit", args=[adoption.pk])).status_code == 404


def test_question_notifies_author_and_mentions(
    client, sekdes, kades_caruy, outsider, serang_village, django_capture_on_commit_callbacks
):
    published = practice(serang_village, sekdes)
    login(client, outsider)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("knowledge:practice_comment", args=[published.pk]),
            {"body": "Berapa modal awalnya? @Bambang Sutrisno <script>alert(1)</script>", "is_question": "on"},
        )
    comment = published.comments.get()
    assert comment.is_question and comment.author_village is not None
    assert Notification.objects.filter(recipient=sekdes, key=f"practice-comment:{comment.pk}").exists()
    assert Notification.objects.filter(recipient=kades_caruy, key=f"practice-mention:{comment.pk}").exists()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "Berapa modal awalnya?" in page


def test_empty_comment_redisplays(client, outsider, sekdes, serang_village):
    published = practice(serang_village, sekdes)
    login(client, outsider)
    response = client.post(reverse("knowledge:practice_comment", args=[published.pk]), {"body": ""})
    assert response.status_code == 400 and not published.comments.exists()


def test_useful_toggles(client, outsider, sekdes, serang_village):
    published = practice(serang_village, sekdes)
    login(client, outsider)
    url = reverse("knowledge:practice_useful", args=[published.pk])
    client.post(url)
    assert PracticeUseful.objects.filter(practice=published, user=outsider).exists()
    client.post(url)
    assert not PracticeUseful.objects.exists()


def test_similar_practices_share_topics(sekdes, serang_village, caruy_village, kades_caruy):
    one = practice(serang_village, sekdes, topics=["umkm", "bumdes"], sdgs=[8])
    close = practice(caruy_village, kades_caruy, title="BUMDes keripik", topics=["umkm", "bumdes"], sdgs=[8])
    far = practice(caruy_village, kades_caruy, title="Embung", topics=["ketahanan-pangan"])
    draft = practice(caruy_village, kades_caruy, status=S.DRAFT, topics=["umkm"])
    some = practice(caruy_village, kades_caruy, title="Pasar", topics=["umkm"])
    similar = services.similar_practices(one)
    assert similar[0] == close and some in similar
    assert far not in similar and draft not in similar and one not in similar


def test_meetings_link_shows_on_practice(client, sekdes, serang_village):
    from meetings.models import Meeting

    start = timezone.now() - datetime.timedelta(days=3)
    meeting = Meeting.objects.create(
        title="Pelatihan UMKM se-Kecamatan",
        kind="training",
        host_village=serang_village,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        audience_kind="villages",
    )
    published = practice(serang_village, sekdes)
    published.meetings.add(meeting)
    login(client, sekdes)
    assert "Pelatihan UMKM se-Kecamatan" in client.get(published.get_absolute_url()).content.decode()
    assert list(meeting.practices.all()) == [published]


# ---- village page, activity counts ----


def test_village_page_shows_shared_and_adopted(client, sekdes, kades_caruy, serang_village, caruy_village):
    mine = practice(serang_village, sekdes, title="Bank sampah desa")
    practice(serang_village, sekdes, title="Draf rahasia", status=S.DRAFT)
    theirs = practice(caruy_village, kades_caruy, title="Posyandu digital")
    services.record_adoption(theirs, serang_village, sekdes, datetime.date(2025, 3, 1), "x")
    login(client, kades_caruy)
    page = client.get(reverse("villages:village_detail", args=[serang_village.code])).content.decode()
    assert mine.title in page and theirs.title in page and "Draf rahasia" not in page
    client.logout()
    anonymous = client.get(reverse("villages:village_detail", args=[serang_village.code])).content.decode()
    assert mine.title not in anonymous


def test_practice_activity_counts_in_two_queries(
    sekdes, kades_caruy, serang_village, caruy_village, lumbir_village, django_assert_num_queries
):
    tz = datetime.UTC
    start = datetime.datetime(2025, 1, 1, tzinfo=tz)
    end = datetime.datetime(2025, 4, 1, tzinfo=tz)
    practice(serang_village, sekdes, published_at=datetime.datetime(2025, 2, 1, tzinfo=tz))
    practice(serang_village, sekdes, published_at=datetime.datetime(2025, 3, 31, 23, tzinfo=tz))
    practice(serang_village, sekdes, published_at=datetime.datetime(2025, 4, 1, 1, tzinfo=tz))  # after
    practice(serang_village, sekdes, status=S.SUBMITTED, published_at=datetime.datetime(2025, 2, 1, tzinfo=tz))
    theirs = practice(caruy_village, kades_caruy, published_at=datetime.datetime(2024, 6, 1, tzinfo=tz))
    other = practice(caruy_village, kades_caruy, published_at=datetime.datetime(2024, 6, 1, tzinfo=tz))
    Adoption.objects.create(practice=theirs, village=serang_village, adopted_on=datetime.date(2025, 2, 10), changes="x")
    Adoption.objects.create(practice=other, village=serang_village, adopted_on=datetime.date(2024, 12, 1), changes="x")
    with django_assert_num_queries(2):
        result = services.practice_activity([serang_village.pk, caruy_village.pk, lumbir_village.pk], start, end)
    assert result == {
        serang_village.pk: {"shared": 2, "adopted": 1},
        caruy_village.pk: {"shared": 0, "adopted": 0},
        lumbir_village.pk: {"shared": 0, "adopted": 0},
    }
    assert services.practice_activity([], start, end) == {}


# ---- documents ----


def test_document_upload_and_download(client, sekdes, outsider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, sekdes)
    bad = SimpleUploadedFile("sop.exe", b"MZ....", content_type="application/pdf")
    response = client.post(
        reverse("knowledge:document_create"),
        {"title": "SOP pelayanan surat", "category": "sop", "year": "2025", "upload": bad},
    )
    assert response.status_code == 200 and "SOP pelayanan surat" in response.content.decode()
    pdf = SimpleUploadedFile("sop.pdf", b"%PDF-1.4 sop", content_type="application/pdf")
    response = client.post(
        reverse("knowledge:document_create"),
        {"title": "SOP pelayanan surat", "description": "Contoh SOP", "category": "sop", "year": "2025", "upload": pdf},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == "sop.pdf" and document.uploaded_by == sekdes
    client.logout()
    login(client, outsider)
    response = client.get(reverse("knowledge:document_download", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert client.post(reverse("knowledge:document_delete", args=[document.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("knowledge:document_download", args=[document.pk])).status_code == 302


def test_document_list_filters(client, sekdes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for title, category, year in [("SOP surat", "sop", 2025), ("Perdes BUMDes", "perdes", 2024)]:
        Document.from_upload(SimpleUploadedFile("a.pdf", b"%PDF-1.4"), title=title, category=category, year=year).save()
    login(client, sekdes)
    page = client.get(reverse("knowledge:document_list"), {"category": "perdes"}).content.decode()
    assert "Perdes BUMDes" in page and "SOP surat" not in page
    page = client.get(reverse("knowledge:document_list"), {"year": "2025"}).content.decode()
    assert "SOP surat" in page and "Perdes BUMDes" not in page
    assert client.get(reverse("knowledge:document_list"), {"year": "abc", "category": "x"}).status_code == 200
