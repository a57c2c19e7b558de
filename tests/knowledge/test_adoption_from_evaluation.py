"""What an attendee said they will apply after a training becomes their village's adoption of the
practice: from their own evaluation, or by the organisers from the summary."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Network, NetworkMembership
from knowledge.models import Adoption
from meetings import services as meetings
from meetings.models import Meeting
from notifications.models import Notification
from tests.factories import region

from .library import practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(camat, sekdes, serang_village, caruy_village, kades_caruy):
    """Sekdes Serang attended a training where a Caruy practice was presented, and evaluated it."""
    network = Network.objects.create(name="Forum Cipari", slug="forum-cipari", cover_region=region("33.01.18"))
    NetworkMembership.objects.create(network=network, village=serang_village, state="active")
    start = timezone.now() + timedelta(days=2)
    meeting = Meeting.objects.create(
        title="Pelatihan kas desa",
        kind=Meeting.Kind.TRAINING,
        host_region=region("33.01.18"),
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        audience_kind=Meeting.Audience.NETWORK,
        audience_network=network,
    )
    meeting.organisers.add(camat)
    presented = practice(caruy_village, author=kades_caruy, title="Kas desa daring")
    presented.meetings.add(meeting)
    registration = meetings.register(meeting, sekdes)
    return meetings.submit_evaluation(
        registration, usefulness=5, will_apply="Kas desa daring mulai bulan depan", practice=presented
    )


def adopt(client, evaluation):
    return client.post(reverse("knowledge:adopt_from_evaluation", args=[evaluation.pk]))


def test_attendee_records_the_adoption_for_their_village(client, evaluation, sekdes, serang_village, kades_caruy):
    client.force_login(sekdes)
    response = adopt(client, evaluation)
    assert response.url == reverse("meetings:evaluate", args=[evaluation.meeting_id])
    adoption = Adoption.objects.get()
    assert (adoption.practice, adoption.village, adoption.recorded_by) == (evaluation.practice, serang_village, sekdes)
    assert adoption.changes == "Kas desa daring mulai bulan depan"
    assert adoption.adopted_on == timezone.localdate()
    assert Notification.objects.filter(recipient=kades_caruy, key=f"practice-adopted:{adoption.pk}").exists()
    adopt(client, evaluation)  # a second press records nothing more
    assert Adoption.objects.count() == 1


def test_organiser_records_it_from_the_summary(client, evaluation, camat, serang_village):
    client.force_login(camat)
    summary = reverse("meetings:evaluation_summary", args=[evaluation.meeting_id])
    assert "Catat sebagai penerapan praktik" in client.get(summary).content.decode()
    assert adopt(client, evaluation).url == summary
    assert Adoption.objects.get().village == serang_village
    assert "Tercatat sebagai penerapan" in client.get(summary).content.decode()


def test_others_get_404(client, evaluation, outsider, kades_caruy):
    for user in (outsider, kades_caruy):
        client.force_login(user)
        assert adopt(client, evaluation).status_code == 404
    assert not Adoption.objects.exists()


def test_an_unpublished_or_own_practice_is_not_adopted(client, evaluation, sekdes, serang_village):
    client.force_login(sekdes)
    evaluation.practice.status = "draft"
    evaluation.practice.save()
    assert adopt(client, evaluation).status_code == 404
    evaluation.practice.status = "published"
    evaluation.practice.village = serang_village
    evaluation.practice.save()
    assert adopt(client, evaluation).status_code == 404
    assert not Adoption.objects.exists()
