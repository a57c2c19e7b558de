import pytest
from django.core.management import CommandError, call_command

from accounts.models import StaffRole, User
from forums.models import Network, NetworkMembership, Post, Thread
from knowledge.models import Adoption, Practice
from meetings.models import Meeting, Registration
from notifications.models import Notification
from portal.management.commands.seed_scale import BENCH_TOTP_SECRET
from regions.models import Region
from reports.models import ActivityReport
from villages.models import IdmScore, Official, Village

# A tiny made-up tree: one kabupaten with two kecamatan of three villages each (code 99 is unused).
KECAMATAN = ["99.01.01", "99.01.02"]


@pytest.fixture
def tiny_tree(db):
    province = Region.objects.create(code="99", name="PROVINSI UJI", level=1, kind="provinsi")
    kabupaten = Region.objects.create(code="99.01", name="Kabupaten Uji", level=2, kind="kabupaten", parent=province)
    for k, code in enumerate(KECAMATAN):
        kec = Region.objects.create(code=code, name=f"Uji {k}", level=3, kind="kecamatan", parent=kabupaten)
        for n in range(3):
            Region.objects.create(code=f"{code}.200{n}", name=f"Desa {k}{n}", level=4, kind="desa", parent=kec)
    return kabupaten


def counts():
    return {
        "villages": Village.objects.within("99.01").count(),
        "seeded users": User.objects.filter(email__endswith="@skala.forumdesa.test").count(),
        "officials": Official.objects.active().filter(village__region__code__startswith="99.").count(),
        "networks": Network.objects.count(),
        "memberships": NetworkMembership.objects.filter(state="active").count(),
        "meetings": Meeting.objects.count(),
        "registrations": Registration.objects.count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
        "reports": ActivityReport.objects.count(),
        "idm": IdmScore.objects.count(),
        "notifications": Notification.objects.count(),
        "practices": Practice.objects.count(),
        "adoptions": Adoption.objects.count(),
    }


def test_kabupaten_profile_fills_every_village_with_the_same_density_once(tiny_tree, client):
    call_command("seed_scale", profile="kabupaten", region="99.01", i_know_this_is_scratch=True, verbosity=0)
    first = counts()
    assert {k: v for k, v in first.items() if k not in ("practices", "adoptions")} == {
        "villages": 6,
        "seeded users": 6 * 8,
        "officials": 6 * 8 + 1,  # and the representative Sekdes
        "networks": 2 + 1,  # one per kecamatan, one thematic for the kabupaten
        "memberships": 6 + 2,  # every village in its kecamatan's, one in three in the thematic one
        "meetings": 6 * 3,
        "registrations": 6 * 3 * 10,
        "threads": 6,
        "posts": 6 * 6,
        "reports": 6 * 12,
        "idm": 6 * 3,
        "notifications": 6 * 8 * 3,
    }
    assert 1 <= first["practices"] <= 6
    published = Practice.objects.published().count()
    assert min(2, published) * 6 <= first["adoptions"] <= min(3, published) * 6
    # Attendance on each completed meeting is the number of its registrations marked present.
    for meeting in Meeting.objects.filter(status="completed"):
        assert meeting.attended_count == meeting.registrations.filter(attended=True).count()
    # Registrations come from officials of the host's kecamatan.
    assert not Registration.objects.exclude(
        village__region__parent=Meeting.objects.get(
            pk=Registration.objects.first().meeting_id
        ).host_village.region.parent
    ).filter(meeting=Registration.objects.first().meeting_id)

    call_command("seed_scale", profile="kabupaten", region="99.01", i_know_this_is_scratch=True, verbosity=0)
    assert counts() == first

    # The representative users sit on the tree's regions and can sign in.
    assert StaffRole.objects.get(user__email="camat.cipari@forumdesa.test").region.code == "99.01.01"
    assert StaffRole.objects.get(user__email="dpmd.cilacap@forumdesa.test").region.code == "99.01"
    assert StaffRole.objects.get(user__email="provinsi.jateng@forumdesa.test").region.code == "99"
    assert User.objects.get(email="admin@forumdesa.test").is_superuser
    # Staff and the admin have the benchmark's authenticator app, as two-factor sign-in requires.
    from allauth.mfa.models import Authenticator

    from tests.factories import totp_code

    for email in ("admin@forumdesa.test", "dpmd.cilacap@forumdesa.test"):
        totp = Authenticator.objects.get(user__email=email, type="totp")
        assert totp.wrap().validate_code(totp_code(BENCH_TOTP_SECRET))
    assert not Authenticator.objects.filter(user__email="sekdes.serang@forumdesa.test").exists()
    assert client.login(email="sekdes.serang@forumdesa.test", password="desa-maju-2026")
    response = client.get("/", secure=True)
    assert response.status_code == 200


def test_reset_empties_and_seeds_again(tiny_tree):
    call_command("seed_scale", profile="kabupaten", region="99.01", i_know_this_is_scratch=True, verbosity=0)
    first = counts()
    call_command("seed_scale", profile="kabupaten", region="99.01", reset=True, i_know_this_is_scratch=True)
    assert counts() == first
    assert Region.objects.filter(code__startswith="99").count() == 10


def test_refuses_without_debug_or_the_scratch_flag(tiny_tree, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="scratch"):
        call_command("seed_scale", profile="kabupaten", region="99.01")
    assert not Village.objects.exists()
