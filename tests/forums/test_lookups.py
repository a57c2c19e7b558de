"""forums.rules' get_…_or_404: an outsider gets the same 404 for an existing object as for a missing one."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from forums import rules
from forums.discussions import start_thread
from forums.models import NetworkMembership, Post, PostAttachment, PostReport, Thread
from tests.factories import UserFactory
from tests.lookups import assert_hidden, missing_pk

pytestmark = pytest.mark.django_db


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def thread(cipari, sekdes):
    return start_thread(cipari, sekdes, "Musdes anggaran 2026", "Mari bahas **APBDes**.", [png()])


def test_network_page_is_for_officials_and_staff(cipari, outsider):
    assert rules.get_network_or_404(outsider, cipari.slug) == cipari
    assert rules.can_see_network(outsider, cipari)
    assert not rules.can_see_network(UserFactory(), cipari)
    assert_hidden(rules.get_network_or_404, UserFactory(), cipari.slug, "tidak-ada")


def test_network_discussions_and_moderation_by_rule(cipari, outsider, kades_caruy, camat):
    assert rules.get_network_or_404(kades_caruy, cipari.slug, rule=rules.can_read_network) == cipari
    assert_hidden(rules.get_network_or_404, outsider, cipari.slug, "tidak-ada", rule=rules.can_read_network)
    assert rules.get_network_or_404(camat, cipari.slug, rule=rules.is_network_coordinator) == cipari
    assert_hidden(rules.get_network_or_404, kades_caruy, cipari.slug, "tidak-ada", rule=rules.is_network_coordinator)


def test_membership(cipari, caruy_village, sekdes, camat):
    membership = NetworkMembership.objects.get(network=cipari, village=caruy_village)
    remove = rules.can_remove_from_network
    assert rules.get_membership_or_404(camat, membership.pk, rule=remove) == membership
    assert_hidden(rules.get_membership_or_404, sekdes, membership.pk, missing_pk(NetworkMembership), rule=remove)
    assert_hidden(
        rules.get_membership_or_404, UserFactory(), membership.pk, missing_pk(NetworkMembership), rule=lambda u, m: True
    )


def test_thread(thread, outsider, kades_caruy, camat):
    assert rules.get_thread_or_404(kades_caruy, thread.pk) == thread
    assert_hidden(rules.get_thread_or_404, outsider, thread.pk, missing_pk(Thread))
    assert rules.get_thread_or_404(camat, thread.pk, rule=rules.can_moderate) == thread
    assert_hidden(rules.get_thread_or_404, kades_caruy, thread.pk, missing_pk(Thread), rule=rules.can_moderate)


def test_post(thread, sekdes, outsider, kades_caruy):
    post = thread.posts.get()
    assert rules.get_post_or_404(kades_caruy, post.pk) == post
    assert rules.get_post_or_404(sekdes, post.pk, rule=rules.can_edit_post) == post
    assert_hidden(rules.get_post_or_404, outsider, post.pk, missing_pk(Post))
    assert_hidden(rules.get_post_or_404, kades_caruy, post.pk, missing_pk(Post), rule=rules.can_edit_post)


def test_post_attachment(thread, outsider, kades_caruy):
    attachment = PostAttachment.objects.get(post__thread=thread)
    assert rules.get_post_attachment_or_404(kades_caruy, attachment.pk) == attachment
    assert_hidden(rules.get_post_attachment_or_404, outsider, attachment.pk, missing_pk(PostAttachment))


def test_post_report_is_for_coordinators(thread, kades_caruy, camat):
    report = PostReport.objects.create(post=thread.posts.get(), reporter=kades_caruy, reason="Tidak sopan")
    assert rules.can_handle_post_report(camat, report)
    assert not rules.can_handle_post_report(kades_caruy, report)
    assert rules.get_post_report_or_404(camat, report.pk) == report
    assert_hidden(rules.get_post_report_or_404, kades_caruy, report.pk, missing_pk(PostReport))
