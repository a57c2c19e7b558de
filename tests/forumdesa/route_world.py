"""One world with an object of every kind, owned by Desa Serang (Kecamatan Cipari, Cilacap), and
the actors who look at it from near and far: the route × actor test requests every route with it.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from cooperation import services as cooperation
from cooperation.models import (
    Agreement,
    AgreementDocument,
    AgreementFunding,
    AgreementParty,
    AgreementPhoto,
    AgreementUpdate,
    Milestone,
    ResourcePost,
    StaffExchange,
)
from enterprises.models import Enterprise, Potential, Programme
from forums.discussions import add_reply, start_thread
from forums.models import Network, NetworkMembership, PostAttachment, PostReport
from forums.networks import create_thematic_network, ensure_kecamatan_network, request_membership
from forums.polls import start_poll
from knowledge.models import Document, Practice, PracticeAttachment, Topic
from knowledge.practices import create_practice, publish_practice, record_adoption, update_practice
from meetings import services as meetings
from meetings.models import (
    ActionItem,
    Meeting,
    Minutes,
    MinutesAttachment,
    Registration,
    RegistrationQuestion,
    ReminderPreference,
)
from notifications.models import Notification, NotificationKind
from reports import services as reports
from reports.models import ReportAttachment
from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory, region
from villages.models import Official, OfficialInvitation, Position

# The order of the columns in the route table.
ACTORS = [
    "anonymous",
    "unapproved",  # signed up, asked to join Serang, not yet approved
    "official",  # staff official of Serang
    "kecamatan",  # Sekretaris Desa of Caruy, the neighbour in Kecamatan Cipari
    "province",  # Sekretaris Desa of Lodtunduh, Bali
    "manager",  # Kepala Desa of Serang
    "staff_in",  # Camat Cipari
    "staff_out",  # DPMD Kabupaten Banyumas
    "admin",
]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
# A 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5e1d64f0000000049454e44ae426082"
)


def attach(model, body=PDF, name="berkas.pdf", content_type="application/pdf", **fields):
    return model.objects.create(
        file=ContentFile(body, name=name), original_name=name, content_type=content_type, size=len(body), **fields
    )


def build_world():
    """The actors (by column name) and the objects (by name) the route table's URLs are built from."""
    tz = ZoneInfo("Asia/Jakarta")
    today = timezone.localdate(timezone=tz)
    position = {p.code: p for p in Position.objects.all()}

    serang = VillageFactory(region=region("33.01.18.2006"))
    caruy = VillageFactory(region=region("33.01.18.2001"))
    cirahab = VillageFactory(region=region("33.02.01.2001"))
    lodtunduh = VillageFactory(region=region("51.04.05.2001"))

    manager = OfficialFactory(village=serang, position=position["KADES"]).user
    official = OfficialFactory(village=serang).user
    neighbour = OfficialFactory(village=caruy, position=position["SEKDES"]).user
    cirahab_manager = OfficialFactory(village=cirahab, position=position["KADES"]).user
    actors = {
        "anonymous": None,
        "unapproved": OfficialFactory(village=serang, status=Official.Status.PENDING).user,
        "official": official,
        "kecamatan": neighbour,
        "province": OfficialFactory(village=lodtunduh, position=position["SEKDES"]).user,
        "manager": manager,
        "staff_in": StaffRoleFactory(region=region("33.01.18"), title="Camat Cipari").user,
        "staff_out": StaffRoleFactory(region=region("33.02"), title="DPMD Banyumas").user,
        "admin": UserFactory(is_staff=True, is_superuser=True),
    }
    pending = Official.objects.get(user=actors["unapproved"])

    # Forums: the kecamatan's network (Serang and Caruy), a thematic one Serang started.
    kecamatan_network = ensure_kecamatan_network(serang) or Network.objects.get(cover_region=serang.region.parent)
    for village in (serang, caruy):
        NetworkMembership.objects.update_or_create(
            network=kecamatan_network, village=village, defaults={"state": NetworkMembership.State.ACTIVE}
        )
    network = create_thematic_network(manager, name="Forum BUMDes Anyaman", description="Berbagi pengalaman BUMDes.")
    membership = request_membership(network, cirahab, cirahab_manager)
    thread = start_thread(kecamatan_network, official, "Pengelolaan BUMDes", "Bagaimana pengalaman desa lain?")
    reply = add_reply(thread, manager, "Kami memakai pembukuan Siskeudes.")
    post_attachment = attach(PostAttachment, post=reply, uploaded_by=manager)
    post_report = PostReport.objects.create(post=reply, reporter=official, reason="Menyinggung")
    poll = start_poll(
        kecamatan_network, official, "Hari apa rapat BUMDes?", ["Senin", "Rabu"], timezone.now() + timedelta(days=3)
    )

    # Cooperation: a running agreement with Cirahab, not public.
    agreement = Agreement(
        title="Pemasaran bersama anyaman bambu",
        field=Agreement.Field.JOINT_VENTURE,
        scope="BUMDes kedua desa memasarkan anyaman bambu bersama.",
        starts_on=today.replace(day=1),
        ends_on=today.replace(day=1) + timedelta(days=700),
        is_public=False,
    )
    cooperation.start_agreement(agreement, manager, serang)
    party = AgreementParty.objects.create(agreement=agreement, village=cirahab)
    funding = AgreementFunding.objects.create(agreement=agreement, source="APBDes", amount=Decimal("5000000"))
    milestone = Milestone.objects.create(agreement=agreement, title="Toko daring", due_on=today + timedelta(days=30))
    cooperation.propose(agreement, manager)
    cooperation.confirm(party, cirahab_manager)
    update = AgreementUpdate.objects.create(
        agreement=agreement, happened_on=today, text="Toko dibuka.", author=manager, village=serang
    )
    photo = attach(AgreementPhoto, PNG, "foto.png", "image/png", update=update, uploaded_by=manager)
    attach(AgreementDocument, agreement=agreement, uploaded_by=manager)
    exchange = StaffExchange(
        visitor=Official.objects.get(user=official),
        home_village=serang,
        host_village=cirahab,
        starts_on=today + timedelta(days=14),
        ends_on=today + timedelta(days=16),
        learning_goals="Belajar pembukuan BUMDes.",
    )
    cooperation.request_exchange(exchange, manager)
    resource = ResourcePost.objects.create(
        village=serang,
        kind=ResourcePost.Kind.OFFER,
        category=ResourcePost.Category.EQUIPMENT,
        title="Pinjam mesin press kemasan",
        description="Bisa dipinjam desa tetangga.",
        region=serang.region.parent,
        valid_until=today + timedelta(days=60),
        author=manager,
    )

    # Knowledge: a published practice (with an attachment, a revision and Caruy's adoption), a draft, a document.
    practice = create_practice(
        official, serang, {"title": "Bank sampah desa", "summary": "Warga menabung sampah.", "problem": "Sampah."}
    )
    update_practice(practice, official, {"summary": "Warga menabung sampah terpilah."})
    practice_attachment = attach(PracticeAttachment, practice=practice, uploaded_by=official)
    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.SUBMITTED)
    practice.refresh_from_db()
    publish_practice(practice, actors["staff_in"])
    adoption = record_adoption(practice, caruy, neighbour, today - timedelta(days=30), "Dengan 4 pertemuan.")
    draft = create_practice(official, serang, {"title": "Posyandu keliling", "summary": "Draf."})
    document = attach(Document, title="Perdes BUMDes", category=Document.Category.PERDES, year=2025, village=serang)

    # Meetings: a past meeting of Serang and Caruy with minutes, an attachment and an action item.
    start = datetime.combine(today - timedelta(days=20), time(9, 0), tzinfo=tz)
    meeting = meetings.create_meeting(
        user=manager,
        data={
            "title": "Rapat koordinasi BUMDes",
            "kind": Meeting.Kind.ROUTINE,
            "agenda": "Harga bersama",
            "host_village": serang,
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "place": "Balai Desa Serang",
            "audience_kind": Meeting.Audience.VILLAGES,
        },
        villages=[serang, caruy],
    )
    minutes = Minutes.objects.create(meeting=meeting, summary="Harga disepakati.", written_by=manager)
    minutes_attachment = attach(MinutesAttachment, minutes=minutes, uploaded_by=manager)
    action_item = meetings.add_action_item(
        meeting, what="Buka toko daring", due_date=today + timedelta(days=7), assignee_user=official, actor=manager
    )
    assert isinstance(action_item, ActionItem)
    preference, _created = ReminderPreference.objects.get_or_create(user=official)

    # A training Serang holds next week for Serang and Caruy, asking a question at registration,
    # which its official answered; and one that ended, evaluated by Caruy's Sekdes with Serang's practice.
    def training(title, days):
        start = datetime.combine(today + timedelta(days=days), time(9, 0), tzinfo=tz)
        data = {
            "title": title,
            "kind": Meeting.Kind.TRAINING,
            "agenda": "Praktik",
            "host_village": serang,
            "starts_at": start,
            "ends_at": start + timedelta(hours=3),
            "place": "Balai Desa Serang",
            "audience_kind": Meeting.Audience.VILLAGES,
        }
        return meetings.create_meeting(user=manager, data=data, villages=[serang, caruy])

    upcoming = training("Pelatihan pembukuan BUMDes", 7)
    question = RegistrationQuestion.objects.create(meeting=upcoming, text="Ukuran kaos", kind="text", order=1)
    meetings.register(upcoming, official, answers={question: "M"})
    held = training("Pelatihan bank sampah", -10)
    for user, village in ((official, serang), (neighbour, caruy)):
        Registration.objects.create(
            meeting=held, user=user, village=village, position_name="Staf", status=Registration.Status.REGISTERED
        )
    evaluation = meetings.submit_evaluation(
        held.registrations.get(user=neighbour), usefulness=4, will_apply="Bank sampah dusun", practice=practice
    )

    # Reports: Serang's report for the last period, submitted, with an attachment.
    (last, _current), _schedule = reports.open_periods(serang)
    report = reports.get_or_start_report(serang, last[0], user=official)
    report_attachment = attach(ReportAttachment, report=report, uploaded_by=official)
    reports.save_report(report, {"narrative": "Pelatihan anyaman."}, user=official)
    reports.submit_report(report, actor=official)

    invitation = OfficialInvitation.objects.create(
        village=serang, position=position["KAUR_KEU"], email="kaur@contoh.id", invited_by=manager
    )
    # Enterprises: a potential of Serang, an enterprise it keeps off the public catalogue, a programme.
    potential = Potential.objects.create(village=serang, name="Pohon kelapa deres", location="Dusun Krajan")
    enterprise = Enterprise.objects.create(
        village=serang,
        kind=Enterprise.Kind.GROUP,
        name="KUB Pandan Wangi",
        products="Tikar anyaman pandan",
        sector="kerajinan",
        workers=24,
        is_listed=False,
        created_by=manager,
    )
    programme = Programme.objects.create(
        name="Penguatan UMKM anyaman",
        goal="Pasar yang lebih luas.",
        village=serang,
        starts_on=today,
        created_by=manager,
    )
    programme.enterprises.add(enterprise)

    notification = Notification.objects.create(
        recipient=official, kind=NotificationKind.values[0], key="route-test", title="Halo", body="Isi", url="/"
    )

    objects = {
        "serang": serang,
        "pending": pending,
        "official_row": Official.objects.get(user=official),
        "kecamatan_network": kecamatan_network,
        "network": network,
        "membership": membership,
        "thread": thread,
        "reply": reply,
        "post_attachment": post_attachment,
        "post_report": post_report,
        "agreement": agreement,
        "party": party,
        "funding": funding,
        "milestone": milestone,
        "photo": photo,
        "exchange": exchange,
        "resource": resource,
        "practice": practice,
        "draft_practice": draft,
        "practice_attachment": practice_attachment,
        "adoption": adoption,
        "document": document,
        "topic": Topic.objects.order_by("pk").first(),
        "meeting": meeting,
        "minutes": minutes,
        "minutes_attachment": minutes_attachment,
        "action_item": action_item,
        "preference": preference,
        "checkin_token": meetings.checkin_token(meeting),
        "upcoming_training": upcoming,
        "question": question,
        "held_training": held,
        "evaluation": evaluation,
        "poll": poll,
        "potential": potential,
        "enterprise": enterprise,
        "programme": programme,
        "report": report,
        "report_attachment": report_attachment,
        "invitation": invitation,
        "notification": notification,
    }
    assert all(isinstance(user, User | None) for user in actors.values())
    return actors, objects
