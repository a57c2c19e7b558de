"""The migration that adds Official.last_active_at fills it for the data already there, as the
signals would have."""

from datetime import date, timedelta

import pytest

from forums import discussions
from forums.models import Network
from meetings.models import Meeting, Registration
from reports.models import ActivityReport
from tests.factories import OfficialFactory, VillageFactory, region
from tests.migrations.steps import latest, migrate
from villages.models import Official

BEFORE = [("reports", "0005_village_activity_months"), ("villages", "0010_remove_village_potentials")]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_backfill_equals_what_the_signals_kept(serang, regions):
    serang_village = VillageFactory(region=serang)
    caruy_village = VillageFactory(region=region("33.01.18.2001"))
    registered, poster, reporter, moved, idle = (OfficialFactory(village=serang_village) for _ in range(5))
    meeting = Meeting.objects.create(
        title="Rapat",
        host_village=serang_village,
        audience_kind="region",
        audience_region=region("33.01"),
        status="scheduled",
        starts_at=registered.created_at,
        ends_at=registered.created_at + timedelta(hours=2),
    )
    Registration.objects.create(
        meeting=meeting, user=registered.user, village=serang_village, position_name="x", status="registered"
    )
    network = Network.objects.create(name="Forum", slug="forum-uji", cover_region=region("33.01"))
    discussions.start_thread(network, poster.user, "Halo", "Salam.")
    for author, village in ((reporter, serang_village), (moved, caruy_village)):
        ActivityReport.objects.create(
            village=village,
            frequency="monthly",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 1, 31),
            due_on=date(2026, 2, 10),
            created_by=author.user,
        )
    kept = dict(Official.objects.values_list("pk", "last_active_at"))
    assert [kept[o.pk] is None for o in (registered, poster, reporter, moved, idle)] == [False] * 3 + [True] * 2
    try:
        migrate(BEFORE)
        migrate(latest())
        assert dict(Official.objects.values_list("pk", "last_active_at")) == kept
    finally:
        migrate(latest())
