"""The review chain a kabupaten sets: one step (staff covering the village approve) or two steps
(the kecamatan verifies, then the kabupaten approves), each level's queue, the reminder when a report
waits longer than the kabupaten's limit, and where reports wait on the dashboards."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from notifications.models import Notification
from reports import rules, services
from reports.dashboards import review_queue
from reports.models import ActivityReport, ReportingSchedule, ReviewReminder
from tests.factories import PASSWORD, OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory, region
from villages.models import Position

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 4)
WIB = ZoneInfo("Asia/Jakarta")
T0 = datetime(2026, 5, 4, 9, 0, tzinfo=WIB)


@pytest.fixture
def dpmd(regions):
    return StaffRoleFactory(region=region("33.01"), title="DPMD Cilacap").user


@pytest.fixture
def two_step(regions):
    return ReportingSchedule.objects.create(kabupaten=region("33.01"), review_chain="two_step", review_wait_days=3)


def login(client, user):
    client.login(email=user.email, password=PASSWORD)


def april(village, user=None):
    return services.get_or_start_report(village, date(2026, 4, 1), user=user, today=TODAY)


def at(moment, action, *args, **kwargs):
    with time_machine.travel(moment, tick=False):
        return action(*args, **kwargs)


def fresh(report):
    return ActivityReport.objects.select_related("village__region__parent__parent__reporting_schedule").get(
        pk=report.pk
    )


def test_two_step_flow_keeps_history_and_tells_each_level(
    serang_village, sekdes, camat, dpmd, two_step, mailoutbox, django_capture_on_commit_callbacks
):
    kades = OfficialFactory(village=serang_village, position=Position.objects.get(code="KADES")).user
    report = april(serang_village, sekdes)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report, actor=sekdes)
    # The kecamatan's turn: the camat is told, the DPMD not yet.
    assert Notification.objects.filter(recipient=camat, key__startswith="report-transition").count() == 1
    assert not Notification.objects.filter(recipient=dpmd).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.verify_report(report, actor=camat, comment="Lengkap.")
    assert report.status == "verified" and report.verified_at is not None
    assert Notification.objects.filter(recipient=dpmd, key__startswith="report-transition").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(report, actor=dpmd, comment="Tambahkan anggaran pelatihan.")
    assert report.status == "returned"
    told = Notification.objects.filter(recipient__in=[sekdes, kades], key__startswith="report-transition")
    assert told.count() == 2
    assert any("Tambahkan anggaran pelatihan." in m.body and m.to == [kades.email] for m in mailoutbox)
    services.save_report(report, {"narrative": "Anggaran dilampirkan."}, user=sekdes)
    services.submit_report(report, actor=sekdes)
    services.verify_report(report, actor=camat)
    services.approve_report(report, actor=dpmd)
    assert [(t.from_status, t.to_status, t.actor) for t in report.transitions.all()] == [
        ("draft", "submitted", sekdes),
        ("submitted", "verified", camat),
        ("verified", "returned", dpmd),
        ("returned", "submitted", sekdes),
        ("submitted", "verified", camat),
        ("verified", "approved", dpmd),
    ]


def test_each_actor_may_act_only_at_their_step(serang_village, sekdes, camat, dpmd, outsider_staff, two_step):
    admin = UserFactory(is_superuser=True)
    province = StaffRoleFactory(region=region("33"), title="DPMD Provinsi").user
    report = fresh(april(serang_village, sekdes))
    assert not any(rules.can_review_report(u, report) for u in (camat, dpmd, admin, sekdes))
    services.submit_report(report, actor=sekdes)
    report = fresh(report)
    # Submitted: only the kecamatan (and admins) verify; nobody may approve yet.
    assert rules.can_verify_report(camat, report) and rules.can_return_report(camat, report)
    assert not rules.can_approve_report(camat, report)
    assert not rules.can_review_report(dpmd, report) and not rules.can_review_report(province, report)
    assert not rules.can_review_report(outsider_staff, report) and not rules.can_review_report(sekdes, report)
    assert rules.can_verify_report(admin, report) and not rules.can_approve_report(admin, report)
    with pytest.raises(services.FrozenReport):
        services.approve_report(report, actor=dpmd)
    services.verify_report(report, actor=camat)
    report = fresh(report)
    # Verified: the kabupaten (or the province above it) approves or returns; the camat is done.
    assert not rules.can_review_report(camat, report)
    assert rules.can_approve_report(dpmd, report) and rules.can_return_report(dpmd, report)
    assert rules.can_approve_report(province, report) and not rules.can_review_report(outsider_staff, report)
    assert not rules.can_verify_report(dpmd, report)


def test_one_step_chain_is_as_before(serang_village, sekdes, camat, dpmd):
    report = april(serang_village, sekdes)
    services.submit_report(report, actor=sekdes)
    report = fresh(report)
    assert not report.is_two_step
    assert rules.can_approve_report(camat, report) and rules.can_approve_report(dpmd, report)
    assert not rules.can_verify_report(camat, report)
    with pytest.raises(services.FrozenReport):
        services.verify_report(report, actor=camat)
    services.approve_report(report, actor=camat)
    assert report.status == "approved"


def test_review_pages_refuse_the_wrong_level(client, serang_village, sekdes, camat, dpmd, two_step):
    report = april(serang_village, sekdes)
    at(T0, services.submit_report, report, actor=sekdes)
    url = reverse("reports:review", args=[report.pk])
    login(client, dpmd)
    assert client.post(url, {"decision": "approve"}).status_code == 404
    assert client.post(url, {"decision": "return", "comment": "x"}).status_code == 404
    assert "Tinjau laporan" not in client.get(report.get_absolute_url()).content.decode()
    login(client, camat)
    with time_machine.travel(T0 + timedelta(days=5), tick=False):
        html = client.get(report.get_absolute_url()).content.decode()
    assert "Verifikasi dan teruskan ke kabupaten" in html and "Setujui" not in html
    assert "menunggu 5 hari di kecamatan" in html
    # The camat cannot approve in a two-step chain, even by posting it.
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 400 and fresh(report).status == "submitted"
    client.post(url, {"decision": "verify", "comment": "Sudah diperiksa."})
    assert fresh(report).status == "verified"
    assert client.post(url, {"decision": "return", "comment": "x"}).status_code == 404
    login(client, dpmd)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Setujui" in html and "diverifikasi kecamatan" in html and "Sudah diperiksa." in html
    client.post(url, {"decision": "return", "comment": "Foto kegiatan kurang."})
    assert fresh(report).status == "returned"
    login(client, sekdes)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Foto kegiatan kurang." in html and "Ubah laporan" in html


def test_each_level_sees_its_own_queue_first_with_the_wait(
    client, serang_village, caruy_village, sekdes, camat, dpmd, two_step
):
    caruy_sekdes = OfficialFactory(village=caruy_village, position=Position.objects.get(code="SEKDES")).user
    serang = april(serang_village, sekdes)
    caruy = april(caruy_village, caruy_sekdes)
    services.get_or_start_report(serang_village, date(2026, 5, 1), today=TODAY)  # a newer draft
    at(T0, services.submit_report, serang, actor=sekdes)
    at(T0, services.submit_report, caruy, actor=caruy_sekdes)
    at(T0 + timedelta(days=1), services.verify_report, fresh(caruy), actor=camat)
    with time_machine.travel(T0 + timedelta(days=6), tick=False):
        login(client, camat)
        response = client.get(reverse("reports:list"))
        first = response.context["page"][0]
        assert (first.village.name, first.status) == ("Desa Serang", "submitted")
        assert "menunggu 6 hari di kecamatan" in response.content.decode()
        login(client, dpmd)
        response = client.get(reverse("reports:list"))
        first = response.context["page"][0]
        assert (first.village.name, first.status) == ("Desa Caruy", "verified")
        assert "menunggu 5 hari di kabupaten" in response.content.decode()
        mine = client.get(reverse("reports:list") + "?status=menunggu_saya").context["page"]
        assert [(r.village.name, r.status) for r in mine] == [("Desa Caruy", "verified")]
        login(client, camat)
        mine = client.get(reverse("reports:list") + "?status=menunggu_saya").context["page"]
        assert [(r.village.name, r.status) for r in mine] == [("Desa Serang", "submitted")]


def scan(moment, callbacks):
    with time_machine.travel(moment, tick=False), callbacks(execute=True):
        return services.dispatch_review_reminders()


def test_a_report_waiting_past_the_limit_reminds_that_level_once(
    serang_village, sekdes, camat, dpmd, two_step, mailoutbox, django_capture_on_commit_callbacks
):
    report = april(serang_village, sekdes)
    at(T0, services.submit_report, report, actor=sekdes)
    assert scan(T0 + timedelta(days=2), django_capture_on_commit_callbacks) == 0
    assert scan(T0 + timedelta(days=3, hours=1), django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mailoutbox] == [[camat.email]] and "menunggu 3 hari" in mailoutbox[0].subject
    assert scan(T0 + timedelta(days=4), django_capture_on_commit_callbacks) == 0
    at(T0 + timedelta(days=4), services.verify_report, fresh(report), actor=camat)
    # The kabupaten's wait starts at the verification: its reminder is due three days later.
    assert scan(T0 + timedelta(days=6), django_capture_on_commit_callbacks) == 0
    assert scan(T0 + timedelta(days=7, hours=1), django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mailoutbox][1:] == [[dpmd.email]]
    assert sorted(report.review_reminders.values_list("stage", "outcome")) == [
        ("submitted", "sent"),
        ("verified", "sent"),
    ]


def test_a_report_that_moves_closes_its_reminder_and_a_resubmission_waits_anew(
    serang_village, sekdes, camat, two_step, mailoutbox, django_capture_on_commit_callbacks
):
    report = april(serang_village, sekdes)
    at(T0, services.submit_report, report, actor=sekdes)
    at(T0 + timedelta(days=1), services.return_report, fresh(report), actor=camat, comment="Lengkapi.")
    assert report.review_reminders.get().outcome == "moved"
    at(T0 + timedelta(days=2), services.submit_report, fresh(report), actor=sekdes)
    assert scan(T0 + timedelta(days=4), django_capture_on_commit_callbacks) == 0
    assert scan(T0 + timedelta(days=5, hours=1), django_capture_on_commit_callbacks) == 1
    assert report.review_reminders.count() == 2 and [m.to for m in mailoutbox][-1] == [camat.email]


def test_reports_waiting_without_a_reminder_get_one(serang_village, sekdes, camat, two_step, mailoutbox):
    # E.g. submitted before the review chain existed.
    report = april(serang_village, sekdes)
    at(T0, services.submit_report, report, actor=sekdes)
    ReviewReminder.objects.all().delete()
    with time_machine.travel(T0 + timedelta(days=4), tick=False):
        assert services.dispatch_review_reminders() == 1
    assert report.review_reminders.get().outcome == "sent"


def test_kabupaten_staff_set_the_chain(client, regions, camat, dpmd):
    url = reverse("reports:schedule", args=["33.01"])
    login(client, camat)
    assert client.get(url).status_code == 404
    login(client, dpmd)
    html = client.get(url).content.decode()
    assert "Dua tahap: kecamatan memverifikasi" in html
    response = client.post(
        url,
        {"frequency": "monthly", "due_days_after_period": 10, "review_chain": "two_step", "review_wait_days": 5},
    )
    assert response.status_code == 302
    schedule = ReportingSchedule.objects.get(kabupaten__code="33.01")
    assert (schedule.review_chain, schedule.review_wait_days, schedule.updated_by) == ("two_step", 5, dpmd)
    html = client.get(reverse("reports:region_dashboard", args=["33.01"])).content.decode()
    assert "peninjauan dua tahap" in html


def _waiting_report(village, status, since):
    official = OfficialFactory(village=village, position=Position.objects.get(code="SEKDES")).user
    report = april(village, official)
    at(since, services.submit_report, report, actor=official)
    if status == "verified":
        camat = StaffRoleFactory(region=village.region.parent).user
        at(since + timedelta(days=1), services.verify_report, fresh(report), actor=camat)
    return report


def test_dashboards_show_where_reports_wait(client, serang_village, caruy_village, dpmd, two_step):
    lumbir = VillageFactory(region=region("33.02.01").children.order_by("code").first())
    _waiting_report(serang_village, "submitted", T0)
    _waiting_report(caruy_village, "verified", T0 - timedelta(days=2))
    _waiting_report(lumbir, "submitted", T0 - timedelta(days=10))
    today = (T0 + timedelta(days=5)).date()
    queue = review_queue(region("33.01"), today=today)
    assert [(s["n"], s["days"]) for s in queue.stages] == [(1, 5), (1, 6)]
    assert [(r["name"], [(c["n"], c["days"]) for c in r["cells"]]) for r in queue.rows] == [
        ("Cipari", [(1, 5), (1, 6)])
    ]
    province = review_queue(region("33"), today=today)
    assert [r["code"] for r in province.rows] == ["33.02", "33.01"]  # the longest wait first
    assert province.total == 3
    with time_machine.travel(T0 + timedelta(days=5), tick=False):
        login(client, dpmd)
        html = client.get(reverse("reports:region_dashboard", args=["33.01"])).content.decode()
    assert 'id="review-queue"' in html and "terlama 6 hari" in html and "Cipari" in html


def test_queue_costs_a_fixed_number_of_queries(
    client, serang_village, dpmd, two_step, regions, django_assert_max_num_queries
):
    from reports.models import ReportingSchedule as Schedule

    Schedule.objects.get_or_create(kabupaten=region("33.02"), defaults={"review_chain": "two_step"})
    free = list(regions.filter(level=4, village__isnull=True, code__startswith="33.0").order_by("code")[:10])
    admin = UserFactory(is_superuser=True)
    for size in (2, 10):
        for place in free[:size]:
            if not hasattr(place, "village"):
                _waiting_report(VillageFactory(region=place), "verified" if len(place.code) % 2 else "submitted", T0)
        for user, url in [
            (dpmd, reverse("reports:list")),
            (admin, reverse("reports:list")),
            (admin, reverse("reports:region_dashboard", args=["33"])),
        ]:
            login(client, user)
            # A dashboard's first view after a change also recounts its stale monthly rows and
            # counts the region's enterprises.
            with django_assert_max_num_queries(31):
                assert client.get(url).status_code == 200
        province = region("33")
        with django_assert_max_num_queries(2):
            assert review_queue(province).total == size


def test_a_new_waiting_limit_moves_the_unsent_reminders(serang_village, sekdes, camat, dpmd, two_step):
    report = april(serang_village, sekdes)
    at(T0, services.submit_report, report, actor=sekdes)
    assert report.review_reminders.get().due_at == T0 + timedelta(days=3)
    two_step.review_wait_days = 10
    services.save_schedule(two_step, user=dpmd)
    assert report.review_reminders.get().due_at == T0 + timedelta(days=10)
    with time_machine.travel(T0 + timedelta(days=4), tick=False):
        assert services.dispatch_review_reminders() == 0


def test_a_kabupaten_back_to_one_step_still_finishes_verified_reports(serang_village, sekdes, camat, two_step):
    report = april(serang_village, sekdes)
    services.submit_report(report, actor=sekdes)
    services.verify_report(report, actor=camat)
    ReportingSchedule.objects.filter(pk=two_step.pk).update(review_chain="one_step")
    report = fresh(report)
    assert rules.can_approve_report(camat, report)
    services.approve_report(report, actor=camat)
    assert report.status == "approved"
