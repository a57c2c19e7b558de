"""reports.rules' get_…_or_404: an outsider gets the same 404 for an existing object as for a missing one."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reports import rules, services
from reports.models import ActivityReport, ReportAttachment
from tests.lookups import assert_hidden, missing_pk

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(serang_village, staf):
    return services.get_or_start_report(serang_village, date(2026, 4, 1), user=staf, today=date(2026, 5, 4))


def test_report(report, staf, sekdes, camat, outsider_staff, caruy_village):
    from tests.factories import OfficialFactory

    caruy_official = OfficialFactory(village=caruy_village).user
    assert rules.get_report_or_404(camat, report.pk) == report
    for outsider in (outsider_staff, caruy_official):
        assert_hidden(rules.get_report_or_404, outsider, report.pk, missing_pk(ActivityReport))
    assert rules.get_report_or_404(sekdes, report.pk, rule=rules.can_submit_report) == report
    # Any official of the village writes it; only its managers submit it.
    assert_hidden(rules.get_report_or_404, staf, report.pk, missing_pk(ActivityReport), rule=rules.can_submit_report)


def test_report_attachment(report, staf, camat, outsider_staff):
    upload = SimpleUploadedFile("daftar-hadir.pdf", b"%PDF-1.4 isi", content_type="application/pdf")
    attachment = ReportAttachment.from_upload(upload, report=report, uploaded_by=staf)
    attachment.save()
    assert rules.get_report_attachment_or_404(camat, attachment.pk) == attachment
    assert_hidden(rules.get_report_attachment_or_404, outsider_staff, attachment.pk, missing_pk(ReportAttachment))
