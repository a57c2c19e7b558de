"""Each decision taken through the pages leaves exactly one audit entry: who, what, which region and
from which address (the client's, as the sign-in limits see it behind TRUSTED_PROXY_COUNT proxies)."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from cooperation import services as cooperation_services
from cooperation.models import Agreement, AgreementParty
from core.models import AuditEntry
from forums.discussions import add_reply, start_thread
from forums.models import Network, PostReport
from knowledge.models import Document
from meetings.models import Meeting
from reports import services as report_services
from reports.models import ActivityReport
from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory, region
from villages.models import IdmScore, Official, Position

pytestmark = pytest.mark.django_db

CLIENT_IP = "198.51.100.7"
Action = AuditEntry.Action


@pytest.fixture(autouse=True)
def behind_one_proxy(settings, client):
    """One proxy in front: it appends the client's address; what the client wrote before is forged."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client.defaults.update(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"6.6.6.6, {CLIENT_IP}")


def position(code):
    return Position.objects.get(code=code)


@pytest.fixture
def serang(regions):
    return VillageFactory(region=region("33.01.18.2006"))


@pytest.fixture
def sekdes(serang):
    return OfficialFactory(village=serang, position=position("SEKDES"), user__full_name="Siti Rahayu").user


@pytest.fixture
def camat(regions):
    return StaffRoleFactory(region=region("33.01.18"), title="Camat Cipari", user__full_name="Camat Cipari").user


def the_entry(action):
    """The one entry written (the test fails when there are none or several)."""
    entries = list(AuditEntry.objects.all())
    assert [e.action for e in entries] == [action]
    return entries[0]


def assert_entry(action, actor, region_code, target=None):
    entry = the_entry(action)
    assert entry.actor == actor
    assert entry.region_code == region_code
    assert entry.ip == CLIENT_IP
    if target is not None:
        assert (entry.target_type.model_class(), entry.target_id) == (type(target), str(target.pk))
    return entry


@pytest.mark.parametrize(
    ("decision", "action"), [("approve", Action.OFFICIAL_APPROVED), ("reject", Action.OFFICIAL_REJECTED)]
)
def test_deciding_a_join_request(client, serang, sekdes, decision, action):
    applicant = OfficialFactory(village=serang, position=position("KAUR_KEU"), status="pending")
    client.force_login(sekdes)
    response = client.post(
        reverse("villages:decide_official", args=[applicant.pk]), {"decision": decision, "reason": "SK belum ada"}
    )
    assert response.status_code == 302
    entry = assert_entry(action, sekdes, "33.01.18.2006", applicant)
    assert entry.details == ({"alasan": "SK belum ada"} if decision == "reject" else {})


def test_a_request_decided_twice_is_audited_once(client, serang, sekdes):
    applicant = OfficialFactory(village=serang, position=position("KAUR_KEU"), status="pending")
    client.force_login(sekdes)
    for _ in range(2):
        client.post(reverse("villages:decide_official", args=[applicant.pk]), {"decision": "approve"})
    the_entry(Action.OFFICIAL_APPROVED)


def test_ending_a_term(client, serang, sekdes):
    staf = OfficialFactory(village=serang, position=position("STAF"))
    client.force_login(sekdes)
    today = timezone.localdate()
    response = client.post(reverse("villages:end_term", args=[staf.pk]), {"term_end": today.isoformat()})
    assert response.status_code == 302
    entry = assert_entry(Action.OFFICIAL_ENDED, sekdes, "33.01.18.2006", staf)
    assert entry.details == {"akhir_jabatan": today.isoformat()}


def test_deleting_an_idm_score(client, serang, sekdes):
    IdmScore.objects.create(village=serang, year=2024, score="0.7012")
    client.force_login(sekdes)
    response = client.post(reverse("villages:village_idm", args=[serang.code]), {"hapus": "2024"})
    assert response.status_code == 302 and not IdmScore.objects.exists()
    entry = assert_entry(Action.DELETED, sekdes, "33.01.18.2006")
    assert entry.details == {"tahun": 2024, "skor": "0.7012"}


@pytest.mark.parametrize(
    ("decision", "action"), [("approve", Action.REPORT_APPROVED), ("return", Action.REPORT_RETURNED)]
)
def test_reviewing_a_report(client, serang, sekdes, camat, decision, action):
    (_last, (current, _end)), _schedule = report_services.open_periods(serang)
    report = report_services.get_or_start_report(serang, current, user=sekdes)
    report.narrative = "Posyandu dan kerja bakti."
    report.save()
    report_services.submit_report(report, actor=sekdes)
    assert not AuditEntry.objects.exists()  # the village's own submission is not a decision
    client.force_login(camat)
    response = client.post(
        reverse("reports:review", args=[report.pk]), {"decision": decision, "comment": "Lengkapi foto"}
    )
    assert response.status_code == 302
    assert ActivityReport.objects.get().status == ("approved" if decision == "approve" else "returned")
    entry = assert_entry(action, camat, "33.01.18.2006", report)
    assert entry.details == {"catatan": "Lengkapi foto"}


@pytest.fixture
def agreement(serang, sekdes):
    cirahab = VillageFactory(region=region("33.02.01.2001"))
    cirahab_kades = OfficialFactory(village=cirahab, position=position("KADES")).user
    agreement = Agreement(
        title="Usaha mikro bersama",
        field=Agreement.Field.JOINT_VENTURE,
        scope="Pemasaran produk UMKM bersama",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    cooperation_services.start_agreement(agreement, sekdes, serang)
    AgreementParty.objects.create(agreement=agreement, village=cirahab)
    agreement.partner_manager = cirahab_kades
    return agreement


def test_each_agreement_step(client, agreement, sekdes):
    client.force_login(sekdes)
    client.post(reverse("cooperation:agreement_propose", args=[agreement.pk]))
    entry = assert_entry(Action.AGREEMENT_PROPOSED, sekdes, "33.01.18.2006", agreement)
    assert entry.details == {"mulai_berlaku": False}
    entry.delete()

    partner = agreement.partner_manager
    client.force_login(partner)
    client.post(reverse("cooperation:agreement_confirm", args=[agreement.pk]))
    # The agreement belongs to its lead village's region, whoever takes the step.
    entry = assert_entry(Action.AGREEMENT_CONFIRMED, partner, "33.01.18.2006", agreement)
    assert entry.details["mulai_berlaku"] is True
    entry.delete()

    client.force_login(sekdes)
    client.post(reverse("cooperation:agreement_complete", args=[agreement.pk]))
    assert_entry(Action.AGREEMENT_COMPLETED, sekdes, "33.01.18.2006", agreement)
    assert Agreement.objects.get().status == Agreement.Status.COMPLETED


def test_terminating_an_agreement(client, agreement, sekdes):
    cooperation_services.propose(agreement, sekdes)
    AuditEntry.objects.all().delete()
    client.force_login(sekdes)
    client.post(reverse("cooperation:agreement_terminate", args=[agreement.pk]), {"reason": "Dana dialihkan."})
    entry = assert_entry(Action.AGREEMENT_TERMINATED, sekdes, "33.01.18.2006", agreement)
    assert entry.details == {"alasan": "Dana dialihkan."}


@pytest.fixture
def forum(serang, sekdes, camat):
    network = Network.objects.get(kind=Network.Kind.KECAMATAN, cover_region__code="33.01.18")
    network.coordinators.add(camat)
    thread = start_thread(network, sekdes, "Jadwal posyandu", "Kapan posyandu bulan ini?")
    return thread


def test_moderating_a_thread(client, forum, camat):
    client.force_login(camat)
    client.post(reverse("forums:thread_moderate", args=[forum.pk]), {"action": "lock"})
    entry = assert_entry(Action.THREAD_MODERATED, camat, "33.01.18", forum)
    assert entry.details == {"tindakan": "lock"}


def test_hiding_a_reported_post_is_one_entry(client, forum, camat, sekdes):
    reply = add_reply(forum, sekdes, "Isi yang melanggar")
    PostReport.objects.create(post=reply, reporter=camat, reason="Tidak pantas")
    client.force_login(camat)
    client.post(reverse("forums:post_moderate", args=[reply.pk]), {"action": "hide"})
    entry = assert_entry(Action.POST_HIDDEN, camat, "33.01.18", reply)
    assert entry.details == {"laporan_ditangani": 1}
    entry.delete()
    client.post(reverse("forums:post_moderate", args=[reply.pk]), {"action": "show"})
    assert_entry(Action.POST_SHOWN, camat, "33.01.18", reply)


def test_resolving_a_post_report(client, forum, camat, sekdes):
    report = PostReport.objects.create(post=forum.posts.get(), reporter=sekdes, reason="Salah kanal")
    client.force_login(camat)
    client.post(reverse("forums:report_resolve", args=[report.pk]))
    client.post(reverse("forums:report_resolve", args=[report.pk]))  # already handled: no second entry
    assert_entry(Action.POST_REPORT_RESOLVED, camat, "33.01.18", report)


def test_exporting_meeting_registrations(client, serang, sekdes):
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        title="Rapat BUMDes",
        host_village=serang,
        audience_kind="villages",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Balai desa",
        created_by=sekdes,
    )
    meeting.organisers.add(sekdes)
    client.force_login(sekdes)
    response = client.get(reverse("meetings:registrations_export", args=[meeting.pk, "xlsx"]))
    assert response.status_code == 200
    entry = assert_entry(Action.EXPORT, sekdes, "33.01.18.2006", meeting)
    assert entry.details == {"berkas": f"pendaftar-rapat-{meeting.pk}.xlsx", "baris": 0}
    # A format that does not exist is a 404, not a download: nothing to audit.
    entry.delete()
    assert client.get(reverse("meetings:registrations_export", args=[meeting.pk, "pdf"])).status_code == 404
    assert not AuditEntry.objects.exists()


def test_exporting_reports_and_dashboards(client, serang, sekdes, camat):
    (_last, (current, _end)), _schedule = report_services.open_periods(serang)
    report_services.get_or_start_report(serang, current, user=sekdes)
    client.force_login(camat)
    assert client.get(reverse("reports:export", args=["csv"])).status_code == 200
    entry = assert_entry(Action.EXPORT, camat, "33.01.18")
    assert entry.details == {"berkas": "laporan-kegiatan.csv", "baris": 1}
    entry.delete()
    assert client.get(reverse("reports:region_dashboard_export", args=["33.01.18", "csv"])).status_code == 200
    assert_entry(Action.EXPORT, camat, "33.01.18", region("33.01.18"))
    AuditEntry.objects.all().delete()
    client.force_login(sekdes)
    assert client.get(reverse("reports:village_dashboard_export", args=[serang.code, "xlsx"])).status_code == 200
    assert_entry(Action.EXPORT, sekdes, "33.01.18.2006", serang)


def test_deleting_a_document(client, serang, sekdes):
    document = Document.objects.create(
        title="Panduan BUMDes",
        category=Document.Category.GUIDE,
        year=2025,
        village=serang,
        uploaded_by=sekdes,
        file="dokumen/panduan.pdf",
        original_name="panduan.pdf",
        content_type="application/pdf",
        size=10,
    )
    client.force_login(sekdes)
    assert client.post(reverse("knowledge:document_delete", args=[document.pk])).status_code == 302
    entry = assert_entry(Action.DELETED, sekdes, "33.01.18.2006")
    assert entry.details == {"judul": "Panduan BUMDes"}


def test_a_forged_forwarded_address_is_not_believed(client, serang, sekdes, settings):
    applicant = OfficialFactory(village=serang, position=position("KAUR_KEU"), status="pending")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # no proxy: the connection's address is the client's
    client.force_login(sekdes)
    client.post(reverse("villages:decide_official", args=[applicant.pk]), {"decision": "approve"})
    assert the_entry(Action.OFFICIAL_APPROVED).ip == "10.0.0.2"


# ---- The admin ---------------------------------------------------------------------------------


def test_staff_role_changes_in_the_admin_are_audited(client, admin_user, camat):
    role = camat.staff_roles.get()
    client.force_login(admin_user)
    url = reverse("admin:accounts_staffrole_change", args=[role.pk])
    response = client.post(
        url, {"user": camat.pk, "region": region("33.01").pk, "title": "Staf DPMD", "is_active": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = assert_entry(Action.ROLE_CHANGED, admin_user, "33.01", role)
    assert entry.details["title"] == "Staf DPMD" and entry.details["baru"] is False
    # django-auditlog keeps the field changes besides, with the same actor and address.
    change = LogEntry.objects.get_for_object(role).get(action=LogEntry.Action.UPDATE)
    assert change.actor == admin_user and change.remote_addr == CLIENT_IP
    assert set(change.changes_dict) == {"region", "title"}


def test_deleting_an_official_in_the_admin_is_audited(client, admin_user, serang):
    official = OfficialFactory(village=serang)
    client.force_login(admin_user)
    response = client.post(reverse("admin:villages_official_delete", args=[official.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert_entry(Action.DELETED, admin_user, "33.01.18.2006")
    assert not Official.objects.filter(pk=official.pk).exists()


def test_the_trail_is_read_only_in_the_admin(client, admin_user, sekdes):
    AuditEntry.objects.create(actor=sekdes, action=Action.EXPORT, target_repr="Rapat", region_code="33.01.18.2006")
    entry = AuditEntry.objects.get()
    client.force_login(admin_user)
    listing = client.get(reverse("admin:core_auditentry_changelist"))
    assert listing.status_code == 200 and "Rapat" in listing.content.decode()
    page = client.get(reverse("admin:core_auditentry_change", args=[entry.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (
        client.post(reverse("admin:core_auditentry_change", args=[entry.pk]), {"target_repr": "x"}).status_code == 403
    )
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get().target_repr == "Rapat"
    # django-auditlog's entries too.
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403


def test_a_rolled_back_step_leaves_no_entry(serang, sekdes, monkeypatch):
    applicant = OfficialFactory(village=serang, position=position("KAUR_KEU"), status="pending")
    import villages.services

    def fail(*args, **kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(villages.services, "notify", fail)
    with pytest.raises(RuntimeError):
        villages.services.decide_request(applicant, sekdes, approved=True)
    assert not AuditEntry.objects.exists()
    assert Official.objects.get(pk=applicant.pk).status == "pending"


def test_users_admin_records_rights_not_personal_details(client, admin_user):
    person = UserFactory(full_name="Dewi Lestari")
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    data = {
        "email": person.email,
        "full_name": "Dewi L.",
        "phone": "",
        "language": "id",
        "is_active": "on",
        "is_staff": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = assert_entry(Action.ROLE_CHANGED, admin_user, "")
    assert entry.details == {"is_staff": "True", "baru": False}
    change = LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.UPDATE)
    assert set(change.changes_dict) == {"is_staff"}
