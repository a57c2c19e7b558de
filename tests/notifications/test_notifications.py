from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import EmailMode, Notification, NotificationKind, NotificationSetting
from notifications.services import notify
from notifications.tasks import deliver_notification, send_digests, send_pending_notifications
from tests.factories import UserFactory

TEMPLATE = "notifications/emails/notice"


def send(users, key="event:1", kind=NotificationKind.DISCUSSIONS, **kwargs):
    context = {"title": "Kabar: Rapat desa", "message": "Rapat desa dipindah ke balai desa."}
    return notify(users, kind=kind, key=key, template=TEMPLATE, context=context, url="/desa/", **kwargs)


def test_notify_records_and_emails_once_after_commit(db, django_capture_on_commit_callbacks):
    user = UserFactory(full_name="Siti Rahayu")
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
    notification = Notification.objects.get()
    assert notification.title == "Kabar: Rapat desa"
    assert notification.email_state == Notification.Email.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[ForumDesa] Kabar: Rapat desa"
    assert "Halo Siti" in mail.outbox[0].body and "/desa/" in mail.outbox[0].body


def test_same_event_notifies_once(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
        send([user])
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_task_running_twice_sends_one_mail(db):
    user = UserFactory()
    send([user])  # on_commit never fires inside the test transaction: deliver by hand, twice
    pk = Notification.objects.get().pk
    assert deliver_notification(pk) == "sent"
    assert deliver_notification(pk) == "already handled"
    assert len(mail.outbox) == 1


def test_email_is_in_the_recipients_language(db, django_capture_on_commit_callbacks):
    user = UserFactory(full_name="Made Suarta", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
    assert "Hello Made" in mail.outbox[0].body


def test_preferences_digest_and_off(db, django_capture_on_commit_callbacks):
    digest, off, immediate = UserFactory(), UserFactory(), UserFactory()
    NotificationSetting.objects.create(user=digest, kind=NotificationKind.DISCUSSIONS, email=EmailMode.DIGEST)
    NotificationSetting.objects.create(user=off, kind=NotificationKind.DISCUSSIONS, email=EmailMode.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        send([digest, off, immediate])
    assert [m.to for m in mail.outbox] == [[immediate.email]]
    assert Notification.objects.filter(recipient=off).get().email_state == Notification.Email.SKIPPED

    assert send_digests() == 1
    assert mail.outbox[-1].to == [digest.email]
    assert "Ringkasan harian: 1 kabar baru" in mail.outbox[-1].subject
    assert send_digests() == 0  # nothing twice


def test_transactional_messages_ignore_preferences(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    NotificationSetting.objects.create(user=user, kind=NotificationKind.APPROVALS, email=EmailMode.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        send([user], kind=NotificationKind.APPROVALS, transactional=True)
    assert len(mail.outbox) == 1


def test_lost_tasks_are_caught_by_the_periodic_scan(db, time_machine):
    user = UserFactory()
    send([user])  # the on_commit task never ran, as when the broker was down
    assert send_pending_notifications() == 0  # too fresh: its own task may still come
    time_machine.move_to(timezone.now() + timedelta(minutes=5))
    assert send_pending_notifications() == 1
    assert len(mail.outbox) == 1


def test_actor_is_not_notified_of_their_own_action(db):
    actor, other = UserFactory(), UserFactory()
    created = send([actor, other], exclude=actor)
    assert [n.recipient for n in created] == [other]


def test_bell_list_and_mark_read(client, db):
    user = UserFactory()
    send([user], key="a")
    send([user], key="b")
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert 'id="bell-count">2<' in html
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.count("Kabar: Rapat desa") == 2
    first = Notification.objects.filter(recipient=user).first()
    response = client.get(reverse("notifications:open", args=[first.pk]))
    assert response["Location"] == "/desa/"
    assert 'id="bell-count">1<' in client.get(reverse("home")).content.decode()
    client.post(reverse("notifications:read_all"))
    assert "bell-count" not in client.get(reverse("home")).content.decode()


def test_someone_elses_notification_is_404(client, db):
    send([UserFactory()])
    client.force_login(UserFactory())
    assert client.get(reverse("notifications:open", args=[Notification.objects.get().pk])).status_code == 404


def test_settings_page_saves_choices(client, db):
    user = UserFactory()
    client.force_login(user)
    data = dict.fromkeys(NotificationKind.values, EmailMode.IMMEDIATE)
    data[NotificationKind.DISCUSSIONS] = EmailMode.DIGEST
    assert client.post(reverse("notifications:settings"), data).status_code == 302
    assert NotificationSetting.objects.get(user=user, kind="discussions").email == EmailMode.DIGEST


def test_notification_list_costs_fixed_queries(client, db, django_assert_max_num_queries):
    user = UserFactory()
    for i in range(30):
        send([user], key=f"e{i}")
    client.force_login(user)
    with django_assert_max_num_queries(8):
        client.get(reverse("notifications:list"))
