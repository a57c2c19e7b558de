"""An agreement page can be shared to WhatsApp with its title and a link to the host the user is on."""

import pytest
from django.urls import reverse

from tests.cooperation.test_lifecycle import coop, make_agreement  # noqa: F401 - fixture
from tests.share_links import whatsapp_text

pytestmark = pytest.mark.django_db
HOST = "testserver:8123"


def test_agreement_page_shares_title_and_absolute_link(client, coop, django_assert_num_queries):  # noqa: F811
    agreement = make_agreement(coop, title="Pasar desa bersama")
    client.force_login(coop["cirahab_mgr"])
    url = reverse("cooperation:agreement_detail", args=[agreement.pk])
    client.get(url, HTTP_HOST=HOST)
    with django_assert_num_queries(18):
        page = client.get(url, HTTP_HOST=HOST).content.decode()
    text = whatsapp_text(page)
    assert text == f"Kerja sama antar desa: Pasar desa bersama\nhttp://{HOST}/kerja-sama/{agreement.pk}/"
    assert "Bagikan ke WhatsApp" in page
