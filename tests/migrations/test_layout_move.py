"""A database filled before the models moved between apps finds every row after `migrate`.

The moves only change Django's state (the tables keep their names), so what can go wrong is a
model whose new state does not match its old table, a relation that now points elsewhere, or a
content type left behind under the old app label, which would orphan admin history and
permissions. The test migrates back to the layout before the split, fills every moved table
through the historical models, migrates forward and reads it all back through today's models.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps as current_apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import StaffRole, User
from cooperation.models import (
    Agreement,
    AgreementFunding,
    CooperationReminder,
    ResourcePost,
    StaffExchange,
)
from forums.models import Network, Post, Thread
from knowledge.models import Practice
from meetings.models import Meeting
from notifications.models import Notification, NotificationSetting
from regions.models import Region
from reports.models import ActivityReport, ReportingSchedule
from villages.models import Village

# The last migration of each app before the split; later migrations are found in the graph.
OLD_LEAVES = [
    ("accounts", "0004_notifications"),
    ("villages", "0006_region_name_trigram_index"),
    ("knowledge", "0003_library_search_and_reference"),
    ("meetings", "0001_initial"),
    ("reports", "0001_initial"),
]


def _moves(old_app, new_app, names):
    return [(old_app, new_app, name) for name in names.split()]


MOVED_MODELS = [
    *_moves("villages", "regions", "region"),
    *_moves("villages", "forums", "network networkmembership"),
    *_moves("knowledge", "forums", "thread post postattachment postreport threadreader"),
    *_moves(
        "villages",
        "cooperation",
        "agreement agreementparty agreementfunding agreementdocument milestone agreementupdate agreementphoto"
        " cooperationreminder staffexchange resourcepost resourcemessage",
    ),
    *_moves("accounts", "notifications", "notification notificationsetting"),
]
NEW_APPS = {new_app for _old_app, new_app, _name in MOVED_MODELS}

AT = datetime.datetime(2025, 3, 4, 9, 30, tzinfo=datetime.UTC)
TODAY = datetime.date(2025, 3, 4)


def old_layout_targets(graph):
    """Migration targets that put the database back at the layout before the split.

    Apps the split did not touch (Django's, allauth's, and any later app or migration that needs
    none of the new migrations) stay where they are; a target list that sent one of them back and
    another forward would be refused by the executor.
    """
    touched = {app for app, _name in OLD_LEAVES} | NEW_APPS
    kept = set()
    for leaf in OLD_LEAVES:
        kept.update(graph.forwards_plan(leaf))
    for node in graph.nodes:
        if node[0] not in touched and all(
            dependency in kept or dependency[0] not in touched for dependency in graph.forwards_plan(node)
        ):
            kept.add(node)
    targets = []
    for app in sorted({app for app, _name in graph.nodes}):
        nodes = [node for node in kept if node[0] == app]
        # The app's latest kept migration is the one that needs all the others.
        targets.append(max(nodes, key=lambda node: len(graph.forwards_plan(node))) if nodes else (app, None))
    return targets


def migrate_to_latest():
    """The schema the tests after this one expect, whichever step failed."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    if executor.migration_plan(leaves):
        executor.migrate(leaves)


# --- Filling the database at the old layout, one helper per app ------------------------------------


def create_people(apps, w):
    user = apps.get_model("accounts", "User")
    for key, name in [
        ("kades", "Kepala Desa Sukamigrasi"),
        ("visitor", "Perangkat Tamu"),
        ("mentor", "Pendamping Tuan Rumah"),
        ("coordinator", "Koordinator Forum"),
        ("camat", "Camat Migrasi"),
        ("auditor", "Pemeriksa Hak Akses"),
    ]:
        setattr(w, key, user.objects.create(email=f"{key}@migrasi.test", full_name=name, password="!"))


def create_regions(apps, w):
    region = apps.get_model("villages", "Region")
    w.province = region.objects.create(code="99", name="PROVINSI MIGRASI", level=1, kind="provinsi")
    w.kabupaten = region.objects.create(
        code="99.01", name="KABUPATEN MIGRASI", level=2, kind="kabupaten", parent=w.province
    )
    w.kecamatan = region.objects.create(
        code="99.01.01", name="Migrasi", level=3, kind="kecamatan", parent=w.kabupaten, timezone="Asia/Makassar"
    )
    w.desa_a = region.objects.create(
        code="99.01.01.2001", name="Sukamigrasi", level=4, kind="desa", parent=w.kecamatan, postal_code="99111"
    )
    w.desa_b = region.objects.create(
        code="99.01.01.1002", name="Tabelbaru", level=4, kind="kelurahan", parent=w.kecamatan, postal_code="99112"
    )


def create_accounts(apps, w):
    apps.get_model("accounts", "StaffRole").objects.create(user=w.camat, region=w.kecamatan, title="Camat")
    notification = apps.get_model("accounts", "Notification")
    w.notification = notification.objects.create(
        recipient=w.kades,
        kind="cooperation",
        key="agreement-proposed:1",
        title="Kerja sama baru diajukan",
        body="Desa Tabelbaru mengajak kerja sama.",
        url="/kerja-sama/1/",
        read_at=AT,
        email_state="sent",
        emailed_at=AT,
    )
    apps.get_model("accounts", "NotificationSetting").objects.create(user=w.kades, kind="discussions", email="digest")


def create_villages(apps, w):
    position = apps.get_model("villages", "Position")
    village = apps.get_model("villages", "Village")
    official = apps.get_model("villages", "Official")
    # Flushes by earlier transactional tests take the seeded positions away.
    kades, _ = position.objects.get_or_create(
        code="KADES", defaults={"name": "Kepala Desa", "short_name": "Kades", "manages_village": True}
    )
    staff, _ = position.objects.get_or_create(code="STAF", defaults={"name": "Staf", "short_name": "Staf"})
    w.village_a = village.objects.create(region=w.desa_a, description="Desa uji migrasi", potentials=["kopi"])
    w.village_b = village.objects.create(region=w.desa_b, office_address="Jl. Tabel 2")
    official.objects.create(user=w.kades, village=w.village_a, position=kades, status="active")
    w.visitor_official = official.objects.create(user=w.visitor, village=w.village_b, position=staff, status="active")
    w.mentor_official = official.objects.create(user=w.mentor, village=w.village_a, position=staff, status="active")


def create_forums(apps, w):
    network = apps.get_model("villages", "Network")
    w.network = network.objects.create(
        name="Forum Kecamatan Migrasi",
        slug="forum-kecamatan-migrasi",
        kind="kecamatan",
        cover_region=w.kecamatan,
        created_by=w.coordinator,
        description="Forum para kepala desa",
    )
    w.network.coordinators.add(w.coordinator)
    apps.get_model("villages", "NetworkMembership").objects.create(
        network=w.network, village=w.village_a, state="active", started_by=w.kades, decided_by=w.coordinator
    )

    w.thread = apps.get_model("knowledge", "Thread").objects.create(
        network=w.network, author=w.kades, title="Jadwal musdes", last_post_at=AT, reply_count=1, is_pinned=True
    )
    post = apps.get_model("knowledge", "Post")
    w.opening = post.objects.create(
        thread=w.thread, author=w.kades, author_village=w.village_a, body="Kapan musdes?", is_opening=True
    )
    w.reply = post.objects.create(thread=w.thread, author=w.coordinator, body="Minggu depan.", edited_at=AT)
    apps.get_model("knowledge", "PostAttachment").objects.create(
        post=w.opening,
        file="lampiran/undangan.pdf",
        original_name="undangan.pdf",
        content_type="application/pdf",
        size=2048,
        uploaded_by=w.kades,
    )
    apps.get_model("knowledge", "PostReport").objects.create(post=w.reply, reporter=w.visitor, reason="Tidak sopan")
    apps.get_model("knowledge", "ThreadReader").objects.create(
        thread=w.thread, user=w.visitor, last_read_at=AT, watch="watching"
    )


def create_meetings(apps, w):
    meeting = apps.get_model("meetings", "Meeting")
    common = {"kind": "routine", "ends_at": AT + datetime.timedelta(hours=2), "created_by": w.coordinator}
    w.network_meeting = meeting.objects.create(
        title="Rapat forum",
        starts_at=AT,
        audience_kind="network",
        audience_network=w.network,
        host_region=w.kecamatan,
        **common,
    )
    w.region_meeting = meeting.objects.create(
        title="Sosialisasi kabupaten",
        starts_at=AT,
        audience_kind="region",
        audience_region=w.kabupaten,
        host_village=w.village_a,
        **common,
    )
    w.network_meeting.organisers.add(w.coordinator)
    w.region_meeting.audience_villages.add(w.village_b)


def create_knowledge(apps, w):
    w.practice = apps.get_model("knowledge", "Practice").objects.create(
        village=w.village_a,
        title="Bank sampah",
        summary="Ringkas",
        problem="Sampah",
        steps="Memilah",
        results="Bersih",
        status="published",
        published_at=AT,
    )
    w.practice.meetings.add(w.network_meeting)


def create_cooperation(apps, w):
    get = apps.get_model
    w.agreement = get("villages", "Agreement").objects.create(
        title="Pengelolaan air bersih",
        field="pelayanan",
        scope="Air bersih untuk dua desa",
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=365),
        status="active",
        regulation_number="1/2025",
        lead_village=w.village_a,
        created_by=w.kades,
    )
    party = get("villages", "AgreementParty")
    party.objects.create(agreement=w.agreement, village=w.village_a, confirmed_by=w.kades, confirmed_at=AT)
    w.party_b = party.objects.create(agreement=w.agreement, village=w.village_b, rights="Air", obligations="Pipa")
    party.objects.create(agreement=w.agreement, name="BUMDes Bersama Tirta", third_party_kind="bumdes")
    get("villages", "AgreementFunding").objects.create(
        agreement=w.agreement, party=w.party_b, source="apbdes", amount=Decimal("15000000"), note="Tahap 1"
    )
    get("villages", "AgreementDocument").objects.create(
        agreement=w.agreement,
        file="kerja-sama/perbup.pdf",
        original_name="perbup.pdf",
        content_type="application/pdf",
        size=4096,
        uploaded_by=w.kades,
    )
    milestone = get("villages", "Milestone").objects.create(
        agreement=w.agreement, title="Pipa terpasang", due_on=TODAY, status="in_progress", progress=40, weight=3
    )
    update = get("villages", "AgreementUpdate").objects.create(
        agreement=w.agreement, happened_on=TODAY, text="Pipa datang", author=w.kades, village=w.village_a
    )
    get("villages", "AgreementPhoto").objects.create(
        update=update, file="kerja-sama/pipa.jpg", original_name="pipa.jpg", content_type="image/jpeg", size=1024
    )
    reminder = get("villages", "CooperationReminder")
    reminder.objects.create(agreement=w.agreement, milestone=milestone, kind="milestone_due", due_at=AT)
    reminder.objects.create(agreement=w.agreement, kind="agreement_expiry", due_at=AT, sent_at=AT, outcome="sent")
    get("villages", "StaffExchange").objects.create(
        visitor=w.visitor_official,
        home_village=w.village_b,
        host_village=w.village_a,
        host_mentor=w.mentor_official,
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=5),
        learning_goals="Belajar tata kelola air",
        status="accepted",
        requested_by=w.visitor,
        decided_by=w.kades,
        decided_at=AT,
    )
    w.resource = get("villages", "ResourcePost").objects.create(
        village=w.village_a,
        region=w.kabupaten,
        kind="offer",
        category="peralatan",
        title="Pompa air",
        description="Dipinjamkan",
        valid_until=TODAY,
        status="closed",
        fulfilled=True,
        fulfilled_with=w.village_b,
        author=w.kades,
    )
    get("villages", "ResourceMessage").objects.create(
        post=w.resource, sender=w.visitor, sender_village=w.village_b, text="Kami butuh"
    )


def create_reports(apps, w):
    apps.get_model("reports", "ReportingSchedule").objects.create(
        kabupaten=w.kabupaten, frequency="quarterly", due_days_after_period=15, updated_by=w.camat
    )
    apps.get_model("reports", "ActivityReport").objects.create(
        village=w.village_a,
        frequency="monthly",
        period_start=datetime.date(2025, 2, 1),
        period_end=datetime.date(2025, 2, 28),
        due_on=datetime.date(2025, 3, 10),
        figures={"musdes": 1},
        created_by=w.kades,
    )


def create_admin_history(apps, w):
    """For each moved model, the content type under its old label, a permission on it and an admin log entry."""
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    log_entry = apps.get_model("admin", "LogEntry")
    w.content_types, w.log_entries = {}, {}
    for old_app, _new_app, name in MOVED_MODELS:
        ct, _ = content_type.objects.get_or_create(app_label=old_app, model=name)
        perm, _ = permission.objects.get_or_create(
            content_type=ct, codename=f"view_{name}", defaults={"name": f"Can view {name}"}
        )
        w.auditor.user_permissions.add(perm)
        # The newest row is one made here, not one of the sample regions imported for every run.
        row = apps.get_model(old_app, name).objects.order_by("-pk").first()
        w.content_types[name] = ct.pk
        w.log_entries[name] = log_entry.objects.create(
            user=w.kades, content_type=ct, object_id=str(row.pk), object_repr=f"{name} {row.pk}", action_flag=2
        ).pk


def fill_old_layout(apps):
    """At least one row in every moved table; returns the rows the checks after the move look for."""
    w = SimpleNamespace()
    create_people(apps, w)
    create_regions(apps, w)
    create_villages(apps, w)
    create_accounts(apps, w)
    create_forums(apps, w)
    create_meetings(apps, w)
    create_knowledge(apps, w)
    create_cooperation(apps, w)
    create_reports(apps, w)
    create_admin_history(apps, w)
    return w


def table_rows(model_of):
    """Every row of every moved table (and of their many-to-many tables), keyed by the new label."""
    rows = {}
    for old_app, new_app, name in MOVED_MODELS:
        model = model_of(old_app, new_app, name)
        rows[f"{new_app}.{name}"] = list(model.objects.order_by("pk").values())
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            rows[f"{new_app}.{name}.{field.name}"] = list(through.objects.order_by("pk").values())
    return rows


def before_columns(before, after):
    """The old rows, limited to the columns that still exist (a later migration such as
    cooperation's move onto the scheduler drops some; tests/migrations/test_scheduled_reminders.py
    checks what becomes of them)."""
    kept = set(after[0]) if after else set()
    return [{k: v for k, v in row.items() if k in kept} for row in before]


def same_columns(after, before):
    """The new rows, limited to the columns the old layout had."""
    kept = set(before[0]) if before else set()
    return [{k: v for k, v in row.items() if k in kept} for row in after]


# --- The test ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_rows_filled_at_the_old_layout_are_found_through_the_moved_models():
    executor = MigrationExecutor(connection)
    targets = old_layout_targets(executor.loader.graph)
    assert set(OLD_LEAVES) <= set(targets)
    try:
        executor.migrate(targets)
        executor = MigrationExecutor(connection)  # re-reads which migrations are applied now
        # Otherwise the forward run below would skip the moves (and their content type updates).
        assert not [node for node in executor.loader.applied_migrations if node[0] in NEW_APPS]
        old_apps = executor.loader.project_state([t for t in targets if t[1] is not None]).apps

        w = fill_old_layout(old_apps)
        before = table_rows(lambda old_app, new_app, name: old_apps.get_model(old_app, name))
        assert all(before[f"{new_app}.{name}"] for _old_app, new_app, name in MOVED_MODELS), "a moved table is empty"

        executor.migrate(executor.loader.graph.leaf_nodes())
        assert not MigrationExecutor(connection).migration_plan(executor.loader.graph.leaf_nodes())

        # Every row, column for column, under the new models.
        after = table_rows(lambda old_app, new_app, name: current_apps.get_model(new_app, name))
        assert after.keys() == before.keys()
        for label in before:
            assert same_columns(after[label], before[label]) == before_columns(before[label], after[label]), label

        check_relations(w)
        check_content_types(w)
    finally:
        migrate_to_latest()
        ContentType.objects.clear_cache()


def check_relations(w):
    desa_a = Region.objects.get(code="99.01.01.2001")
    assert desa_a.parent.parent.parent.pk == w.province.pk
    assert desa_a.village.pk == w.village_a.pk
    assert desa_a.timezone == "Asia/Jakarta" and desa_a.parent.timezone == "Asia/Makassar"
    assert Village.objects.get(pk=w.village_b.pk).region.code == "99.01.01.1002"
    assert StaffRole.objects.get(user_id=w.camat.pk).region.pk == w.kecamatan.pk

    network = Network.objects.get(slug="forum-kecamatan-migrasi")
    assert network.cover_region.pk == w.kecamatan.pk
    assert list(network.coordinators.values_list("email", flat=True)) == ["coordinator@migrasi.test"]
    assert [m.village.pk for m in network.memberships.all()] == [w.village_a.pk]

    thread = Thread.objects.get(pk=w.thread.pk)
    assert thread.network == network and thread.author.email == "kades@migrasi.test"
    assert [p.pk for p in thread.posts.all()] == [w.opening.pk, w.reply.pk]
    opening = Post.objects.get(pk=w.opening.pk)
    assert opening.thread == thread and opening.author_village.pk == w.village_a.pk
    assert [a.file.name for a in opening.attachments.all()] == ["lampiran/undangan.pdf"]
    assert [r.reporter.email for r in Post.objects.get(pk=w.reply.pk).reports.all()] == ["visitor@migrasi.test"]
    assert [(r.user.email, r.watch) for r in thread.readers.all()] == [("visitor@migrasi.test", "watching")]

    network_meeting = Meeting.objects.get(pk=w.network_meeting.pk)
    assert network_meeting.audience_network == network
    assert network_meeting.host_region.pk == w.kecamatan.pk
    region_meeting = Meeting.objects.get(pk=w.region_meeting.pk)
    assert region_meeting.audience_region.pk == w.kabupaten.pk
    assert network.meetings.get() == network_meeting
    assert list(Practice.objects.get(pk=w.practice.pk).meetings.all()) == [network_meeting]

    agreement = Agreement.objects.get(pk=w.agreement.pk)
    assert agreement.lead_village.pk == w.village_a.pk
    assert [(p.village_id, p.name) for p in agreement.parties.all()] == [
        (w.village_a.pk, ""),
        (w.village_b.pk, ""),
        (None, "BUMDes Bersama Tirta"),
    ]
    funding = AgreementFunding.objects.get(agreement=agreement)
    assert funding.party.village.pk == w.village_b.pk and funding.amount == Decimal("15000000")
    assert agreement.document.file.name == "kerja-sama/perbup.pdf"
    milestone = agreement.milestones.get()
    assert CooperationReminder.objects.get(agreement=agreement, kind="milestone_due").milestone == milestone
    assert [p.original_name for p in agreement.updates.get().photos.all()] == ["pipa.jpg"]
    exchange = StaffExchange.objects.get(requested_by__email="visitor@migrasi.test")
    assert exchange.visitor.user.email == "visitor@migrasi.test"
    assert exchange.host_mentor.user.email == "mentor@migrasi.test"
    assert (exchange.home_village.pk, exchange.host_village.pk) == (w.village_b.pk, w.village_a.pk)
    resource = ResourcePost.objects.get(pk=w.resource.pk)
    assert resource.region.pk == w.kabupaten.pk and resource.fulfilled_with.pk == w.village_b.pk
    assert [m.sender.email for m in resource.messages.all()] == ["visitor@migrasi.test"]

    assert ReportingSchedule.objects.get(kabupaten__code="99.01").kabupaten.pk == w.kabupaten.pk
    assert ActivityReport.objects.get(village__region__code="99.01.01.2001").figures == {"musdes": 1}

    kades = User.objects.get(email="kades@migrasi.test")
    notification = Notification.objects.get(pk=w.notification.pk)
    assert notification.recipient == kades and notification.key == "agreement-proposed:1"
    assert list(kades.notifications.all()) == [notification]
    assert NotificationSetting.objects.get(user=kades).email == "digest"


def check_content_types(w):
    ContentType.objects.clear_cache()
    for old_app, new_app, name in MOVED_MODELS:
        content_type = ContentType.objects.get(app_label=new_app, model=name)
        assert content_type.pk == w.content_types[name], f"{new_app}.{name} got a new content type"
        model = current_apps.get_model(new_app, name)
        assert ContentType.objects.get_for_model(model) == content_type

        entry = LogEntry.objects.get(pk=w.log_entries[name])
        assert entry.content_type == content_type
        assert isinstance(entry.get_edited_object(), model), f"{old_app}.{name} admin history"

    left_behind = [
        f"{old_app}.{name}"
        for old_app, _new_app, name in MOVED_MODELS
        if ContentType.objects.filter(app_label=old_app, model=name).exists()
    ]
    assert left_behind == []

    auditor = User.objects.get(email="auditor@migrasi.test")
    assert {f"{new_app}.view_{name}" for _old, new_app, name in MOVED_MODELS} <= auditor.get_all_permissions()
