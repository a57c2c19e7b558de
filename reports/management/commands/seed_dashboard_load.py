"""Build the dashboard load data set (300 villages of Kab. Cilacap with a year of meetings,
attendance and reports) and time the dashboards with the test client. For measuring, never for
production data: it writes into whatever database DATABASE_URL names."""

import random
import time as clock
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from accounts.models import StaffRole, User
from meetings.models import Meeting, Registration
from regions.models import Region
from reports.dashboards import add_months, month_start
from reports.models import ActivityReport
from villages.models import Official, Position, Village

WIB = ZoneInfo("Asia/Jakarta")


class Command(BaseCommand):
    help = "Seed 300 villages in Kab. Cilacap with a year of activity and time the dashboards."

    def add_arguments(self, parser):
        parser.add_argument("--villages", type=int, default=300)
        parser.add_argument("--skip-seed", action="store_true")

    def handle(self, *args, villages, skip_seed, **options):
        if not skip_seed:
            self.seed(villages)
        for label, url, seconds, queries in self.measure():
            self.stdout.write(f"{label}: {seconds * 1000:.0f} ms, {queries} queries ({url})")

    @transaction.atomic
    def seed(self, count):
        if Region.objects.filter(code__startswith="33.01.", level=4).count() < count:
            call_command("import_regions", only=["33.01"], verbosity=0)
        rng = random.Random(2026)
        places = list(Region.objects.filter(code__startswith="33.01.", level=4).order_by("code")[:count])
        Village.objects.bulk_create([Village(region=p) for p in places], ignore_conflicts=True)
        village_list = list(Village.objects.filter(region__in=places).select_related("region"))
        staff = Position.objects.get(code="STAF")
        users = User.objects.bulk_create(
            [
                User(email=f"beban{v.pk}-{i}@forumdesa.test", full_name=f"Perangkat {v.pk}-{i}")
                for v in village_list
                for i in range(3)
            ]
        )
        officials = Official.objects.bulk_create(
            [
                Official(user=u, village=village_list[n // 3], position=staff, status="active")
                for n, u in enumerate(users)
            ]
        )
        today = timezone.localdate()
        first = add_months(month_start(today), -11)
        meetings, regs, reports = [], [], []
        for v in village_list:
            for m in range(12):
                month = add_months(first, m)
                starts = datetime(month.year, month.month, rng.randint(1, 27), 9, tzinfo=WIB)
                meetings.append(
                    Meeting(
                        title="Rapat rutin",
                        host_village=v,
                        audience_kind="region",
                        audience_region=v.region.parent,
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                    )
                )
        meetings = Meeting.objects.bulk_create(meetings)
        for meeting in meetings:
            for official in rng.sample(officials, 4):
                regs.append(
                    Registration(
                        meeting=meeting,
                        user_id=official.user_id,
                        village_id=official.village_id,
                        position_name="Staf",
                        status="registered",
                        attended=rng.random() < 0.7,
                    )
                )
        Registration.objects.bulk_create(regs, batch_size=2000)
        for v in village_list:
            for m in range(12):
                start = add_months(first, m)
                end = add_months(start, 1) - timedelta(days=1)
                status = rng.choice(["approved", "approved", "submitted", "returned", "draft"])
                reports.append(
                    ActivityReport(
                        village=v,
                        frequency="monthly",
                        period_start=start,
                        period_end=end,
                        due_on=end + timedelta(days=10),
                        status=status,
                        submitted_at=None if status == "draft" else timezone.now(),
                    )
                )
        ActivityReport.objects.bulk_create(reports, ignore_conflicts=True)
        call_command("rebuild_activity_months", region="33.01", verbosity=0)
        call_command("rebuild_last_active", verbosity=0)
        if connection.vendor == "postgresql":
            # A live database has planner statistics (autovacuum); fresh bulk rows do not, and without
            # them PostgreSQL plans the correlated counts as if the tables were empty.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"seeded {len(village_list)} villages, {len(meetings)} meetings, {len(regs)} registrations")

    def measure(self):
        user, _made = User.objects.get_or_create(email="dpmd.beban@forumdesa.test", defaults={"full_name": "DPMD"})
        StaffRole.objects.get_or_create(user=user, region=Region.objects.get(code="33.01"), defaults={"title": "DPMD"})
        host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
        client = Client(HTTP_HOST=host)
        client.force_login(user)
        village = Village.objects.filter(region__code__startswith="33.01.").order_by("region__code").first()
        kecamatan = village.region.parent.code
        results = []
        from django.test.utils import CaptureQueriesContext

        for label, url in [
            ("kabupaten", "/laporan/dasbor/wilayah/33.01/"),
            ("kecamatan", f"/laporan/dasbor/wilayah/{kecamatan}/"),
            ("desa", f"/laporan/dasbor/desa/{village.region.code}/"),
            ("daftar laporan", "/laporan/"),
        ]:
            client.get(url, secure=True)  # warm
            with CaptureQueriesContext(connection) as queries:
                began = clock.perf_counter()
                response = client.get(url, secure=True)
                elapsed = clock.perf_counter() - began
            assert response.status_code == 200, response.status_code
            results.append((label, url, elapsed, len(queries)))
        return results
