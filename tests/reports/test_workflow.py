from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import Delivery
from meetings.models import Meeting, Registration
from notifications.models import Notification
from reports import rules, services
from reports.models import ActivityReport, FrozenReport, ReportingSchedule, ReportReminder, period_containing
from tests.factories import PASSWORD, OfficialFactory, UserFactory
from villages.models import Position

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 4)
WIB = ZoneInfo("Asia/Jakarta")


def start_april(village, user=None):
    return services.get_or_start_report(village, date(2026, 4, 1), user=user, today=TODAY)


def login(client, user):
    client.login(email=user.email, password=PASSWORD)


def test_periods_and_schedule(serang_village, regions):
    assert period_containing(date(2026, 5, 17), "monthly") == (date(2026, 5, 1), date(2026, 5, 31))
    assert period_containing(date(2026, 5, 17), "quarterly") == (date(2026, 4, 1), date(2026, 6, 30))
    assert period_containing(date(2026, 12, 31), "quarterly") == (date(2026, 10, 1), date(2026, 12, 31))
    report = start_april(serang_village)
    assert (report.period_end, report.due_on, report.frequency) == (date(2026, 4, 30), date(2026, 5, 10), "monthly")
    ReportingSchedule.objects.create(
        kabupaten=regions.get(code="33.01"), frequency="quarterly", due_days_after_period=15
    )
    periods, schedule = services.open_periods(serang_village, TODAY)
    assert periods == [(date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 4, 1), date(2026, 6, 30))]
    assert schedule.due_date(date(2026, 3, 31)) == date(2026, 4, 15)
    # A period outside the open ones cannot be started.
    assert services.get_or_start_report(serang_village, date(2025, 1, 1), today=TODAY) is None


def test_prefill_counts_meetings_attendance_and_practices(serang_village, caruy_village, sekdes, staf, _no_practices):
    _no_practices[serang_village.pk] = {"shared": 2, "adopted": 1}
    hosted = Meeting.objects.create(
        title="Rapat rutin April",
        host_village=serang_village,
        audience_kind="region",
        starts_at=datetime(2026, 4, 7, 9, tzinfo=WIB),
        ends_at=datetime(2026, 4, 7, 11, tzinfo=WIB),
    )
    training = Meeting.objects.create(
        title="Pelatihan Siskeudes",
        kind="training",
        host_village=caruy_village,
        audience_kind="region",
        starts_at=datetime(2026, 4, 20, 9, tzinfo=WIB),
        ends_at=datetime(2026, 4, 20, 15, tzinfo=WIB),
    )
    Meeting.objects.create(  # May: outside the period
        title="Rapat Mei",
        host_village=serang_village,
        audience_kind="region",
        starts_at=datetime(2026, 5, 1, 9, tzinfo=WIB),
        ends_at=datetime(2026, 5, 1, 11, tzinfo=WIB),
    )
    for meeting, user, came in [
        (hosted, sekdes, True),
        (hosted, staf, False),
        (training, sekdes, True),
        (training, staf, True),
    ]:
        Registration.objects.create(
            meeting=meeting, user=user, village=serang_village, position_name="x", status="registered", attended=came
        )
    figures = start_april(serang_village, sekdes).figures
    assert [m["title"] for m in figures["meetings_hosted"]] == ["Rapat rutin April"]
    assert figures["meetings_hosted"][0]["attendees"] == 1
    assert [(m["title"], m["attendees"]) for m in figures["meetings_attended"]] == [("Pelatihan Siskeudes", 2)]
    assert figures["trainings"] == 1
    assert (figures["practices_shared"], figures["practices_adopted"]) == (2, 1)


def test_practice_adapter_reads_the_library(monkeypatch, serang_village):
    monkeypatch.undo()  # drop the stub: the library itself, which has nothing for Serang
    assert services.practice_activity([serang_village.pk], TODAY, TODAY) == {
        serang_village.pk: {"shared": 0, "adopted": 0}
    }


def test_full_workflow_with_history_and_notifications(
    serang_village, sekdes, staf, camat, mailoutbox, django_capture_on_commit_callbacks
):
    kades = OfficialFactory(village=serang_village, position=Position.objects.get(code="KADES")).user
    report = start_april(serang_village, staf)
    services.save_report(report, {"narrative": "Kami rapat."}, user=staf)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report, actor=sekdes)
    assert Notification.objects.filter(recipient=camat, kind="reports").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(report, actor=camat, comment="Lengkapi foto kegiatan.")
    assert report.status == "returned"
    returned = Notification.objects.filter(key__startswith="report-transition", recipient__in=[sekdes, kades, staf])
    assert returned.count() == 3
    assert any("Lengkapi foto kegiatan." in m.body for m in mailoutbox)
    services.save_report(report, {"narrative": "Kami rapat; foto terlampir."}, user=staf)
    services.submit_report(report, actor=sekdes)
    services.approve_report(report, actor=camat)
    assert [(t.from_status, t.to_status) for t in report.transitions.all()] == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "approved"),
    ]
    assert report.transitions.get(to_status="returned").comment == "Lengkapi foto kegiatan."
    # Frozen: the service, the model and a second review all refuse.
    with pytest.raises(FrozenReport):
        services.save_report(report, {"narrative": "diubah"}, user=sekdes)
    report.narrative = "diubah"
    with pytest.raises(FrozenReport):
        report.save()
    with pytest.raises(FrozenReport):
        services.return_report(report, actor=camat, comment="x")
    assert ActivityReport.objects.get(pk=report.pk).narrative == "Kami rapat; foto terlampir."


def test_permissions(serang_village, caruy_village, sekdes, staf, camat, outsider_staff):
    report = start_april(serang_village)
    stranger = OfficialFactory(village=caruy_village).user
    assert rules.can_see_report(sekdes, report) and rules.can_see_report(staf, report)
    assert rules.can_see_report(camat, report)
    assert not rules.can_see_report(outsider_staff, report) and not rules.can_see_report(stranger, report)
    assert rules.can_edit_report(staf, report) and not rules.can_edit_report(camat, report)
    assert rules.can_submit_report(sekdes, report) and not rules.can_submit_report(staf, report)
    assert not rules.can_review_report(camat, report)  # still a draft
    report.status = "submitted"
    assert rules.can_review_report(camat, report) and not rules.can_review_report(outsider_staff, report)
    assert not rules.can_edit_report(staf, report)
    assert rules.can_set_reporting_schedule(UserFactory(is_superuser=True), serang_village.region.parent.parent)
    assert not rules.can_set_reporting_schedule(camat, serang_village.region.parent.parent)  # kecamatan staff
    assert rules.can_see_region_dashboard(camat, serang_village.region.parent)
    assert not rules.can_see_region_dashboard(outsider_staff, serang_village.region.parent)
    assert rules.can_see_village_dashboard(staf, serang_village)
    assert not rules.can_see_village_dashboard(stranger, serang_village)
    assert ActivityReport.objects.filter(rules.visible_reports_q(outsider_staff)).count() == 0
    assert ActivityReport.objects.filter(rules.visible_reports_q(camat)).count() == 1


def test_views_workflow_and_404s(client, serang_village, sekdes, staf, camat, outsider_staff):
    login(client, staf)
    (_last, (current, _end)), _schedule = services.open_periods(serang_village)
    response = client.post(reverse("reports:start"), {"period": current.isoformat()})
    report = ActivityReport.objects.get()
    assert response.url == reverse("reports:edit", args=[report.pk])
    pdf = SimpleUploadedFile("foto.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(reverse("reports:edit", args=[report.pk]), {"narrative": "Uraian", "attachments": [pdf]})
    assert response.status_code == 302 and report.attachments.count() == 1
    bad = SimpleUploadedFile("x.exe", b"MZ....", content_type="application/octet-stream")
    response = client.post(
        reverse("reports:edit", args=[report.pk]), {"narrative": "Uraian baru", "attachments": [bad]}
    )
    assert response.status_code == 200 and "Uraian baru" in response.content.decode()
    assert "Hanya gambar" in response.content.decode()
    assert client.post(reverse("reports:submit", args=[report.pk])).status_code == 404  # staf only drafts
    login(client, sekdes)
    client.post(reverse("reports:submit", args=[report.pk]))
    assert ActivityReport.objects.get().status == "submitted"
    login(client, outsider_staff)
    for name in ("detail", "print"):
        assert client.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 404
    assert client.post(reverse("reports:review", args=[report.pk]), {"decision": "approve"}).status_code == 404
    assert client.get(reverse("reports:attachment", args=[report.attachments.get().pk])).status_code == 404
    assert client.get(reverse("reports:region_dashboard", args=["33.01.18"])).status_code == 404
    login(client, camat)
    response = client.post(reverse("reports:review", args=[report.pk]), {"decision": "return", "comment": ""})
    assert response.status_code == 400 and "perlu diperbaiki" in response.content.decode()
    client.post(reverse("reports:review", args=[report.pk]), {"decision": "approve", "comment": "Bagus"})
    assert ActivityReport.objects.get().status == "approved"
    assert client.get(reverse("reports:print", args=[report.pk])).status_code == 200
    login(client, sekdes)
    response = client.post(reverse("reports:edit", args=[report.pk]), {"narrative": "curang"})
    assert response.status_code == 302 and ActivityReport.objects.get().narrative == "Uraian"


def scan(at, callbacks=None):
    """A scheduler run at `at` (the runner reads the clock), for the report reminders alone."""
    with time_machine.travel(at, tick=False):
        if callbacks is None:
            return services.dispatch_due_reminders()
        with callbacks(execute=True):
            return services.dispatch_due_reminders()


def test_reminders_before_due_and_overdue_sent_once(
    serang_village, sekdes, staf, camat, mailoutbox, django_capture_on_commit_callbacks
):
    # 7 May 08.00 WIB, three days before the due date: Serang has no April report yet; the scan
    # opens one and reminds on schedule.
    now = datetime(2026, 5, 7, 8, 0, tzinfo=WIB)
    assert scan(now, django_capture_on_commit_callbacks) == 1
    report = ActivityReport.objects.get(village=serang_village)
    assert report.due_on == date(2026, 5, 10)
    assert [m.to for m in mailoutbox] == [[sekdes.email]]
    assert scan(now + timedelta(minutes=1)) == 0
    assert scan(datetime(2026, 5, 11, 8, 0, tzinfo=WIB), django_capture_on_commit_callbacks) == 1
    assert "terlambat" in mailoutbox[-1].subject
    assert scan(datetime(2026, 5, 12, 8, 0, tzinfo=WIB)) == 0
    assert ActivityReport.objects.overdue(date(2026, 5, 11)).count() == 1
    assert sorted(report.reminders.values_list("kind", "outcome")) == [("before_due", "sent"), ("overdue", "sent")]
    assert Delivery.objects.filter(job__startswith="reports.reportreminder:").count() == 2


def test_after_an_outage_only_the_overdue_reminder_goes_out(
    serang_village, sekdes, mailoutbox, django_capture_on_commit_callbacks
):
    report = start_april(serang_village, sekdes)
    # No scan ran from before the due date until 12 May: both reminders are due.
    assert scan(datetime(2026, 5, 12, 8, 0, tzinfo=WIB), django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mailoutbox] == [[sekdes.email]] and "terlambat" in mailoutbox[0].subject
    assert dict(report.reminders.values_list("kind", "outcome")) == {"before_due": "superseded", "overdue": "sent"}


def test_reminder_not_sent_once_submitted_and_command_runs(serang_village, sekdes, camat, capsys):
    from django.core.management import call_command

    report = start_april(serang_village, sekdes)
    services.submit_report(report, actor=sekdes)
    assert scan(datetime(2026, 5, 11, 8, 0, tzinfo=WIB)) == 0
    assert report.reminders.filter(outcome="sent").count() == 0
    assert set(report.reminders.values_list("outcome", flat=True)) == {"submitted"}
    assert not Notification.objects.filter(key__startswith="report-reminder:").exists()
    # The old command still works for operators; send_due runs every scheduled job.
    call_command("send_report_reminders")
    call_command("send_due")
    assert "sent." in capsys.readouterr().out


def test_a_report_submitted_between_claim_and_send_gets_no_reminder(serang_village, sekdes, camat):
    from core import scheduler

    report = start_april(serang_village, sekdes)
    before_due = report.reminders.get(kind="before_due")
    with time_machine.travel(datetime(2026, 5, 7, 8, 0, tzinfo=WIB), tick=False):
        token, mine = scheduler._claim(ReportReminder, timezone.now(), [before_due.pk])
        services.submit_report(report, actor=sekdes)
        assert scheduler._deliver(ReportReminder, before_due.pk, token, timezone.now()) == "submitted"
    assert not Notification.objects.filter(key__startswith="report-reminder:").exists()


def test_the_scheduler_beat_entry_runs_report_reminders(settings):
    assert "report-reminders" not in settings.CELERY_BEAT_SCHEDULE
    assert settings.CELERY_BEAT_SCHEDULE["scheduler"]["task"] == "core.tasks.run_due_jobs"


def test_practice_adapter_passes_an_aware_half_open_window(monkeypatch):
    seen = {}

    def source(ids, start, end):
        seen["window"] = (start, end)
        return {ids[0]: {"shared": 1}}

    monkeypatch.setattr(services, "library_activity", source)
    assert services.practice_activity([7], date(2026, 4, 1), date(2026, 4, 30)) == {7: {"shared": 1, "adopted": 0}}
    assert seen["window"] == (datetime(2026, 4, 1, tzinfo=WIB), datetime(2026, 5, 1, tzinfo=WIB))


def test_report_list_filters_by_a_place_typed_by_name(client, camat, serang_village, caruy_village):
    start_april(serang_village)
    start_april(caruy_village)
    login(client, camat)
    html = client.get(reverse("reports:list"), {"wilayah": "Serang"}).content.decode()
    assert "Desa Serang" in html and "Desa Caruy" not in html
    html = client.get(reverse("reports:list"), {"wilayah": "kecamatan cipari"}).content.decode()
    assert "Desa Serang" in html and "Desa Caruy" in html
    assert "Kode wilayah" not in html


def test_an_empty_report_is_submitted_only_after_confirming(client, serang_village, sekdes):
    report = start_april(serang_village)
    login(client, sekdes)
    url = reverse("reports:submit", args=[report.pk])
    response = client.post(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Laporan ini masih kosong" in html and "Ya, ajukan laporan kosong" in html
    assert reverse("reports:edit", args=[report.pk]) in html  # the way back to fill it in
    report.refresh_from_db()
    assert report.status == "draft" and report.submitted_at is None
    response = client.post(url, {"kosong": "ya"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"


def test_a_report_with_text_or_activity_is_submitted_at_once(client, serang_village, sekdes):
    report = start_april(serang_village)
    report.obstacles = "Sinyal lemah di balai desa."
    report.save()
    login(client, sekdes)
    assert client.post(reverse("reports:submit", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert not services.is_empty_report(report)


def test_figures_alone_make_a_report_not_empty(serang_village, sekdes):
    report = start_april(serang_village)
    assert services.is_empty_report(report)
    Meeting.objects.create(
        title="Rapat rutin April",
        host_village=serang_village,
        audience_kind="region",
        starts_at=datetime(2026, 4, 7, 9, tzinfo=WIB),
        ends_at=datetime(2026, 4, 7, 11, tzinfo=WIB),
    )
    assert not services.is_empty_report(report)


def test_camat_sees_reports_waiting_for_review_first(client, serang_village, caruy_village, sekdes, camat):
    # Caruy's newer report (May) is still a draft; Serang's older one (April) waits for review.
    services.submit_report(start_april(serang_village), actor=sekdes)
    services.get_or_start_report(caruy_village, date(2026, 5, 1), today=TODAY)
    login(client, camat)
    response = client.get(reverse("reports:list"))
    listed = [(r.village.name, r.status) for r in response.context["page"]]
    assert listed[0] == ("Desa Serang", "submitted")
    assert ("Desa Caruy", "draft") in listed[1:]
    html = response.content.decode()
    assert '<select name="status" class="form-select" id="id_status">' in html


def test_officials_list_keeps_newest_first(client, serang_village, sekdes):
    services.submit_report(start_april(serang_village), actor=sekdes)
    services.get_or_start_report(serang_village, date(2026, 5, 1), today=TODAY)
    login(client, sekdes)
    periods = [r.period_start for r in client.get(reverse("reports:list")).context["page"]]
    assert periods == [date(2026, 5, 1), date(2026, 4, 1)]
