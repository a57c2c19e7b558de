"""Evaluation of trainings and workshops: the request goes out through core's scheduler when the
meeting ends, to those present (or every registrant when attendance was not taken); each attendee
evaluates once; the organisers read the summary."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from core import scheduler
from meetings import services
from meetings.models import Evaluation, EvaluationRequest, Meeting
from notifications.models import Notification
from tests.factories import PASSWORD, OfficialFactory, VillageFactory, region
from tests.knowledge.library import practice

from .conftest import local, make_meeting, position

pytestmark = pytest.mark.django_db
JOBS = ["meetings.evaluationrequest"]


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


@pytest.fixture
def start():
    return local(2030, 3, 4, 9)  # Monday 09.00 WIB


@pytest.fixture
def held(training, sekdes, kades, caruy_official, start):
    """The training, moved to 4 March 2030 09.00–12.00 WIB, with three registrants."""
    training.starts_at, training.ends_at = start, start + timedelta(hours=3)
    training.save()
    with time_machine.travel(start - timedelta(days=5), tick=False):
        for user in (sekdes, kades, caruy_official):
            services.register(training, user)
    return training


def run(at, callbacks):
    with time_machine.travel(at, tick=False), callbacks(execute=True):
        return scheduler.sent(scheduler.run_due(labels=JOBS), labels=JOBS)


# ---- The request ----


def test_request_follows_the_end_of_trainings_and_workshops_only(held, camat, start):
    assert EvaluationRequest.objects.get(meeting=held).due_at == start + timedelta(hours=3)
    held.ends_at = start + timedelta(hours=4)
    held.save()
    assert EvaluationRequest.objects.get(meeting=held).due_at == start + timedelta(hours=4)
    routine = make_meeting(camat, host_region=region("33.01.18"), kind=Meeting.Kind.ROUTINE)
    workshop = make_meeting(camat, host_region=region("33.01.18"), kind=Meeting.Kind.WORKSHOP)
    assert not EvaluationRequest.objects.filter(meeting=routine).exists()
    assert EvaluationRequest.objects.filter(meeting=workshop).exists()


def test_sent_at_the_end_to_those_present_once(
    held, sekdes, kades, caruy_official, start, mailoutbox, django_capture_on_commit_callbacks
):
    held.registrations.filter(user__in=[sekdes, caruy_official]).update(attended=True)
    assert run(start + timedelta(hours=2, minutes=59), django_capture_on_commit_callbacks) == 0
    assert run(start + timedelta(hours=3), django_capture_on_commit_callbacks) == 1
    assert run(start + timedelta(hours=4), django_capture_on_commit_callbacks) == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted([sekdes.email, caruy_official.email])
    mail = next(m for m in mailoutbox if m.to == [sekdes.email])
    assert "Pelatihan Siskeudes" in mail.subject
    assert reverse("meetings:evaluate", args=[held.pk]) in mail.body
    assert "Senin, 4 Maret 2030, 09.00–12.00 WIB" in mail.body
    assert Notification.objects.filter(key=f"evaluation-request:{held.pk}").count() == 2
    assert not Notification.objects.filter(recipient=kades, key__startswith="evaluation-request").exists()


def test_without_attendance_every_registrant_is_asked(held, start, mailoutbox, django_capture_on_commit_callbacks):
    run(start + timedelta(hours=3), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 3


def test_a_cancelled_training_asks_nobody(held, camat, start, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(start - timedelta(days=1), tick=False):
        services.cancel_meeting(held, camat)
    mailoutbox.clear()
    run(start + timedelta(hours=3), django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert EvaluationRequest.objects.get(meeting=held).outcome == EvaluationRequest.CANCELLED


def test_a_training_turned_routine_meeting_asks_nobody(held, start, mailoutbox, django_capture_on_commit_callbacks):
    held.kind = Meeting.Kind.ROUTINE
    held.save()
    run(start + timedelta(hours=3), django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert EvaluationRequest.objects.get(meeting=held).outcome == EvaluationRequest.NOT_EVALUATED


# ---- Evaluating ----


def test_attendee_evaluates_once_and_may_correct_it(client, held, sekdes, start):
    url = reverse("meetings:evaluate", args=[held.pk])
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        client.force_login(sekdes)
        assert client.get(url).status_code == 404  # not over yet
    with time_machine.travel(start + timedelta(hours=5), tick=False):
        client.force_login(sekdes)
        assert "Isi evaluasi" in client.get(held.get_absolute_url()).content.decode()
        page = client.get(url).content.decode()
        assert "Apakah bermanfaat?" in page and "Apa yang akan Anda terapkan?" in page
        assert "Praktik baik yang terkait" not in page  # nothing was presented
        assert client.post(url, {"usefulness": "4", "will_apply": "Input APBDes di Siskeudes"}).status_code == 302
        client.post(url, {"usefulness": "5", "will_apply": "Input APBDes dan laporan realisasi"})
    evaluation = Evaluation.objects.get()
    assert (evaluation.usefulness, evaluation.will_apply) == (5, "Input APBDes dan laporan realisasi")
    assert evaluation.registration.user == sekdes


def test_bad_evaluation_redisplays_in_indonesian(client, held, sekdes, start):
    with time_machine.travel(start + timedelta(hours=5), tick=False):
        client.force_login(sekdes)
        response = client.post(
            reverse("meetings:evaluate", args=[held.pk]), {"usefulness": "9", "will_apply": "Rapikan arsip"}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pilih nilai 1 sampai 5." in html and "Rapikan arsip" in html
    assert not Evaluation.objects.exists()


def test_practice_offered_is_one_presented_at_the_training(client, held, sekdes, start, lumbir_village):
    presented = practice(lumbir_village, title="Aplikasi kas desa")
    presented.meetings.add(held)
    other = practice(lumbir_village, title="Bank sampah")
    url = reverse("meetings:evaluate", args=[held.pk])
    with time_machine.travel(start + timedelta(hours=5), tick=False):
        client.force_login(sekdes)
        page = client.get(url).content.decode()
        assert "Aplikasi kas desa" in page and "Bank sampah" not in page
        bad = client.post(url, {"usefulness": "4", "will_apply": "x", "practice": other.pk})
        assert "Pilih salah satu pilihan yang tersedia." in bad.content.decode()
        client.post(url, {"usefulness": "4", "will_apply": "Kas desa daring", "practice": presented.pk})
    assert Evaluation.objects.get().practice == presented


def test_who_may_evaluate(client, held, sekdes, kades, outsider, camat, start):
    held.registrations.filter(user=sekdes).update(attended=True)
    url = reverse("meetings:evaluate", args=[held.pk])
    with time_machine.travel(start + timedelta(hours=5), tick=False):
        for user, status in ((sekdes, 200), (kades, 404), (outsider, 404), (camat, 404)):
            client.force_login(user)
            assert client.get(url).status_code == status, user
            assert client.post(url, {"usefulness": "3", "will_apply": "x"}).status_code in (302, 404)
    assert list(Evaluation.objects.values_list("registration__user", flat=True)) == [sekdes.pk]


def test_a_routine_meeting_has_no_evaluation(client, camat, sekdes, serang_village, start):
    meeting = make_meeting(camat, host_region=region("33.01.18"), kind=Meeting.Kind.ROUTINE, start=start)
    meeting.audience_villages.add(serang_village)
    with time_machine.travel(start - timedelta(days=1), tick=False):
        services.register(meeting, sekdes)
    with time_machine.travel(start + timedelta(hours=5), tick=False):
        client.force_login(sekdes)
        assert client.get(reverse("meetings:evaluate", args=[meeting.pk])).status_code == 404
    client.force_login(camat)
    assert client.get(reverse("meetings:evaluation_summary", args=[meeting.pk])).status_code == 404


# ---- The summary ----


def test_summary_shows_count_mean_distribution_and_texts(client, held, camat, sekdes, kades, caruy_official):
    for user, score, text in ((sekdes, 5, "Siskeudes"), (kades, 4, "Laporan realisasi"), (caruy_official, 4, "Arsip")):
        services.submit_evaluation(held.registrations.get(user=user), usefulness=score, will_apply=text)
    login(client, camat)
    html = client.get(reverse("meetings:evaluation_summary", args=[held.pk])).content.decode()
    assert "3 dari 3 peserta" in html
    assert "4,3 / 5" in html
    assert "<td>5</td><td>1</td>" in html and "<td>4</td><td>2</td>" in html and "<td>1</td><td>0</td>" in html
    assert "67%" in html and "33%" in html
    assert "Laporan realisasi" in html and "Arsip" in html


def test_summary_is_for_the_organisers(client, held, sekdes, outsider):
    for user in (sekdes, outsider):
        client.force_login(user)
        assert client.get(reverse("meetings:evaluation_summary", args=[held.pk])).status_code == 404


def test_summary_query_count_is_fixed(client, held, camat, lumbir_village, django_assert_max_num_queries):
    presented = practice(lumbir_village, title="Aplikasi kas desa")
    login(client, camat)
    for n in (3, 25):
        while held.evaluations.count() < n:
            if not held.registrations.filter(evaluation__isnull=True).exists():
                village = VillageFactory(region=region("33.01.18.2001"))
                user = OfficialFactory(village=village, position=position("SEKDES")).user
                with time_machine.travel(held.starts_at - timedelta(days=1), tick=False):
                    services.register(held, user)
            registration = held.registrations.filter(evaluation__isnull=True).first()
            services.submit_evaluation(registration, usefulness=4, will_apply="Siskeudes", practice=presented)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("meetings:evaluation_summary", args=[held.pk]))
        html = response.content.decode()
        assert html.count("Catat sebagai penerapan praktik") == min(n, 20)
