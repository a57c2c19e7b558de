"""Links the site builds point at the host the user is on; mails, which have no request, use SITE_ROOT."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from meetings import services
from tests.share_links import whatsapp_text

from .test_pages import login

pytestmark = pytest.mark.django_db

HOST = "testserver:8123"


@pytest.fixture(autouse=True)
def _site_root(settings):
    settings.SITE_ROOT = "https://forumdesa.example.id"


def test_whatsapp_share_text_links_to_the_host_of_the_page(client, training, sekdes):
    login(client, sekdes)
    html = unquote(client.get(reverse("meetings:detail", args=[training.pk]), HTTP_HOST=HOST).content.decode())
    assert f"http://{HOST}/rapat/{training.pk}/" in html
    assert "forumdesa.example.id" not in html
    assert "127.0.0.1:8000" not in html


def test_qr_checkin_link_uses_the_host_of_the_page(client, training, camat):
    login(client, camat)
    html = client.get(reverse("meetings:attendance", args=[training.pk]), HTTP_HOST=HOST).content.decode()
    assert f"http://{HOST}/rapat/{training.pk}/hadir/" in html
    assert "forumdesa.example.id" not in html


def test_calendar_feed_link_and_ics_use_the_host_of_the_page(client, training, sekdes):
    login(client, sekdes)
    html = client.get(reverse("meetings:preferences"), HTTP_HOST=HOST).content.decode()
    assert f"http://{HOST}/rapat/kalender/" in html
    ics = client.get(reverse("meetings:ics", args=[training.pk]), HTTP_HOST=HOST).content.decode()
    assert f"http://{HOST}/rapat/{training.pk}/" in ics.replace("\r\n ", "")


def test_mails_link_to_site_root(training, sekdes, camat, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_action_item(training, what="Susun RKP Desa", due_date="2030-04-01", assignee_user=sekdes)
    assert [m.to for m in mailoutbox] == [[sekdes.email]]
    body = mailoutbox[0].body
    assert f"https://forumdesa.example.id/rapat/{training.pk}/#tindak-lanjut" in body
    assert "testserver" not in body


def test_send_to_whatsapp_group_has_title_time_in_host_zone_place_and_link(client, training, sekdes):
    login(client, sekdes)
    page = client.get(reverse("meetings:detail", args=[training.pk]), HTTP_HOST=HOST).content.decode()
    assert "Kirim ke grup WhatsApp" in page
    text = whatsapp_text(page)
    assert training.title in text
    assert training.time_range() in text
    assert training.place and training.place in text
    assert text.endswith(f"\nhttp://{HOST}/rapat/{training.pk}/")
