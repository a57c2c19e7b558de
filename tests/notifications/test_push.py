"""Web Push: the sending side against a push service run in the test, which decrypts what arrives
with the subscription's own keys; subscribing through the endpoints; the preference."""

import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from core import scheduler
from notifications.models import NotificationKind, NotificationSetting, PushMessage, PushSubscription
from notifications.services import notify
from tests.factories import UserFactory

TEMPLATE = "notifications/emails/notice"
PUSH_JOB = "notifications.pushmessage"


@pytest.fixture(autouse=True)
def _site_root(settings):
    settings.SITE_ROOT = "https://forumdesa.test"


def subscribe(user, browser):
    info = browser.subscription_json()
    return PushSubscription.objects.create(
        user=user, endpoint=info["endpoint"], p256dh=info["keys"]["p256dh"], auth=info["keys"]["auth"]
    )


def send(users, key="event:1", kind=NotificationKind.DISCUSSIONS, **kwargs):
    context = {"title": "Balasan baru: Jadwal posyandu", "message": "Sekdes Caruy membalas di forum."}
    return notify(users, kind=kind, key=key, template=TEMPLATE, context=context, url="/forum/7/", **kwargs)


def test_notification_arrives_encrypted_with_title_body_and_link(
    db, vapid, push_service, django_capture_on_commit_callbacks
):
    user = UserFactory()
    phone = push_service.browser("phone")
    subscribe(user, phone)
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = send([user])
    (message,) = push_service.messages_for(phone)
    assert message["title"] == "Balasan baru: Jadwal posyandu"
    assert "Sekdes Caruy membalas di forum." in message["body"]
    # The link opens the notification, which marks it read and goes on to /forum/7/.
    assert message["url"] == f"https://forumdesa.test/akun/notifikasi/{notification.pk}/"
    _name, headers, _body = push_service.received[0]
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["ttl"] == "86400"
    assert headers["authorization"].startswith("vapid t=") and f"k={vapid}" in headers["authorization"]
    assert len(mail.outbox) == 1  # the email goes out as before


def test_one_push_per_subscription_and_never_twice(db, vapid, push_service, django_capture_on_commit_callbacks):
    user = UserFactory()
    phone, tablet = push_service.browser("phone"), push_service.browser("tablet")
    subscribe(user, phone)
    subscribe(user, tablet)
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
        send([user])  # the same event: one notification
    # A late scan (the task also ran) finds nothing left to send.
    assert scheduler.run_due(labels=[PUSH_JOB]) == {}
    assert len(push_service.messages_for(phone)) == 1
    assert len(push_service.messages_for(tablet)) == 1
    assert PushMessage.objects.filter(outcome="sent").count() == 2


def test_scan_sends_pushes_whose_task_was_lost(db, vapid, push_service, django_capture_on_commit_callbacks):
    user = UserFactory()
    phone = push_service.browser("phone")
    subscribe(user, phone)
    with django_capture_on_commit_callbacks(execute=False):
        send([user])
    assert push_service.received == []
    assert scheduler.sent(scheduler.run_due(labels=[PUSH_JOB])) == 1
    assert len(push_service.messages_for(phone)) == 1


@pytest.mark.parametrize("status", [404, 410])
def test_gone_subscription_is_deleted(db, vapid, push_service, status, django_capture_on_commit_callbacks):
    user = UserFactory()
    old, new = push_service.browser("old"), push_service.browser("new")
    subscribe(user, old)
    subscribe(user, new)
    push_service.status["old"] = status
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [new.endpoint]
    assert len(push_service.messages_for(new)) == 1
    # Nothing is retried for the deleted one.
    assert scheduler.run_due(labels=[PUSH_JOB]) == {}
    with django_capture_on_commit_callbacks(execute=True):
        send([user], key="event:2")
    assert len(push_service.messages_for(new)) == 2


def test_push_service_error_is_retried_later(db, vapid, push_service, django_capture_on_commit_callbacks, settings):
    settings.SCHEDULER_CLAIM_TIMEOUT = 0
    user = UserFactory()
    phone = push_service.browser("phone")
    subscribe(user, phone)
    push_service.status["phone"] = 503
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
    assert push_service.received == []
    assert PushSubscription.objects.count() == 1
    push_service.status["phone"] = 201
    assert scheduler.sent(scheduler.run_due(labels=[PUSH_JOB])) == 1
    assert len(push_service.messages_for(phone)) == 1


def test_push_follows_the_preference_per_kind(db, vapid, push_service, django_capture_on_commit_callbacks):
    user = UserFactory()
    phone = push_service.browser("phone")
    subscribe(user, phone)
    NotificationSetting.objects.create(user=user, kind=NotificationKind.DISCUSSIONS, push=False)
    with django_capture_on_commit_callbacks(execute=True):
        send([user], key="reply:1", kind=NotificationKind.DISCUSSIONS)
        send([user], key="meeting:1", kind=NotificationKind.MEETINGS)
    assert [m["tag"] for m in push_service.messages_for(phone)] == ["meeting:1"]


def test_pushed_even_when_email_is_off_or_sent_by_the_caller(
    db, vapid, push_service, django_capture_on_commit_callbacks
):
    # A meeting reminder mails its own .ics and calls notify(email=False): the phone still hears it.
    user = UserFactory()
    phone = push_service.browser("phone")
    subscribe(user, phone)
    with django_capture_on_commit_callbacks(execute=True):
        send([user], kind=NotificationKind.MEETINGS, email=False, transactional=True)
    assert len(push_service.messages_for(phone)) == 1
    assert mail.outbox == []


def test_without_keys_nothing_is_pushed_and_the_channel_is_hidden(
    db, client, push_service, django_capture_on_commit_callbacks
):
    user = UserFactory()
    subscribe(user, push_service.browser("phone"))
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
    assert PushMessage.objects.count() == 0
    client.force_login(user)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Notifikasi di ponsel" not in page
    assert "Juga ke ponsel" not in page
    response = client.post(
        reverse("notifications:push_subscribe"),
        json.dumps(push_service.browser("x").subscription_json()),
        content_type="application/json",
    )
    assert response.status_code == 404


def test_settings_page_offers_push_next_to_email(db, client, vapid):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Notifikasi di ponsel" in page
    assert "Belum ada perangkat yang menerima notifikasi push." in page
    assert f'data-push-key="{vapid}"' in page
    assert page.count("Juga ke ponsel (notifikasi push)") == len(NotificationKind.choices)
    data = {kind: "immediate" for kind, _ in NotificationKind.choices}
    data["meetings_push"] = "on"
    client.post(reverse("notifications:settings"), data)
    pushes = dict(NotificationSetting.objects.filter(user=user).values_list("kind", "push"))
    assert pushes["meetings"] is True and pushes["discussions"] is False


def test_subscribe_needs_login_csrf_and_a_valid_subscription(db, vapid, push_service, settings):
    from django.test import Client

    user = UserFactory()
    browser = push_service.browser("phone")
    url = reverse("notifications:push_subscribe")
    body = json.dumps(browser.subscription_json())

    anonymous = Client()
    assert anonymous.post(url, body, content_type="application/json").status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(url, body, content_type="application/json").status_code == 403
    strict.get(reverse("notifications:settings"))
    token = strict.cookies["csrftoken"].value
    assert strict.get(url).status_code == 405
    assert strict.post(url, "{}", content_type="application/json", HTTP_X_CSRFTOKEN=token).status_code == 400
    assert strict.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token).status_code == 201
    sub = PushSubscription.objects.get()
    assert (sub.user, sub.endpoint) == (user, browser.endpoint)

    settings.PUSH_ALLOW_HTTP_ENDPOINTS = False
    other = push_service.browser("other")
    refused = strict.post(
        url, json.dumps(other.subscription_json()), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert refused.status_code == 400


def test_shared_phone_moves_to_the_last_user_and_unsubscribe_is_per_user(db, client, vapid, push_service):
    first, second = UserFactory(), UserFactory()
    browser = push_service.browser("phone")
    body = json.dumps(browser.subscription_json())
    for user in (first, second):
        client.force_login(user)
        client.post(reverse("notifications:push_subscribe"), body, content_type="application/json")
    assert PushSubscription.objects.get().user == second
    client.force_login(first)
    stop = json.dumps({"endpoint": browser.endpoint})
    client.post(reverse("notifications:push_unsubscribe"), stop, content_type="application/json")
    assert PushSubscription.objects.count() == 1  # not first's to stop
    client.force_login(second)
    client.post(reverse("notifications:push_unsubscribe"), stop, content_type="application/json")
    assert PushSubscription.objects.count() == 0


def test_vapid_keys_command_prints_a_usable_pair(
    db, capsys, settings, push_service, django_capture_on_commit_callbacks
):
    call_command("vapid_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    settings.VAPID_PUBLIC_KEY = lines["VAPID_PUBLIC_KEY"]
    settings.VAPID_PRIVATE_KEY = lines["VAPID_PRIVATE_KEY"]
    settings.PUSH_ALLOW_HTTP_ENDPOINTS = True
    user = UserFactory()
    phone = push_service.browser("phone")
    subscribe(user, phone)
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
    assert len(push_service.messages_for(phone)) == 1
    assert f"k={lines['VAPID_PUBLIC_KEY']}" in push_service.received[0][1]["authorization"]
