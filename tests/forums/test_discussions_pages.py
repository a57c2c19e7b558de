"""Thread list (unread markers, fixed query count), thread page, starting threads with
attachments, and attachment downloads."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from forums.discussions import add_reply, start_thread
from forums.models import PostAttachment, Thread, ThreadReader


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def png(name="foto.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_threads(network, author, count):
    for n in range(count):
        thread = start_thread(network, author, f"Topik {n}", f"Isi {n} @Siti Rahayu")
        PostAttachment.from_upload(png(), post=thread.posts.get(), uploaded_by=author).save()


def test_thread_list_marks_unread_threads(client, cipari, sekdes, kades_caruy):
    read = start_thread(cipari, sekdes, "Sudah dibaca", "a")
    unread = start_thread(cipari, sekdes, "Belum dibaca", "b")
    ThreadReader.objects.create(thread=read, user=kades_caruy, last_read_at=timezone.now() + timedelta(seconds=1))
    client.force_login(kades_caruy)
    page = client.get(reverse("forums:thread_list", args=[cipari.slug]))
    threads = {t.title: t.unread for t in page.context["page"]}
    assert threads == {"Sudah dibaca": False, "Belum dibaca": True}
    # A new reply makes a read thread unread again; opening it reads it.
    add_reply(read, sekdes, "balasan")
    Thread.objects.filter(pk=read.pk).update(last_post_at=timezone.now() + timedelta(seconds=5))
    page = client.get(reverse("forums:thread_list", args=[cipari.slug]))
    assert all(t.unread for t in page.context["page"])
    client.get(reverse("forums:thread_detail", args=[unread.pk]))
    page = client.get(reverse("forums:thread_list", args=[cipari.slug]))
    assert {t.title: t.unread for t in page.context["page"]}["Belum dibaca"] is False


def test_pinned_threads_come_first(client, cipari, sekdes):
    first = start_thread(cipari, sekdes, "Lama tapi penting", "a")
    start_thread(cipari, sekdes, "Baru", "b")
    Thread.objects.filter(pk=first.pk).update(is_pinned=True)
    client.force_login(sekdes)
    page = client.get(reverse("forums:thread_list", args=[cipari.slug]))
    assert [t.title for t in page.context["page"]][0] == "Lama tapi penting"


@pytest.mark.parametrize("count", [3, 25])
def test_thread_list_query_count_is_fixed(client, cipari, sekdes, kades_caruy, count, django_assert_max_num_queries):
    make_threads(cipari, sekdes, count)
    client.force_login(kades_caruy)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("forums:thread_list", args=[cipari.slug]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 25])
def test_thread_page_query_count_is_fixed(client, cipari, sekdes, kades_caruy, count, django_assert_max_num_queries):
    thread = start_thread(cipari, sekdes, "Ramai", "Mulai")
    for n in range(count):
        post = add_reply(thread, kades_caruy if n % 2 else sekdes, f"Balasan {n}")
        PostAttachment.from_upload(png(), post=post, uploaded_by=post.author).save()
    client.force_login(kades_caruy)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("forums:thread_detail", args=[thread.pk]))
    assert response.status_code == 200


def test_start_thread_with_attachment_and_download(client, cipari, sekdes, kades_caruy, outsider):
    client.force_login(sekdes)
    response = client.post(
        reverse("forums:thread_create", args=[cipari.slug]),
        {"title": "Foto posyandu", "body": "Lihat foto.", "attachments": [png("posyandu.png")]},
    )
    thread = Thread.objects.get(title="Foto posyandu")
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    attachment = PostAttachment.objects.get()
    assert attachment.original_name == "posyandu.png" and "posyandu" not in attachment.file.name
    url = reverse("forums:attachment_download", args=[attachment.pk])
    client.force_login(kades_caruy)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_attachment_of_hidden_post_is_for_coordinators(client, cipari, sekdes, kades_caruy, camat):
    thread = start_thread(cipari, sekdes, "T", "x", uploads=[png()])
    thread.posts.update(is_hidden=True)
    url = reverse("forums:attachment_download", args=[PostAttachment.objects.get().pk])
    client.force_login(kades_caruy)
    assert client.get(url).status_code == 404
    client.force_login(camat)
    assert client.get(url).status_code == 200


def test_wrong_file_type_redisplays_what_was_typed(client, cipari, sekdes):
    client.force_login(sekdes)
    fake = SimpleUploadedFile("virus.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(
        reverse("forums:thread_create", args=[cipari.slug]),
        {"title": "Judul saya", "body": "Isi yang panjang", "attachments": [fake]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hanya gambar (JPEG, PNG, WebP) atau PDF" in html
    assert 'value="Judul saya"' in html and "Isi yang panjang" in html
    assert not Thread.objects.exists() and not PostAttachment.objects.exists()


def test_oversized_file_is_dropped_before_storing(client, cipari, sekdes, settings):
    import core.uploads as uploads

    client.force_login(sekdes)
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (uploads.MAX_ATTACHMENT_BYTES + 10))
    response = client.post(
        reverse("forums:thread_create", args=[cipari.slug]),
        {"title": "Besar", "body": "PDF besar", "attachments": [big]},
    )
    assert response.status_code == 200
    assert "Berkas lebih besar dari 10 MB." in response.content.decode()
    assert not Thread.objects.exists()


def test_empty_fields_are_explained(client, cipari, sekdes):
    client.force_login(sekdes)
    response = client.post(reverse("forums:thread_create", args=[cipari.slug]), {"title": "", "body": ""})
    assert response.status_code == 200 and "Bidang ini tidak boleh kosong." in response.content.decode()


def test_reply_redirects_to_its_place_on_the_last_page(client, cipari, sekdes, kades_caruy):
    thread = start_thread(cipari, sekdes, "T", "x")
    for n in range(21):
        add_reply(thread, sekdes, f"r{n}")
    client.force_login(kades_caruy)
    response = client.post(reverse("forums:thread_detail", args=[thread.pk]), {"body": "Saya terakhir"})
    post = thread.posts.last()
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{post.pk}"
    thread.refresh_from_db()
    assert thread.reply_count == 22


def test_times_show_the_network_zone(client, cipari, sekdes):
    start_thread(cipari, sekdes, "Zona", "x")
    client.force_login(sekdes)
    html = client.get(reverse("forums:thread_list", args=[cipari.slug])).content.decode()
    assert " WIB" in html


@pytest.mark.parametrize("count", [2, 25])
def test_report_queue_and_network_page_query_counts_are_fixed(
    client, cipari, sekdes, kades_caruy, camat, count, django_assert_max_num_queries
):
    from forums.models import PostReport

    for n in range(count):
        thread = start_thread(cipari, sekdes, f"T{n}", "x")
        PostReport.objects.create(post=thread.posts.get(), reporter=kades_caruy, reason=f"alasan {n}")
    client.force_login(camat)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("forums:report_queue", args=[cipari.slug])).status_code == 200
    with django_assert_max_num_queries(17):
        assert client.get(reverse("forums:network_detail", args=[cipari.slug])).status_code == 200
