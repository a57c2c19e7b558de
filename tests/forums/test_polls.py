"""Quick polls in a network's forum: starting one (2–10 choices, a closing time in the network's
zone), one vote per person while open, results after voting or closing, 404 for everyone else."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from forums import polls
from forums.models import Network, Poll, PollVote
from regions.models import Region
from tests.factories import VillageFactory
from tests.people import *  # noqa: F403 - the shared fixtures
from tests.people import official

WIB = ZoneInfo("Asia/Jakarta")


def start(network, user, closes_in=timedelta(days=3), choices=("Senin", "Rabu", "Jumat")):
    return polls.start_poll(
        network, user, "Hari apa rapat BUMDes bulan depan?", list(choices), timezone.now() + closes_in
    )


def form(**overrides):
    data = {"question": "Hari apa rapat BUMDes bulan depan?", "choices": "Senin\nRabu\nJumat", "closes_at": ""}
    later = (timezone.now() + timedelta(days=2)).astimezone(WIB)
    data["closes_at"] = later.strftime("%Y-%m-%dT%H:%M")
    return {**data, **overrides}


# ---- Starting a poll ----


@time_machine.travel(datetime(2030, 3, 1, 9, 0, tzinfo=WIB), tick=False)
def test_member_starts_a_poll_closing_at_network_time(client, cipari, sekdes):
    client.force_login(sekdes)
    response = client.post(
        reverse("forums:poll_create", args=[cipari.slug]),
        form(closes_at="2030-03-04T17:00", choices="Senin\n\n  Rabu  \nJumat"),
    )
    poll = Poll.objects.get()
    assert response.url == poll.get_absolute_url()
    assert poll.closes_at == datetime(2030, 3, 4, 17, 0, tzinfo=WIB)
    assert [c.text for c in poll.choices.all()] == ["Senin", "Rabu", "Jumat"]
    assert (poll.network, poll.created_by) == (cipari, sekdes)
    assert "Senin, 4 Maret 2030 17.00 WIB" in client.get(poll.get_absolute_url()).content.decode()


@time_machine.travel(datetime(2030, 3, 1, 9, 0, tzinfo=WIB), tick=False)
def test_a_bali_network_speaks_wita(client, regions):
    ubud = VillageFactory(region=Region.objects.get(code="51.04.05.2001"))
    kades = official(ubud, "KADES")
    network = Network.objects.get(kind=Network.Kind.KECAMATAN, cover_region__code="51.04.05")
    client.force_login(kades)
    page = client.get(reverse("forums:poll_create", args=[network.slug])).content.decode()
    assert "Waktu WITA" in page
    client.post(reverse("forums:poll_create", args=[network.slug]), form(closes_at="2030-03-04T17:00"))
    assert Poll.objects.get().closes_at == datetime(2030, 3, 4, 17, 0, tzinfo=ZoneInfo("Asia/Makassar"))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"choices": "Senin"}, "Tulis paling sedikit dua pilihan, satu per baris."),
        ({"choices": "\n".join(f"Pilihan {i}" for i in range(11))}, "Paling banyak 10 pilihan."),
        ({"choices": "Senin\nsenin"}, "Ada pilihan yang ditulis dua kali."),
        ({"closes_at": "2020-01-01T10:00"}, "Waktu tutup harus nanti, bukan yang sudah lewat."),
        ({"closes_at": "2099-01-01T10:00"}, "Jajak pendapat paling lama dibuka 90 hari."),
        ({"closes_at": "besok sore"}, "Masukkan tanggal dan jam yang benar."),
        ({"question": ""}, "Tulis pertanyaannya."),
    ],
)
def test_bad_input_redisplays_in_indonesian(client, cipari, sekdes, overrides, message):
    client.force_login(sekdes)
    response = client.post(reverse("forums:poll_create", args=[cipari.slug]), form(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Hari apa rapat BUMDes" in html or overrides.get("question") == ""
    assert not Poll.objects.exists()


def test_ten_choices_are_allowed(cipari, sekdes):
    poll = start(cipari, sekdes, choices=[f"Pilihan {i}" for i in range(10)])
    assert poll.choices.count() == 10


# ---- Voting and results ----


def test_members_vote_once_and_then_see_results(client, cipari, sekdes, kades_caruy):
    poll = start(cipari, sekdes)
    senin, rabu, _jumat = poll.choices.all()
    client.force_login(kades_caruy)
    before = client.get(poll.get_absolute_url()).content.decode()
    assert "Hasil terlihat setelah Anda memilih." in before and "poll-results" not in before
    client.post(reverse("forums:poll_vote", args=[poll.pk]), {"choice": rabu.pk})
    after = client.get(poll.get_absolute_url()).content.decode()
    assert "Hasil: 1 suara" in after and "pilihan Anda" in after and "100%" in after
    assert 'name="choice"' not in after
    response = client.post(reverse("forums:poll_vote", args=[poll.pk]), {"choice": senin.pk}, follow=True)
    assert "Anda sudah memilih" in response.content.decode()
    assert list(PollVote.objects.values_list("choice", flat=True)) == [rabu.pk]


def test_one_vote_per_person_is_a_database_constraint(cipari, sekdes):
    poll = start(cipari, sekdes)
    first, second, _third = poll.choices.all()
    PollVote.objects.create(poll=poll, choice=first, user=sekdes)
    with pytest.raises(IntegrityError):
        PollVote.objects.create(poll=poll, choice=second, user=sekdes)


def test_a_choice_of_another_poll_is_refused(client, cipari, sekdes):
    poll, other = start(cipari, sekdes), start(cipari, sekdes)
    client.force_login(sekdes)
    response = client.post(reverse("forums:poll_vote", args=[poll.pk]), {"choice": other.choices.first().pk})
    assert response.status_code == 400
    assert "Pilih salah satu pilihan." in response.content.decode()
    assert not PollVote.objects.exists()


def test_after_closing_no_votes_and_results_for_all_members(client, cipari, sekdes, kades_caruy):
    poll = start(cipari, sekdes, closes_in=timedelta(hours=1))
    polls.vote(poll, sekdes, poll.choices.first().pk)
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        client.force_login(kades_caruy)
        page = client.get(poll.get_absolute_url()).content.decode()
        assert "Hasil: 1 suara" in page and 'name="choice"' not in page and "ditutup" in page
        client.post(reverse("forums:poll_vote", args=[poll.pk]), {"choice": poll.choices.last().pk})
        with pytest.raises(polls.VoteRefused):
            polls.vote(poll, kades_caruy, poll.choices.last().pk)
    assert PollVote.objects.count() == 1


def test_non_members_get_404(client, cipari, sekdes, outsider):
    poll = start(cipari, sekdes)
    client.force_login(outsider)
    for url in (
        reverse("forums:poll_list", args=[cipari.slug]),
        reverse("forums:poll_create", args=[cipari.slug]),
        poll.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("forums:poll_vote", args=[poll.pk]), {"choice": poll.choices.first().pk}).status_code == 404
    )
    assert client.post(reverse("forums:poll_create", args=[cipari.slug]), form()).status_code == 404
    assert not PollVote.objects.exists() and Poll.objects.count() == 1


def test_staff_covering_the_kecamatan_take_part(client, cipari, sekdes, camat):
    poll = start(cipari, sekdes)
    client.force_login(camat)
    assert client.get(reverse("forums:poll_list", args=[cipari.slug])).status_code == 200
    client.post(reverse("forums:poll_vote", args=[poll.pk]), {"choice": poll.choices.first().pk})
    assert PollVote.objects.get().user == camat


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_is_fixed(client, cipari, sekdes, kades_caruy, count, django_assert_max_num_queries):
    for i in range(count):
        poll = start(cipari, sekdes, closes_in=timedelta(days=1 + i % 3))
        polls.vote(poll, kades_caruy, poll.choices.first().pk)
    client.force_login(sekdes)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("forums:poll_list", args=[cipari.slug]))
    html = response.content.decode()
    assert html.count("Hari apa rapat BUMDes") == min(count, 20)
    assert "1 suara" in html
