"""A meeting that runs past midnight says it ends the next day, wherever its time is shown."""

import pytest
from django.urls import reverse

from meetings import services

from .conftest import local, make_meeting
from .test_pages import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_meeting(camat, network):
    return make_meeting(
        camat,
        host_region=network.cover_region,
        audience_kind="network",
        audience_network=network,
        title="Ronda malam",
        start=local(2030, 3, 4, 23, 58),
        hours=2,
    )


def test_time_range_in_a_day_past_midnight_and_over_days(late_meeting):
    assert late_meeting.time_range() == "23.58–01.58 WIB (esok hari)"
    same_day = make_meeting(late_meeting.created_by, host_region=late_meeting.host_region, start=local(2030, 3, 4, 9))
    assert same_day.time_range() == "09.00–11.00 WIB"
    camp = make_meeting(
        late_meeting.created_by, host_region=late_meeting.host_region, start=local(2030, 3, 4, 8), hours=50
    )
    assert camp.time_range() == "08.00–10.00 WIB (sampai Rabu, 6 Maret 2030)"


def test_pages_and_mails_say_it_ends_the_next_day(client, late_meeting, sekdes):
    login(client, sekdes)
    detail = client.get(reverse("meetings:detail", args=[late_meeting.pk])).content.decode()
    assert "Senin, 4 Maret 2030 · 23.58–01.58 WIB (esok hari)" in detail
    listing = client.get(reverse("meetings:list")).content.decode()
    assert "23.58–01.58 WIB (esok hari)" in listing
    assert services.meeting_when(late_meeting) == "Senin, 4 Maret 2030, 23.58–01.58 WIB (esok hari)"
