"""Build a national-scale (or one-kabupaten) synthetic load on the real region tree, for the benchmark.

Every village in the chosen scope joins, with the same density per village in both profiles:
8 officials, its kecamatan's network (plus one thematic network per kabupaten), 3 meetings over two
years with 10 registrations each, 0.6 practices and 2.4 adoptions, one discussion thread of 6 posts,
12 monthly reports, 3 years of IDM scores and 3 notifications per official. Rows are written with
COPY on PostgreSQL (explicit ids, foreign keys checked at commit) and batched INSERTs elsewhere, in
one transaction: an interrupted run leaves nothing behind. It writes into whatever database
DATABASE_URL names, so it refuses to run unless DEBUG is on or --i-know-this-is-scratch is given.
"""

import json
import random
import time as clock
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import StaffRole, User
from forums.models import Network, NetworkMembership, Post, Thread
from knowledge.models import Adoption, Practice, Topic
from meetings.models import Meeting, Registration
from notifications.models import Notification
from portal import scale_text as text
from portal.management.commands.seed_demo import DEMO_PASSWORD
from regions.models import Region
from reports.models import ActivityReport, ReviewReminder
from villages.models import IdmScore, Official, Position, Village

SEED_DOMAIN = "skala.forumdesa.test"
# The outcome of the review reminders a seeded history would have sent long ago.
SEEDED = "seeded"
PROFILES = {"kabupaten": "33.01", "national": None}
OFFICIALS_PER_VILLAGE = len(text.POSITIONS)
MEETINGS_PER_VILLAGE = 3
REGISTRATIONS_PER_MEETING = 10
PRACTICE_SHARE = 0.6
POSTS_PER_THREAD = 6
REPORT_MONTHS = 12
IDM_YEARS = (2022, 2023, 2024)
NOTIFICATIONS_PER_OFFICIAL = 3

# Kept by --reset: the reference data the migrations load, and the tables Django itself owns.
KEEP_ON_RESET = {"villages_region", "villages_position", "knowledge_topic", "knowledge_sdggoal"}

# The benchmark's staff and admin sign in with this authenticator-app secret (two-factor sign-in is
# required of them); a scratch database only, like everything this command writes.
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
# The representative users the benchmark logs in as (the demo's addresses, plus a province user).
REPRESENTATIVES = {
    "admin": ("admin@forumdesa.test", "Admin ForumDesa"),
    "official": ("sekdes.serang@forumdesa.test", "Siti Rahayu"),
    "camat": ("camat.cipari@forumdesa.test", "Hendra Wijaya"),
    "dpmd": ("dpmd.cilacap@forumdesa.test", "Rina Kusumawati"),
    "province": ("provinsi.jateng@forumdesa.test", "Sri Wahyuni"),
}
PREFERRED = {"village": "33.01.18.2006", "kecamatan": "33.01.18", "kabupaten": "33.01", "province": "33"}


class Writer:
    """Appends rows with explicit ids: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, out):
        self.out = out
        self.postgres = connection.vendor == "postgresql"
        self.next_ids = {}
        self.counts = defaultdict(int)

    def reserve(self, model):
        """The first free id of the model's table (the seed is the only writer of a scratch database)."""
        table = model._meta.db_table
        if table not in self.next_ids:
            found = model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self.next_ids[table] = found + 1
        return self.next_ids[table]

    def advance(self, model, used):
        self.next_ids[model._meta.db_table] = self.reserve(model) + used

    def write(self, model, fields, rows):
        meta = model._meta
        field_objs = [meta.get_field(name) for name in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in field_objs)
        table = connection.ops.quote_name(meta.db_table)
        began, written = clock.perf_counter(), 0
        json_at = [i for i, f in enumerate(field_objs) if isinstance(f, models.JSONField)]
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        if json_at:
                            row = list(row)
                            for i in json_at:
                                row[i] = json.dumps(row[i])
                        copy.write_row(row)
                        written += 1
                        if written % 200_000 == 0:
                            self.progress(meta.db_table, written, began)
            else:
                marks = ", ".join(["%s"] * len(fields))
                sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from model metadata
                batch = []
                for row in rows:
                    batch.append([f.get_db_prep_save(v, connection) for f, v in zip(field_objs, row, strict=True)])
                    if len(batch) == 5000:
                        cursor.executemany(sql, batch)
                        written += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    written += len(batch)
        self.counts[meta.db_table] += written
        self.progress(meta.db_table, written, began, done=True)
        return written

    def progress(self, table, written, began, done=False):
        seconds = clock.perf_counter() - began
        self.out.write(f"  {table}: {written:,} baris{' ' if done else '… '}({seconds:.1f} dtk)")
        self.out.flush()

    def fix_sequences(self):
        if not self.postgres:
            return  # SQLite's AUTOINCREMENT follows the highest id inserted
        with connection.cursor() as cursor:
            for table in self.counts:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))",  # noqa: S608
                    [table],
                )


class Command(BaseCommand):
    help = "Isi basis data uji beban: semua desa di wilayah profil, dengan kepadatan kegiatan yang sama per desa."

    def add_arguments(self, parser):
        parser.add_argument("--profile", choices=sorted(PROFILES), required=True)
        parser.add_argument("--region", help="Kode wilayah pengganti untuk profil kabupaten (mis. 33.02).")
        parser.add_argument("--reset", action="store_true", help="Kosongkan dulu semua data selain referensi.")
        parser.add_argument("--i-know-this-is-scratch", action="store_true", dest="scratch")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, profile, region=None, reset=False, scratch=False, seed=2026, **options):
        if not settings.DEBUG and not scratch:
            raise CommandError(
                "seed_scale menulis jutaan baris ke basis data DATABASE_URL: jalankan dengan DEBUG=1 "
                "atau --i-know-this-is-scratch."
            )
        scope = region or PROFILES[profile]
        if profile == "national" and region:
            raise CommandError("--region hanya untuk profil kabupaten.")
        places = Region.objects.filter(level=Region.Level.VILLAGE)
        if scope:
            places = places.within(scope)
        if not places.exists():
            raise CommandError(f"Tidak ada desa di wilayah {scope or 'nasional'}: jalankan dulu import_regions.")
        began = clock.perf_counter()
        if reset:
            self.reset()
        elif self.already_seeded(scope):
            self.stdout.write(f"Wilayah {scope or 'nasional'} sudah berisi data skala; tidak ada yang ditambah.")
            self.ensure_representatives(scope)
            return
        self.rng = random.Random(seed)
        self.now = timezone.now().replace(microsecond=0)
        self.writer = Writer(self.stdout)
        with transaction.atomic():
            if self.writer.postgres:
                # Rows refer forward (registrations before their meetings): checked at commit.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            self.seed(places)
            self.writer.fix_sequences()
            self.ensure_representatives(scope)
        # The bulk writes sent no signals: the dashboards' monthly rows and each official's last
        # participation (one UPDATE from aggregates) are counted once here.
        call_command("rebuild_activity_months", region=scope or None, verbosity=options.get("verbosity", 1))
        call_command("rebuild_last_active", verbosity=options.get("verbosity", 1))
        self.close_past_review_reminders()
        self.analyze()
        total = sum(self.writer.counts.values())
        self.stdout.write(self.style.SUCCESS(f"Selesai: {total:,} baris dalam {clock.perf_counter() - began:.0f} dtk."))

    # -- re-running --------------------------------------------------------------------------

    def already_seeded(self, scope):
        seeded = Official.objects.filter(user__email__endswith=f"@{SEED_DOMAIN}")
        if scope:
            seeded = seeded.filter(village__region__code__startswith=f"{scope}.")
        return seeded.exists()

    def reset(self):
        tables = [t for t in connection.introspection.django_table_names(only_existing=True) if t not in KEEP_ON_RESET]
        tables = [t for t in tables if not t.startswith(("django_", "auth_permission"))]
        statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Checks deferred to commit (by an enclosing transaction) must run before TRUNCATE.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in statements:
                cursor.execute(sql)
        self.stdout.write(f"Dikosongkan: {len(tables)} tabel.")

    def close_past_review_reminders(self):
        """The seeded reports waited in review in the past, when a live site would have sent their
        review reminders: those are made and closed as history, so the scheduler's first scan does
        not find a backlog of years (ReviewReminder.prepare_due makes them for waiting reports)."""
        ReviewReminder.prepare_due(self.now)
        closed = ReviewReminder.objects.pending().filter(due_at__lte=self.now).close(SEEDED, self.now)
        self.stdout.write(f"Pengingat tinjauan lampau ditutup: {closed:,}.")

    def analyze(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write("ANALYZE selesai.")

    # -- the data ----------------------------------------------------------------------------

    def seed(self, places):
        rng, writer = self.rng, self.writer
        self.stdout.write("Desa anggota…")
        existing = set(Village.objects.filter(region__in=places).values_list("region_id", flat=True))
        first = writer.reserve(Village)
        new_places = [r for r in places.order_by("code").values_list("pk", "name") if r[0] not in existing]
        joined = self.now - timedelta(days=800)

        def village_row(n, pk, name):
            phone = f"0{rng.randint(200, 999)} {rng.randint(100000, 999999)}"
            # Once the profile's list of potentials: still drawn, so every row seeded after it keeps its values.
            rng.sample(text.PRACTICE_SUBJECTS, 2)
            address = f"Jl. Raya {name} No. {n % 90 + 1}"
            description = f"Pemerintah Desa {name} aktif berbagi praktik baik dengan desa tetangga."
            return (first + n, pk, description, address, phone, "", "", joined)

        writer.write(
            Village,
            ["id", "region", "description", "office_address", "phone", "email", "logo", "joined_at"],
            (village_row(n, pk, name) for n, (pk, name) in enumerate(new_places)),
        )
        writer.advance(Village, len(new_places))
        codes = dict(Region.objects.filter(level__lte=3).values_list("code", "pk"))
        self.villages = [
            (pk, code, code.rsplit(".", 1)[0], code[:5])
            for pk, code in Village.objects.filter(region__in=places)
            .order_by("region__code")
            .values_list("pk", "region__code")
        ]
        self.region_ids = codes
        self.seed_officials()
        self.seed_networks()
        self.seed_meetings()
        self.seed_library()
        self.seed_discussions()
        self.seed_reports_and_idm()
        self.seed_notifications()

    def seed_officials(self):
        rng, writer = self.rng, self.writer
        self.stdout.write("Pengguna dan perangkat desa…")
        positions = dict(Position.objects.values_list("code", "pk"))
        names = dict(Position.objects.values_list("code", "name"))
        first_user, first_official = writer.reserve(User), writer.reserve(Official)
        self.by_kecamatan = defaultdict(list)  # kecamatan code → [(user id, village id, position name)]
        self.kades = {}
        people = []
        for vi, (village_id, code, kec, _kab) in enumerate(self.villages):
            for i, position in enumerate(text.POSITIONS):
                user_id = first_user + vi * OFFICIALS_PER_VILLAGE + i
                name = f"{rng.choice(text.FIRST_NAMES)} {rng.choice(text.LAST_NAMES)}"
                people.append((user_id, name, village_id, position, code))
                self.by_kecamatan[kec].append((user_id, village_id, names[position]))
                if i == 0:
                    self.kades[village_id] = user_id
        self.user_ids = [p[0] for p in people]
        joined = self.now - timedelta(days=700)
        writer.write(
            User,
            ["id", "password", "last_login", "is_superuser", "email", "full_name", "phone", "language", "is_staff"]
            + ["is_active", "date_joined"],
            (
                (uid, "!skala", None, False, f"p{uid}@{SEED_DOMAIN}", name, "", "id", False, True, joined)
                for uid, name, _v, _p, _c in people
            ),
        )
        writer.advance(User, len(people))
        writer.write(
            Official,
            ["id", "user", "village", "position", "sk_number", "sk_date", "term_start", "term_end", "status"]
            + ["created_at", "decided_at", "decided_by", "decision_note"],
            (
                (
                    first_official + n,
                    uid,
                    vid,
                    positions[pos],
                    f"141/{n % 97 + 1}/{code[-4:]}/2021",
                    date(2021, 3, 1),
                    date(2021, 3, 1),
                    date(2029, 3, 1),
                    "active",
                    joined,
                    joined,
                    None,
                    "",
                )
                for n, (uid, _name, vid, pos, code) in enumerate(people)
            ),
        )
        writer.advance(Official, len(people))

    def seed_networks(self):
        writer = self.writer
        self.stdout.write("Jaringan…")
        kecamatans = sorted({kec for _v, _c, kec, _k in self.villages})
        kabupatens = sorted({kab for _v, _c, _kec, kab in self.villages})
        existing = dict(Network.objects.filter(kind=Network.Kind.KECAMATAN).values_list("cover_region__code", "pk"))
        names = dict(Region.objects.filter(code__in=kecamatans + kabupatens).values_list("code", "name"))
        first = writer.reserve(Network)
        rows, self.kec_network, self.theme_network = [], dict(existing), {}
        for kec in kecamatans:
            if kec not in existing:
                self.kec_network[kec] = first + len(rows)
                rows.append(
                    (
                        first + len(rows),
                        f"Forum Kecamatan {names[kec]}",
                        f"skala-kec-{kec.replace('.', '-')}",
                        "kecamatan",
                        "",
                        "Forum perangkat desa se-kecamatan",
                        self.region_ids[kec],
                        None,
                        self.now,
                    )
                )
        for n, kab in enumerate(kabupatens):
            title, topic = text.THEMES[n % len(text.THEMES)]
            self.theme_network[kab] = first + len(rows)
            rows.append(
                (
                    first + len(rows),
                    f"{title} {names[kab]}",
                    f"skala-tema-{kab.replace('.', '-')}",
                    "thematic",
                    f"{title} untuk desa-desa di {names[kab]}.",
                    topic,
                    self.region_ids[kab],
                    None,
                    self.now,
                )
            )
        writer.write(
            Network,
            ["id", "name", "slug", "kind", "description", "topic", "cover_region", "created_by", "created_at"],
            rows,
        )
        writer.advance(Network, len(rows))
        open_pairs = set(
            NetworkMembership.objects.filter(state__in=NetworkMembership.OPEN_STATES).values_list(
                "network_id", "village_id"
            )
        )
        pairs = []
        for vi, (village_id, _code, kec, kab) in enumerate(self.villages):
            pairs.append((self.kec_network[kec], village_id))
            if vi % 3 == 0:
                pairs.append((self.theme_network[kab], village_id))
        pairs = [p for p in pairs if p not in open_pairs]
        first = writer.reserve(NetworkMembership)
        writer.write(
            NetworkMembership,
            ["id", "network", "village", "state", "note", "started_by", "decided_by", "created_at", "decided_at"]
            + ["ended_at"],
            (
                (first + n, net, vid, "active", "", None, None, self.now, self.now, None)
                for n, (net, vid) in enumerate(pairs)
            ),
        )
        writer.advance(NetworkMembership, len(pairs))

    def seed_meetings(self):
        rng, writer = self.rng, self.writer
        self.stdout.write("Rapat dan pendaftaran…")
        first_meeting, first_reg = writer.reserve(Meeting), writer.reserve(Registration)
        through = Meeting.audience_villages.through
        first_through = writer.reserve(through)
        meetings, invited = [], []
        reg_id = first_reg
        span = 730  # days: 18 months back, 6 months ahead
        kinds = [k for k, _label in Meeting.Kind.choices]

        def registrations():
            nonlocal reg_id
            for meeting in meetings:
                mid, kec, starts, past = meeting["id"], meeting["kec"], meeting["starts"], meeting["past"]
                pool = self.by_kecamatan[kec]
                came = 0
                for user_id, village_id, position in rng.sample(pool, min(REGISTRATIONS_PER_MEETING, len(pool))):
                    cancelled = rng.random() < 0.05
                    attended = past and not cancelled and rng.random() < 0.75
                    came += attended
                    created = starts - timedelta(days=rng.randint(1, 14))
                    yield (
                        reg_id,
                        mid,
                        user_id,
                        village_id,
                        position,
                        "cancelled" if cancelled else "registered",
                        created,
                        created + timedelta(hours=5) if cancelled else None,
                        attended,
                        starts + timedelta(minutes=rng.randint(0, 30)) if attended else None,
                    )
                    reg_id += 1
                meeting["came"] = came

        for vi, (village_id, code, kec, kab) in enumerate(self.villages):
            for k in range(MEETINGS_PER_VILLAGE):
                mid = first_meeting + len(meetings)
                day = self.now - timedelta(days=rng.randint(-span // 4, span * 3 // 4))
                starts = day.replace(hour=rng.choice([1, 2, 6]), minute=0, second=0)  # 08.00, 09.00, 13.00 WIB
                roll = rng.random()
                if roll < 0.6:
                    audience = ("network", self.kec_network[kec], None)
                elif roll < 0.85:
                    audience = ("region", None, self.region_ids[kec])
                elif roll < 0.95:
                    audience = ("region", None, self.region_ids[kab])
                else:
                    audience = ("villages", None, None)
                    neighbours = [v for v, _c, kc, _k in self.villages[max(0, vi - 3) : vi + 4] if kc == kec]
                    for vid in neighbours:
                        invited.append((first_through + len(invited), mid, vid))
                meetings.append(
                    {
                        "id": mid,
                        "kec": kec,
                        "starts": starts,
                        "past": starts < self.now,
                        "village": village_id,
                        "audience": audience,
                        "kind": kinds[(vi + k) % len(kinds)],
                        "title": rng.choice(text.MEETING_TITLES),
                        "place": f"{rng.choice(text.MEETING_PLACES)} {code}",
                        "capacity": rng.choice([None, 40, 60]),
                    }
                )
        # Registrations first: they decide each meeting's attendance; foreign keys are checked at commit.
        written = writer.write(
            Registration,
            ["id", "meeting", "user", "village", "position_name", "status", "created_at", "cancelled_at", "attended"]
            + ["checked_in_at"],
            registrations(),
        )
        writer.advance(Registration, written)
        writer.write(
            Meeting,
            ["id", "title", "kind", "agenda", "host_village", "host_region", "created_by", "series", "starts_at"]
            + ["ends_at", "place", "online_url", "capacity", "registration_deadline", "audience_kind"]
            + ["audience_network", "audience_region", "status", "attended_count", "created_at", "updated_at"],
            (
                (
                    m["id"],
                    m["title"],
                    m["kind"],
                    "1. Pembukaan\n2. Paparan\n3. Diskusi dan tindak lanjut",
                    m["village"],
                    None,
                    self.kades[m["village"]],
                    None,
                    m["starts"],
                    m["starts"] + timedelta(hours=3),
                    m["place"],
                    "",
                    m["capacity"],
                    None,
                    m["audience"][0],
                    m["audience"][1],
                    m["audience"][2],
                    "completed" if m["past"] else "scheduled",
                    m["came"] if m["past"] else None,
                    m["starts"] - timedelta(days=20),
                    m["starts"] - timedelta(days=20),
                )
                for m in meetings
            ),
        )
        writer.advance(Meeting, len(meetings))
        writer.write(through, ["id", "meeting", "village"], invited)
        writer.advance(through, len(invited))

    def seed_library(self):
        rng, writer = self.rng, self.writer
        self.stdout.write("Pustaka praktik baik…")
        topics = list(Topic.objects.values_list("pk", flat=True))
        first = writer.reserve(Practice)
        topic_through, author_through = Practice.topics.through, Practice.authors.through
        first_topic, first_author = writer.reserve(topic_through), writer.reserve(author_through)
        practices, topic_rows, author_rows, self.by_kabupaten = [], [], [], defaultdict(list)
        funding = ["dana_desa", "apbdes", "csr", "swadaya", "pemerintah"]
        for village_id, code, _kec, kab in self.villages:
            if rng.random() >= PRACTICE_SHARE:
                continue
            pid = first + len(practices)
            subject = rng.choice(text.PRACTICE_SUBJECTS)
            title = f"{rng.choice(text.PRACTICE_VERBS)} {subject} {rng.choice(text.PRACTICE_WHO)}"
            n = rng.randint(12, 80)
            results = " ".join(
                r.format(n=n, m=n // 2, k=rng.randint(2, 15) * 100, p=rng.randint(20, 70))
                for r in rng.sample(text.RESULTS, 2)
            )
            published = self.now - timedelta(days=rng.randint(1, 700), hours=rng.randint(0, 23))
            status = "published" if rng.random() < 0.9 else rng.choice(["draft", "submitted"])
            author = self.kades[village_id] + rng.randint(0, 2)
            practices.append(
                (
                    pid,
                    village_id,
                    author,
                    title[:200],
                    f"Desa {code} menjalankan {subject}: {results}",
                    " ".join(rng.sample(text.PROBLEMS, 2)),
                    " ".join(rng.sample(text.STEPS, 3)),
                    results,
                    rng.randint(5, 400) * 500_000,
                    rng.choice(funding),
                    published.date() - timedelta(days=200),
                    None,
                    status,
                    "",
                    published if status != "draft" else None,
                    published if status == "published" else None,
                    None,
                    published - timedelta(days=3),
                    published,
                )
            )
            if status == "published":
                self.by_kabupaten[kab].append(pid)
            for topic in rng.sample(topics, min(2, len(topics))):
                topic_rows.append((first_topic + len(topic_rows), pid, topic))
            author_rows.append((first_author + len(author_rows), pid, author))
        writer.write(
            Practice,
            ["id", "village", "created_by", "title", "summary", "problem", "steps", "results", "cost"]
            + ["funding_source", "started_on", "ended_on", "status", "return_reason", "submitted_at"]
            + ["published_at", "published_by", "created_at", "updated_at"],
            practices,
        )
        writer.advance(Practice, len(practices))
        writer.write(topic_through, ["id", "practice", "topic"], topic_rows)
        writer.advance(topic_through, len(topic_rows))
        writer.write(author_through, ["id", "practice", "user"], author_rows)
        writer.advance(author_through, len(author_rows))
        if writer.postgres and practices:
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE knowledge_practice SET search_vector ="
                    " setweight(to_tsvector('indonesian', coalesce(title, '')), 'A')"
                    " || setweight(to_tsvector('indonesian', coalesce(summary, '')), 'B')"
                    " || setweight(to_tsvector('indonesian', coalesce(problem, '')), 'C')"
                    " || setweight(to_tsvector('indonesian', coalesce(steps, '')), 'C')"
                    " || setweight(to_tsvector('indonesian', coalesce(results, '')), 'C')"
                    " WHERE id >= %s",
                    [first],
                )
        first = writer.reserve(Adoption)
        adoptions = []
        everywhere = [p for pids in self.by_kabupaten.values() for p in pids]
        for village_id, _code, _kec, kab in self.villages:
            pool = self.by_kabupaten.get(kab) or everywhere
            if not pool:
                continue
            count = 3 if rng.random() < 0.4 else 2
            for pid in rng.sample(pool, min(count, len(pool))):
                day = self.now.date() - timedelta(days=rng.randint(1, 500))
                adoptions.append(
                    (
                        first + len(adoptions),
                        pid,
                        village_id,
                        day,
                        "Disesuaikan dengan anggaran dan musim di desa kami.",
                        "Warga terlibat lebih banyak dari perkiraan.",
                        self.kades[village_id],
                        self.now,
                        self.now,
                    )
                )
        writer.write(
            Adoption,
            ["id", "practice", "village", "adopted_on", "changes", "result", "recorded_by", "created_at", "updated_at"],
            adoptions,
        )
        writer.advance(Adoption, len(adoptions))

    def seed_discussions(self):
        rng, writer = self.rng, self.writer
        self.stdout.write("Diskusi…")
        first_thread, first_post = writer.reserve(Thread), writer.reserve(Post)
        threads, posts = [], []
        for village_id, _code, kec, _kab in self.villages:
            tid = first_thread + len(threads)
            pool = self.by_kecamatan[kec]
            opened = self.now - timedelta(days=rng.randint(1, 600), minutes=rng.randint(0, 1440))
            at = opened
            for n in range(POSTS_PER_THREAD):
                user_id, author_village, _position = (
                    (self.kades[village_id] + 1, village_id, "") if n == 0 else rng.choice(pool)
                )
                body = " ".join(rng.sample(text.POST_SENTENCES, 2))
                posts.append(
                    (first_post + len(posts), tid, user_id, author_village, body, n == 0, at, None, False, None)
                )
                at += timedelta(hours=rng.randint(1, 48))
            subject = rng.choice(text.PRACTICE_SUBJECTS)
            threads.append(
                (
                    tid,
                    self.kec_network[kec],
                    rng.choice(text.THREAD_TITLES).format(s=subject),
                    self.kades[village_id] + 1,
                    opened,
                    posts[-1][6],
                    POSTS_PER_THREAD - 1,
                    False,
                    False,
                    False,
                )
            )
        writer.write(
            Thread,
            ["id", "network", "title", "author", "created_at", "last_post_at", "reply_count", "is_pinned", "is_locked"]
            + ["is_hidden"],
            threads,
        )
        writer.advance(Thread, len(threads))
        writer.write(
            Post,
            ["id", "thread", "author", "author_village", "body", "is_opening", "created_at", "edited_at", "is_hidden"]
            + ["hidden_by"],
            posts,
        )
        writer.advance(Post, len(posts))

    def seed_reports_and_idm(self):
        rng, writer = self.rng, self.writer
        self.stdout.write("Laporan kegiatan dan IDM…")
        this_month = self.now.date().replace(day=1)
        months = []
        day = this_month
        for _ in range(REPORT_MONTHS):
            end = day - timedelta(days=1)
            day = end.replace(day=1)
            months.append((day, end))
        first = writer.reserve(ActivityReport)
        statuses = ["approved"] * 6 + ["submitted", "submitted", "returned", "draft"]

        def reports():
            n = 0
            for village_id, _code, _kec, _kab in self.villages:
                for start, end in months:
                    status = rng.choice(statuses)
                    submitted = datetime.combine(end + timedelta(days=rng.randint(1, 12)), datetime.min.time())
                    submitted = timezone.make_aware(submitted) if status != "draft" else None
                    yield (
                        first + n,
                        village_id,
                        "monthly",
                        start,
                        end,
                        end + timedelta(days=10),
                        status,
                        {},
                        "Kegiatan bulan ini: rapat rutin perangkat, pelayanan warga dan musyawarah dusun.",
                        "Program berjalan sesuai rencana.",
                        "Sinyal internet di dusun atas lemah.",
                        "Melanjutkan pelatihan bulan depan.",
                        self.kades[village_id] + 1,
                        submitted or self.now,
                        submitted or self.now,
                        submitted,
                        submitted if status == "approved" else None,
                    )
                    n += 1

        written = writer.write(
            ActivityReport,
            ["id", "village", "frequency", "period_start", "period_end", "due_on", "status", "figures", "narrative"]
            + ["achievements", "obstacles", "next_steps", "created_by", "created_at", "updated_at", "submitted_at"]
            + ["approved_at"],
            reports(),
        )
        writer.advance(ActivityReport, written)
        existing = set(IdmScore.objects.values_list("village_id", "year"))
        first = writer.reserve(IdmScore)
        scores = []
        for village_id, _code, _kec, _kab in self.villages:
            base = rng.uniform(0.45, 0.85)
            for k, year in enumerate(IDM_YEARS):
                if (village_id, year) not in existing:
                    score = Decimal(f"{min(0.99, base + 0.02 * k):.4f}")
                    scores.append((first + len(scores), village_id, year, score))
        writer.write(IdmScore, ["id", "village", "year", "score"], scores)
        writer.advance(IdmScore, len(scores))

    def seed_notifications(self):
        rng, writer = self.rng, self.writer
        self.stdout.write("Notifikasi…")
        first = writer.reserve(Notification)
        kinds = [
            ("meetings", "Undangan rapat baru"),
            ("discussions", "Balasan baru di forum"),
            ("reports", "Laporan kegiatan menunggu"),
            ("library", "Praktik baik baru terbit"),
        ]

        def rows():
            n = 0
            for user_id in self.user_ids:
                for k in range(NOTIFICATIONS_PER_OFFICIAL):
                    kind, title = kinds[(user_id + k) % len(kinds)]
                    created = self.now - timedelta(hours=rng.randint(1, 24 * 90))
                    read = created + timedelta(hours=3) if rng.random() < 0.6 else None
                    yield (
                        first + n,
                        user_id,
                        kind,
                        f"skala:{k}",
                        title,
                        f"{title} untuk desa Anda.",
                        "/",
                        False,
                        created,
                        read,
                        "sent",
                        created,
                    )
                    n += 1

        written = writer.write(
            Notification,
            ["id", "recipient", "kind", "key", "title", "body", "url", "transactional", "created_at", "read_at"]
            + ["email_state", "emailed_at"],
            rows(),
        )
        writer.advance(Notification, written)

    # -- who the benchmark logs in as ----------------------------------------------------------

    def ensure_representatives(self, scope):
        """The demo's representative users, placed on the preferred regions when they are in scope."""
        villages = Village.objects.select_related("region__parent__parent")
        if scope:
            villages = villages.within(scope)
        village = villages.filter(region__code=PREFERRED["village"]).first()
        village = village or villages.order_by("region__code").first()
        kecamatan, kabupaten = village.region.parent, village.region.parent.parent
        province = kabupaten.parent
        positions = {p.code: p for p in Position.objects.all()}
        for role, (email, name) in REPRESENTATIVES.items():
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            if role in ("admin", "camat", "dpmd", "province"):
                from allauth.mfa.models import Authenticator
                from allauth.mfa.totp.internal.auth import TOTP

                if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                    TOTP.activate(user, BENCH_TOTP_SECRET)
            if role == "admin" and not user.is_superuser:
                User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
            elif role == "official" and not Official.objects.active().filter(user=user).exists():
                Official.objects.create(
                    user=user, village=village, position=positions["SEKDES"], status=Official.Status.ACTIVE
                )
            elif role in ("camat", "dpmd", "province"):
                region = {"camat": kecamatan, "dpmd": kabupaten, "province": province}[role]
                title = {"camat": f"Camat {kecamatan.name}", "dpmd": f"Staf DPMD {kabupaten.name}"}.get(
                    role, f"Staf Provinsi {province.name}"
                )
                StaffRole.objects.get_or_create(user=user, region=region, defaults={"title": title})
