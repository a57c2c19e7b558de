"""meetings.rules' get_…_or_404: an outsider gets the same 404 for an existing object as for a missing one."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import rules, services
from meetings.models import ActionItem, Meeting, Minutes, MinutesAttachment
from tests.lookups import assert_hidden, missing_pk

pytestmark = pytest.mark.django_db


def test_meeting(training, sekdes, outsider, camat):
    assert rules.get_meeting_or_404(sekdes, training.pk) == training
    assert_hidden(rules.get_meeting_or_404, outsider, training.pk, missing_pk(Meeting))
    assert rules.get_meeting_or_404(camat, training.pk, rule=rules.can_manage_meeting) == training
    # Invited is not organising.
    assert_hidden(rules.get_meeting_or_404, sekdes, training.pk, missing_pk(Meeting), rule=rules.can_manage_meeting)


def test_action_item(training, sekdes, caruy_official, outsider):
    item = services.add_action_item(training, what="Susun RKP", due_date="2030-01-01", assignee_user=sekdes)
    assert rules.get_action_item_or_404(sekdes, item.pk) == item
    for user in (outsider, caruy_official):
        assert_hidden(rules.get_action_item_or_404, user, item.pk, missing_pk(ActionItem))


def test_minutes_attachment(training, caruy_official, outsider, camat):
    minutes = Minutes.objects.create(meeting=training, written_by=camat)
    upload = SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 isi", content_type="application/pdf")
    attachment = MinutesAttachment.from_upload(upload, minutes=minutes, uploaded_by=camat)
    attachment.save()
    assert rules.get_minutes_attachment_or_404(caruy_official, attachment.pk) == attachment
    assert_hidden(rules.get_minutes_attachment_or_404, outsider, attachment.pk, missing_pk(MinutesAttachment))
