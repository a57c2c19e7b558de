"""Mentions, watching and muting, and reply notifications (emailed once)."""

import pytest
from django.core import mail
from django.urls import reverse

from core.tasks import run_job
from forums.discussions import add_reply, edit_post, find_mentions, start_thread
from forums.models import ThreadReader
from notifications.models import Notification, NotificationEmail
from tests.factories import UserFactory
from tests.people import official, staff


@pytest.fixture
def thread(cipari, sekdes):
    return start_thread(cipari, sekdes, "Pelatihan BUMDes", "Siapa ikut pelatihan?")


def test_longest_name_wins_and_unknown_names_are_ignored(db):
    siti = UserFactory(full_name="Siti Rahayu")
    siti_putri = UserFactory(full_name="Siti Rahayu Putri")
    budi = UserFactory(full_name="Budi")
    text = "Tolong @siti rahayu putri cek, dan @Budi juga. @Budiman bukan orang sini. Email a@b.id"
    assert find_mentions(text, [siti, siti_putri, budi]) == [siti_putri, budi]
    assert find_mentions("@Siti Rahayu, tolong.", [siti, siti_putri]) == [siti]


def test_mention_notifies_readers_only(thread, kades_caruy, outsider, sekdes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_reply(thread, kades_caruy, "Bagaimana @Siti Rahayu dan @Joko Lumbir?")
    mention = Notification.objects.get(recipient=sekdes)
    assert mention.key.startswith("discussion-mention:")
    assert "Bambang Sutrisno menyebut Anda" in mention.title
    assert not Notification.objects.filter(recipient=outsider).exists()
    # Siti is also a watcher (she started the thread) but hears about this post once.
    assert Notification.objects.filter(recipient=sekdes).count() == 1
    assert [m.to for m in mail.outbox] == [[sekdes.email]]


def test_watchers_hear_of_replies_but_not_the_replier_nor_the_muted(
    thread, sekdes, kades_caruy, caruy_village, django_capture_on_commit_callbacks
):
    muted = official(caruy_village, "STAF")
    add_reply(thread, muted, "Saya ikut.")  # replying makes them watch...
    ThreadReader.objects.filter(thread=thread, user=muted).update(watch=ThreadReader.Watch.MUTED)  # ...until muted
    with django_capture_on_commit_callbacks(execute=True):
        reply = add_reply(thread, kades_caruy, "Saya juga ikut.")
    keys = set(
        Notification.objects.filter(key=f"discussion-reply:{reply.pk}").values_list("recipient__email", flat=True)
    )
    assert keys == {sekdes.email}
    assert ThreadReader.objects.get(thread=thread, user=kades_caruy).watch == ThreadReader.Watch.WATCHING
    assert len(mail.outbox) == 1 and "Balasan baru" in mail.outbox[0].subject


def test_muted_author_stays_muted_after_replying(thread, sekdes, kades_caruy):
    ThreadReader.objects.filter(thread=thread, user=sekdes).update(watch=ThreadReader.Watch.MUTED)
    add_reply(thread, sekdes, "Tambahan.")
    add_reply(thread, kades_caruy, "Oke.")
    assert ThreadReader.objects.get(thread=thread, user=sekdes).watch == ThreadReader.Watch.MUTED
    assert not Notification.objects.filter(recipient=sekdes).exists()


def test_reply_notification_is_emailed_once_when_the_task_runs_twice(thread, kades_caruy, sekdes):
    reply = add_reply(thread, kades_caruy, "Jadwal pelatihan Senin.")
    notification = Notification.objects.get(recipient=sekdes, key=f"discussion-reply:{reply.pk}")
    pk = NotificationEmail.objects.get(notification=notification).pk
    assert run_job("notifications.notificationemail", pk) == "sent"
    assert run_job("notifications.notificationemail", pk) is None
    assert len(mail.outbox) == 1
    assert "Bambang Sutrisno membalas" in mail.outbox[0].body
    assert f"/diskusi/{thread.pk}/#post-{reply.pk}" in mail.outbox[0].body


def test_editing_tells_only_the_newly_mentioned(thread, sekdes, kades_caruy, caruy_village):
    other = official(caruy_village, "KAUR_KEU", full_name="Dewi Lestari")
    reply = add_reply(thread, kades_caruy, "Halo @Siti Rahayu")
    edit_post(reply, "Halo @Siti Rahayu dan @Dewi Lestari")
    assert Notification.objects.filter(recipient=sekdes, key__startswith="discussion-mention").count() == 1
    assert Notification.objects.filter(recipient=other, key=f"discussion-mention:{reply.pk}").count() == 1


def test_staff_in_scope_can_be_mentioned(thread, kades_caruy):
    dpmd = staff("33.01", full_name="Rina DPMD")
    add_reply(thread, kades_caruy, "@Rina DPMD mohon arahan.")
    assert Notification.objects.filter(recipient=dpmd).exists()


def test_watch_buttons(client, thread, kades_caruy):
    client.force_login(kades_caruy)
    url = reverse("forums:thread_watch", args=[thread.pk])
    client.post(url, {"watch": "watching"})
    assert ThreadReader.objects.get(thread=thread, user=kades_caruy).watch == "watching"
    client.post(url, {"watch": "muted"})
    assert ThreadReader.objects.get(thread=thread, user=kades_caruy).watch == "muted"
    assert client.post(url, {"watch": "bogus"}).status_code == 404


def test_form_explains_mentions(client, thread, kades_caruy):
    client.force_login(kades_caruy)
    page = client.get(reverse("forums:thread_detail", args=[thread.pk])).content.decode()
    assert "@Siti Rahayu" in page  # the help text's example


def test_replies_and_mentions_reach_the_phone(
    thread, sekdes, kades_caruy, caruy_village, vapid, push_service, django_capture_on_commit_callbacks
):
    staf = official(caruy_village, "STAF")
    add_reply(thread, staf, "Saya ikut.")  # now watching
    sekdes_phone = push_service.subscribe(sekdes, "sekdes")
    staf_phone = push_service.subscribe(staf, "staf")
    with django_capture_on_commit_callbacks(execute=True):
        add_reply(thread, kades_caruy, "Bagaimana @Siti Rahayu?")
    (mention,) = push_service.messages_for(sekdes_phone)
    assert "Bambang Sutrisno menyebut Anda" in mention["title"]
    (reply,) = push_service.messages_for(staf_phone)
    assert "Balasan baru" in reply["title"]
