"""axe-core finds no serious or critical accessibility problem on the pages people use most, on a
phone screen, signed out and signed in as a Sekretaris Desa and as a camat."""

import pytest
from django.urls import reverse
from django.utils import timezone

from knowledge.models import Practice
from knowledge.practices import create_practice, publish_practice
from meetings.models import Meeting
from meetings.services import create_meeting, register
from reports import services as reports
from tests.factories import PASSWORD, OfficialFactory, StaffRoleFactory, VillageFactory, region
from tests.meetings.conftest import ensure_positions
from villages.models import Position

from .helpers import log_in

pytestmark = pytest.mark.e2e

BLOCKING = {"serious", "critical"}


@pytest.fixture
def cipari(live_regions):
    ensure_positions()
    serang = VillageFactory(region=region("33.01.18.2006"))
    caruy = VillageFactory(region=region("33.01.18.2001"))
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    OfficialFactory(village=caruy, position=Position.objects.get(code="KADES"))
    camat = StaffRoleFactory(region=region("33.01.18"), title="Camat Cipari").user
    start = timezone.now().replace(second=0, microsecond=0) + timezone.timedelta(days=3)
    meeting = create_meeting(
        user=camat,
        data={
            "title": "Pelatihan Siskeudes",
            "kind": Meeting.Kind.TRAINING,
            "agenda": "1. Pembukaan\n2. **Praktik** Siskeudes",
            "host_region": region("33.01.18"),
            "starts_at": start,
            "ends_at": start + timezone.timedelta(hours=3),
            "place": "Aula Kecamatan Cipari",
            "audience_kind": Meeting.Audience.VILLAGES,
        },
        villages=[serang, caruy],
    )
    register(meeting, sekdes)
    practice = create_practice(
        sekdes,
        serang,
        {
            "title": "Anyaman bambu bersama BUMDes",
            "summary": "Warga dilatih membuat dan menjual anyaman bambu.",
            "problem": "Bambu dijual mentah.",
            "steps": "Pelatihan enam pertemuan.",
            "results": "24 warga terlatih.",
        },
    )
    practice.status = Practice.Status.SUBMITTED
    practice.save()
    publish_practice(practice, camat)
    report = reports.get_or_start_report(serang, timezone.localdate().replace(day=1), user=sekdes)
    report.narrative = "Rapat rutin perangkat."
    report.save()
    reports.submit_report(report, actor=sekdes)
    return {"sekdes": sekdes, "camat": camat, "meeting": meeting, "practice": practice, "serang": serang}


def blocking_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['impact']} {v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def check(page, paths):
    found = {}
    for path in paths:
        page.goto(path)
        if problems := blocking_violations(page):
            found[path] = problems
    assert found == {}


def test_key_pages_have_no_serious_or_critical_violations(new_page, cipari):
    visitor = new_page()
    check(visitor, [reverse("account_login"), reverse("home")])

    sekdes = new_page()
    log_in(sekdes, cipari["sekdes"].email, PASSWORD)
    check(
        sekdes,
        [
            reverse("home"),
            reverse("meetings:list"),
            reverse("meetings:detail", args=[cipari["meeting"].pk]),
            reverse("knowledge:practice_list"),
            reverse("knowledge:practice_detail", args=[cipari["practice"].pk]),
            reverse("villages:village_detail", args=[cipari["serang"].code]),
            reverse("reports:list"),
            reverse("meetings:create"),
        ],
    )
    # The menu open, with a group unfolded, is checked too.
    sekdes.goto(reverse("home"))
    sekdes.locator("label.navbar-toggler").click()
    sekdes.locator("summary", has_text="Kerja sama").click()
    assert blocking_violations(sekdes) == []

    camat = new_page()
    log_in(camat, cipari["camat"].email, PASSWORD)
    check(camat, [reverse("reports:dashboard"), reverse("reports:list")])
