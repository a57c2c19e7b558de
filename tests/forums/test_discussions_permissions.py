"""Who reads, writes, edits and moderates a network's discussions; everyone else gets 404."""

import pytest
from django.urls import reverse

from forums import rules
from forums.discussions import add_reply, start_thread
from forums.models import NetworkMembership, PostReport, Thread
from tests.factories import PASSWORD, UserFactory
from tests.people import official, staff


@pytest.fixture
def thread(cipari, sekdes):
    return start_thread(cipari, sekdes, "Musdes anggaran 2026", "Mari bahas **APBDes**.")


def login(client, user):
    client.force_login(user)
    return client


def urls(thread):
    post = thread.posts.get()
    return [
        reverse("forums:thread_list", args=[thread.network.slug]),
        reverse("forums:thread_create", args=[thread.network.slug]),
        reverse("forums:thread_detail", args=[thread.pk]),
        reverse("forums:post_report", args=[post.pk]),
    ]


def test_anonymous_is_sent_to_login(client, thread):
    for url in urls(thread):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_outsiders_get_404_everywhere(client, thread, outsider):
    login(client, outsider)
    post = thread.posts.get()
    for url in urls(thread):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("forums:post_edit", args=[post.pk])).status_code == 404
    assert client.get(reverse("forums:report_queue", args=[thread.network.slug])).status_code == 404
    for name, data in [("thread_watch", {"watch": "watching"}), ("thread_moderate", {"action": "pin"})]:
        assert client.post(reverse(f"forums:{name}", args=[thread.pk]), data).status_code == 404
    assert client.post(reverse("forums:thread_detail", args=[thread.pk]), {"body": "Halo"}).status_code == 404
    assert thread.posts.count() == 1


def test_user_without_any_role_gets_404(client, thread):
    login(client, UserFactory())
    assert client.get(reverse("forums:thread_detail", args=[thread.pk])).status_code == 404


def test_officials_of_member_villages_read_and_reply(client, thread, kades_caruy):
    login(client, kades_caruy)
    for url in urls(thread):
        assert client.get(url).status_code == 200, url
    response = client.post(reverse("forums:thread_detail", args=[thread.pk]), {"body": "Setuju."})
    assert response.status_code == 302
    assert thread.posts.count() == 2


def test_pending_official_cannot_read(client, thread, caruy_village):
    from tests.factories import OfficialFactory
    from villages.models import Official

    pending = OfficialFactory(village=caruy_village, status=Official.Status.PENDING).user
    login(client, pending)
    assert client.get(reverse("forums:thread_detail", args=[thread.pk])).status_code == 404


@pytest.mark.parametrize(("scope", "allowed"), [("33.01.18", True), ("33.01", True), ("33", True), ("33.02", False)])
def test_staff_read_and_moderate_when_scope_covers_a_member(client, thread, scope, allowed):
    user = staff(scope)
    login(client, user)
    status = 200 if allowed else 404
    assert client.get(reverse("forums:thread_detail", args=[thread.pk])).status_code == status
    assert client.get(reverse("forums:report_queue", args=[thread.network.slug])).status_code == status
    assert rules.can_moderate(user, thread) == allowed


def test_village_that_left_loses_access(client, thread, kades_caruy, caruy_village, cipari):
    NetworkMembership.objects.filter(network=cipari, village=caruy_village).update(state="left")
    login(client, kades_caruy)
    assert client.get(reverse("forums:thread_detail", args=[thread.pk])).status_code == 404


def test_members_do_not_moderate(client, thread, kades_caruy):
    login(client, kades_caruy)
    assert client.post(reverse("forums:thread_moderate", args=[thread.pk]), {"action": "lock"}).status_code == 404
    post = thread.posts.get()
    assert client.post(reverse("forums:post_moderate", args=[post.pk]), {"action": "hide"}).status_code == 404
    assert client.get(reverse("forums:report_queue", args=[thread.network.slug])).status_code == 404
    thread.refresh_from_db()
    assert not thread.is_locked


def test_coordinator_pins_locks_and_hides(client, thread, camat, kades_caruy):
    login(client, camat)
    url = reverse("forums:thread_moderate", args=[thread.pk])
    for action in ("pin", "lock", "hide"):
        assert client.post(url, {"action": action}).status_code == 302
    thread.refresh_from_db()
    assert thread.is_pinned and thread.is_locked and thread.is_hidden
    assert client.get(reverse("forums:thread_detail", args=[thread.pk])).status_code == 200
    # Hidden from members, even the author's fellow members.
    client.force_login(kades_caruy)
    assert client.get(reverse("forums:thread_detail", args=[thread.pk])).status_code == 404
    assert thread.title.encode() not in client.get(reverse("forums:thread_list", args=[thread.network.slug])).content


def test_locked_thread_takes_no_replies(client, thread, kades_caruy):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    login(client, kades_caruy)
    response = client.post(reverse("forums:thread_detail", args=[thread.pk]), {"body": "Masih bisa?"}, follow=True)
    assert "dikunci" in response.content.decode()
    assert thread.posts.count() == 1


def test_only_the_author_edits_and_the_post_is_marked(client, thread, sekdes, kades_caruy):
    post = thread.posts.get()
    edit = reverse("forums:post_edit", args=[post.pk])
    login(client, kades_caruy)
    assert client.get(edit).status_code == 404
    client.force_login(sekdes)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"title": "Musdes APBDes 2026", "body": "Isi baru."})
    assert response.status_code == 302
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.body == "Isi baru." and post.edited_at is not None and thread.title == "Musdes APBDes 2026"
    page = client.get(reverse("forums:thread_detail", args=[thread.pk])).content.decode()
    assert "post-edited" in page


def test_hidden_post_text_only_for_coordinators(client, thread, camat, kades_caruy):
    reply = add_reply(thread, kades_caruy, "Kalimat kasar di sini")
    login(client, camat)
    client.post(reverse("forums:post_moderate", args=[reply.pk]), {"action": "hide"})
    assert "Kalimat kasar" in client.get(reverse("forums:thread_detail", args=[thread.pk])).content.decode()
    client.force_login(kades_caruy)
    page = client.get(reverse("forums:thread_detail", args=[thread.pk])).content.decode()
    assert "Kalimat kasar" not in page and "disembunyikan oleh koordinator" in page
    assert client.get(reverse("forums:post_edit", args=[reply.pk])).status_code == 404


def test_report_needs_a_reason_and_lands_in_the_queue(client, thread, kades_caruy, camat):
    post = thread.posts.get()
    url = reverse("forums:post_report", args=[post.pk])
    login(client, kades_caruy)
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200 and "Alasan wajib diisi." in response.content.decode()
    assert client.post(url, {"reason": "Menyinggung desa lain"}).status_code == 302
    assert client.post(url, {"reason": "Lagi"}).status_code == 302  # a second report is not duplicated
    assert PostReport.objects.count() == 1
    client.force_login(camat)
    queue = client.get(reverse("forums:report_queue", args=[thread.network.slug])).content.decode()
    assert "Menyinggung desa lain" in queue
    report = PostReport.objects.get()
    client.post(reverse("forums:report_resolve", args=[report.pk]))
    report.refresh_from_db()
    assert report.resolved_by == camat
    assert "Menyinggung" not in client.get(reverse("forums:report_queue", args=[thread.network.slug])).content.decode()


def test_members_cannot_resolve_reports(client, thread, kades_caruy):
    report = PostReport.objects.create(post=thread.posts.get(), reporter=kades_caruy, reason="x")
    login(client, kades_caruy)
    assert client.post(reverse("forums:report_resolve", args=[report.pk])).status_code == 404


def test_listed_coordinator_of_thematic_network_moderates(thread, kades_caruy, cipari):
    cipari.coordinators.add(kades_caruy)
    assert rules.is_network_coordinator(kades_caruy, cipari)


def test_login_with_password_works_for_members(client, thread, kades_caruy):
    assert client.login(email=kades_caruy.email, password=PASSWORD)
    assert client.get(reverse("forums:thread_detail", args=[thread.pk])).status_code == 200


def test_permission_rules_directly(thread, sekdes, kades_caruy, outsider, camat):
    assert rules.can_read_thread(sekdes, thread) and rules.can_read_thread(kades_caruy, thread)
    assert not rules.can_read_thread(outsider, thread)
    assert rules.can_edit_post(sekdes, thread.posts.get())
    assert not rules.can_edit_post(kades_caruy, thread.posts.get())
    assert rules.can_moderate(camat, thread) and not rules.can_moderate(sekdes, thread)
    other = official(thread.posts.get().author_village, "STAF")
    assert rules.can_reply(other, thread)
