"""A newly scheduled meeting tells the officials of the invited villages, once, with a link to it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from meetings.tasks import send_invitations
from notifications.models import Notification
from tests.factories import OfficialFactory, region
from villages.models import Official

from .conftest import position

pytestmark = pytest.mark.django_db


def schedule(camat, network, callbacks):
    start = timezone.now() + timedelta(days=3)
    data = {
        "title": "Pelatihan Siskeudes",
        "kind": Meeting.Kind.TRAINING,
        "host_region": region("33.01.18"),
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "Aula Kecamatan Cipari",
        "audience_kind": Meeting.Audience.NETWORK,
        "audience_network": network,
    }
    with callbacks(execute=True):
        return services.create_meeting(user=camat, data=data)


def test_invited_officials_hear_of_a_new_meeting(
    camat, network, sekdes, caruy_official, outsider, serang_village, django_capture_on_commit_callbacks
):
    pending = OfficialFactory(village=serang_village, position=position("KAUR_KEU"), status=Official.Status.PENDING)
    meeting = schedule(camat, network, django_capture_on_commit_callbacks)
    invited = set(Notification.objects.filter(key=f"meeting-invited:{meeting.pk}").values_list("recipient", flat=True))
    assert invited == {sekdes.pk, caruy_official.pk}
    assert pending.user.pk not in invited and outsider.pk not in invited and camat.pk not in invited
    to_sekdes = next(m for m in mail.outbox if m.to == [sekdes.email])
    assert "Undangan: Pelatihan Siskeudes" in to_sekdes.subject
    assert f"/rapat/{meeting.pk}/" in to_sekdes.body and "WIB" in to_sekdes.body
    # Run again (a redelivered task): nobody hears twice.
    count = len(mail.outbox)
    send_invitations(meeting.pk)
    assert len(mail.outbox) == count


def test_no_invitation_for_a_cancelled_meeting(camat, network, sekdes, django_capture_on_commit_callbacks):
    meeting = schedule(camat, network, lambda execute: django_capture_on_commit_callbacks(execute=False))
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    send_invitations(meeting.pk)
    assert not Notification.objects.filter(key__startswith="meeting-invited:").exists()
