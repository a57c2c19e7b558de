"""QR check-in: only around the meeting's own time, and only for people who may attend it."""

from datetime import timedelta

import pytest
import time_machine

from meetings import services
from meetings.models import Registration

pytestmark = pytest.mark.django_db


def at(moment):
    return time_machine.travel(moment, tick=False)


def post_checkin(client, user, meeting):
    client.force_login(user)
    return client.post(services.checkin_url(meeting))


def test_a_code_shown_days_before_does_not_record_attendance(client, training, sekdes):
    services.register(training, sekdes)
    with at(training.starts_at - timedelta(days=7)):
        response = post_checkin(client, sekdes, training)
    assert response.status_code == 403
    html = response.content.decode()
    local_open = training.local_start - timedelta(hours=1)
    assert "Presensi belum dibuka" in html and f"{local_open:%H.%M} WIB" in html
    assert not training.registrations.get(user=sekdes).attended


@pytest.mark.parametrize(
    "offset",
    [timedelta(hours=-1), timedelta(minutes=-5), timedelta(hours=2), timedelta(hours=3)],  # meeting lasts 2 h
    ids=["opens-1h-before", "just-before", "at-the-end", "1h-after-the-end"],
)
def test_registered_official_checks_in_inside_the_window(client, training, sekdes, offset):
    services.register(training, sekdes)
    with at(training.starts_at + offset):
        response = post_checkin(client, sekdes, training)
    assert response.status_code == 200 and "kehadiran Anda sudah dicatat" in response.content.decode()
    assert training.registrations.get(user=sekdes).attended


def test_after_the_window_it_is_closed(client, training, sekdes):
    services.register(training, sekdes)
    with at(training.ends_at + timedelta(hours=1, minutes=1)):
        response = post_checkin(client, sekdes, training)
    assert response.status_code == 403 and "Presensi sudah ditutup" in response.content.decode()
    assert not training.registrations.get(user=sekdes).attended


def test_the_page_says_so_before_the_button_is_pressed(client, training, sekdes):
    services.register(training, sekdes)
    client.force_login(sekdes)
    with at(training.starts_at - timedelta(days=2)):
        html = client.get(services.checkin_url(training)).content.decode()
    assert "Presensi belum dibuka" in html and "Saya hadir" not in html


def test_a_full_meeting_takes_no_walk_in_and_the_count_stays_right(client, training, sekdes, caruy_official):
    training.capacity = 1
    training.save()
    services.register(training, sekdes)
    with at(training.starts_at):
        response = post_checkin(client, caruy_official, training)
    assert response.status_code == 403
    assert "kursi rapat ini sudah penuh" in response.content.decode()
    assert training.registrations.registered().count() == 1
    assert not training.registrations.filter(user=caruy_official).exists()


def test_an_invited_official_walks_in_while_seats_are_free(client, training, caruy_official):
    training.capacity = 5
    training.save()
    with at(training.starts_at):
        assert post_checkin(client, caruy_official, training).status_code == 200
    registration = training.registrations.get(user=caruy_official)
    assert registration.status == Registration.Status.REGISTERED and registration.attended


def test_the_waitlist_cannot_check_itself_in(client, training, sekdes, kades):
    training.capacity = 1
    training.save()
    services.register(training, sekdes)
    services.register(training, kades)  # waitlisted
    with at(training.starts_at):
        response = post_checkin(client, kades, training)
    assert response.status_code == 403 and "daftar tunggu" in response.content.decode()
    assert not training.registrations.get(user=kades).attended


def test_someone_who_may_see_but_not_attend_is_refused(client, training, camat):
    # The organiser (district staff, not an official) sees the meeting but does not attend with the code.
    with at(training.starts_at):
        response = post_checkin(client, camat, training)
    assert response.status_code == 403 and "tidak diundang" in response.content.decode()
    assert not training.registrations.exists()


def test_outsiders_do_not_even_see_the_meeting(client, training, outsider):
    with at(training.starts_at):
        assert post_checkin(client, outsider, training).status_code == 404
