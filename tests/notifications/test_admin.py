"""The notification mails and digests in the admin: what went out, what failed and why."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from notifications.models import DailyDigest, Notification, NotificationEmail
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def email_jobs(count):
    now = timezone.now()
    for i in range(count):
        notification = Notification.objects.create(
            recipient=UserFactory(), kind="discussions", key=f"e{i}", title=f"Kabar nomor {i}", body="Isi."
        )
        NotificationEmail.objects.create(
            notification=notification, due_at=now, done_at=now, outcome="failed", last_error="SMTP 421"
        )
        DailyDigest.objects.create(recipient=notification.recipient, day=now.date(), due_at=now)


@pytest.mark.parametrize("count", [3, 30])
def test_job_lists_cost_fixed_queries(admin_client, count, django_assert_max_num_queries):
    email_jobs(count)
    with django_assert_max_num_queries(7):
        emails = admin_client.get(reverse("admin:notifications_notificationemail_changelist"))
    with django_assert_max_num_queries(9):  # two more for the date hierarchy
        digests = admin_client.get(reverse("admin:notifications_dailydigest_changelist"))
    assert emails.status_code == digests.status_code == 200
    html = emails.content.decode()
    assert "Kabar nomor 0" in html and "failed" in html
    assert escape(str(DailyDigest.objects.first().recipient)) in digests.content.decode()


def test_failed_mail_shows_its_error(admin_client):
    email_jobs(1)
    job = NotificationEmail.objects.get()
    html = admin_client.get(reverse("admin:notifications_notificationemail_change", args=[job.pk])).content.decode()
    assert "SMTP 421" in html
