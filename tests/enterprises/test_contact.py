"""'Hubungi desa': a signed-in user from elsewhere sends a message about an enterprise; the
village's managers get it in the portal (and by email, as they chose); nobody's address is shown;
a user who sends too many is refused."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from enterprises import services
from enterprises.models import Enterprise, EnterpriseMessage
from notifications.models import Notification


def url(enterprise):
    return reverse("enterprises:enterprise_detail", args=[enterprise.pk])


def test_message_reaches_the_managers_not_the_staff(
    client, tikar, sekdes, staf_serang, kades_caruy, caruy_village, django_capture_on_commit_callbacks
):
    sekdes.email = "siti.rahasia@serang.desa.id"
    sekdes.save()
    client.force_login(kades_caruy)
    page = client.get(url(tikar)).content.decode()
    assert "Hubungi desa" in page and "siti.rahasia@serang.desa.id" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(tikar), {"text": "Kami ingin memesan 50 tikar untuk balai desa."}, follow=True)
    assert "Pesan Anda dikirim ke pengelola Desa Serang." in response.content.decode()
    message = EnterpriseMessage.objects.get()
    assert message.sender == kades_caruy and message.sender_village == caruy_village
    notification = Notification.objects.get()
    assert notification.recipient == sekdes
    assert "KUB Pandan Wangi" in notification.title
    assert [m.to for m in mail.outbox] == [["siti.rahasia@serang.desa.id"]]
    assert "Kami ingin memesan 50 tikar" in mail.outbox[0].body and kades_caruy.email not in mail.outbox[0].body
    # The manager reads it on the page; the sender's address is not there either.
    client.force_login(sekdes)
    page = client.get(url(tikar)).content.decode()
    assert "Kami ingin memesan 50 tikar" in page and "Bambang Sutrisno" in page and kades_caruy.email not in page
    # Other officials of the village do not see the messages.
    client.force_login(staf_serang)
    assert "Kami ingin memesan 50 tikar" not in client.get(url(tikar)).content.decode()


def test_anonymous_is_asked_to_sign_in(client, tikar):
    page = client.get(url(tikar)).content.decode()
    assert "Masuk untuk mengirim pesan" in page
    response = client.post(url(tikar), {"text": "Halo"})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not EnterpriseMessage.objects.exists()


def test_the_village_does_not_message_itself(client, tikar, staf_serang):
    client.force_login(staf_serang)
    assert client.post(url(tikar), {"text": "Halo"}).status_code == 404
    assert not EnterpriseMessage.objects.exists()


def test_rate_limits(client, tikar, gula, kades_caruy, outsider):
    client.force_login(kades_caruy)
    for n in range(services.CONTACT_PER_ENTERPRISE_PER_DAY):
        client.post(url(tikar), {"text": f"Pesan {n}"})
    response = client.post(url(tikar), {"text": "Satu lagi"}, follow=True)
    assert "Anda sudah menghubungi desa ini tentang usaha ini hari ini." in response.content.decode()
    assert EnterpriseMessage.objects.count() == services.CONTACT_PER_ENTERPRISE_PER_DAY
    # A day later the same enterprise may be contacted again.
    later = timezone.now() + datetime.timedelta(days=1, minutes=1)
    services.contact_village(tikar, kades_caruy, "Besok lagi", now=later)


def test_hourly_limit_across_enterprises(tikar, gula, outsider, serang_village):
    third = Enterprise.objects.create(village=serang_village, name="Batik Serang", products="Batik", sector="kerajinan")
    now = timezone.now()
    for enterprise in (tikar, tikar, gula, gula, third):
        services.contact_village(enterprise, outsider, "Tanya harga", now=now)
    with pytest.raises(services.ContactRefused, match="dalam satu jam terakhir"):
        services.contact_village(third, outsider, "Tanya harga", now=now)
    # An hour later the hourly allowance is back.
    services.contact_village(third, outsider, "Tanya harga", now=now + datetime.timedelta(hours=1, minutes=1))
    assert EnterpriseMessage.objects.filter(sender=outsider).count() == 6
