"""A published practice can be shared to WhatsApp with its title and a link to the host the user is on."""

import pytest
from django.urls import reverse

from knowledge.models import Practice
from tests.factories import PASSWORD
from tests.knowledge.library import practice
from tests.share_links import whatsapp_text

pytestmark = pytest.mark.django_db
HOST = "testserver:8123"


def test_practice_page_shares_title_and_absolute_link(client, sekdes, serang_village, django_assert_num_queries):
    shared = practice(serang_village, sekdes, title="Lumbung pangan desa")
    assert client.login(email=sekdes.email, password=PASSWORD)
    url = reverse("knowledge:practice_detail", args=[shared.pk])
    client.get(url, HTTP_HOST=HOST)
    with django_assert_num_queries(18):
        page = client.get(url, HTTP_HOST=HOST).content.decode()
    text = whatsapp_text(page)
    assert f"Praktik baik dari Desa {serang_village.name}: Lumbung pangan desa" in text
    assert text.endswith(f"\nhttp://{HOST}/praktik/{shared.pk}/")
    assert "Bagikan ke WhatsApp" in page


def test_draft_has_no_share_link(client, sekdes, serang_village):
    draft = practice(serang_village, sekdes, status=Practice.Status.DRAFT)
    assert client.login(email=sekdes.email, password=PASSWORD)
    page = client.get(reverse("knowledge:practice_detail", args=[draft.pk])).content.decode()
    assert "wa.me" not in page
