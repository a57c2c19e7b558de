"""Pages under the Content-Security-Policy in a real browser: nothing refused, so nothing that
used inline style or script silently breaks (charts, progress bar, QR code, print link)."""

import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cooperation import services as cooperation_services
from cooperation.models import Agreement, AgreementParty, Milestone
from meetings import services as meeting_services
from meetings.models import Meeting
from reports.models import ActivityReport
from tests.factories import OfficialFactory, StaffRoleFactory, VillageFactory
from villages.models import IdmScore, Position

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in_page(new_page, live_server, user):
    client = Client()
    client.force_login(user)
    page = new_page()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return page, refused


def visit(page, path, name):
    response = page.goto(path)
    assert response.status == 200 or name == "checkin-refused", (path, response.status)
    shots = os.environ.get("SHOTS_DIR")
    if shots:
        page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)


def test_changed_pages_raise_no_policy_violation(new_page, live_server, live_regions):
    from regions.models import Region

    serang = VillageFactory(region=Region.objects.get(code="33.01.18.2006"))
    partner = VillageFactory(region=Region.objects.get(code="33.01.18.2001"))
    kades = OfficialFactory(village=serang, position=Position.objects.get(code="KADES")).user
    camat = StaffRoleFactory(region=Region.objects.get(code="33.01.18"), title="Camat").user
    for year, score in ((2023, "0.5800"), (2024, "0.6200"), (2025, "0.6900")):
        IdmScore.objects.create(village=serang, year=year, score=Decimal(score))

    agreement = Agreement(
        title="Usaha mikro bersama",
        field=Agreement.Field.JOINT_VENTURE,
        scope="Pemasaran produk UMKM bersama",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    cooperation_services.start_agreement(agreement, kades, serang)
    AgreementParty.objects.create(agreement=agreement, village=partner)
    Agreement.objects.filter(pk=agreement.pk).update(status="active")
    Milestone.objects.create(agreement=agreement, title="Pelatihan", due_on=date(2026, 6, 1), progress=40)

    report = ActivityReport.objects.create(
        village=serang,
        frequency="monthly",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        due_on=date(2026, 4, 10),
        status="submitted",
        submitted_at=timezone.now(),
        achievements="Pelatihan BUMDes\nPasar desa dibuka",
    )
    meeting = Meeting.objects.create(
        title="Rapat koordinasi",
        host_village=serang,
        audience_kind="villages",
        starts_at=timezone.now() + timedelta(days=7),
        ends_at=timezone.now() + timedelta(days=7, hours=2),
        place="Balai Desa Serang",
        created_by=kades,
    )
    meeting.organisers.add(kades)
    meeting.audience_villages.add(serang)

    page, refused = sign_in_page(new_page, live_server, kades)
    visit(page, reverse("home"), "home")
    visit(page, reverse("villages:village_detail", args=[serang.region.code]), "village-idm-chart")
    visit(page, reverse("cooperation:agreement_detail", args=[agreement.pk]), "agreement-detail")
    visit(page, reverse("meetings:attendance", args=[meeting.pk]), "attendance-qr")
    token = meeting_services.checkin_token(meeting)
    visit(page, reverse("meetings:checkin", args=[meeting.pk, token]), "checkin-refused")
    visit(page, reverse("reports:detail", args=[report.pk]), "report-detail")
    visit(page, reverse("reports:print", args=[report.pk]), "report-print")
    visit(page, reverse("mfa_index"), "two-factor-index")
    visit(page, reverse("account_reauthenticate"), "reauthenticate")
    page2, refused2 = sign_in_page(new_page, live_server, camat)
    visit(page2, reverse("reports:region_dashboard", args=["33.01.18"]), "region-dashboard")
    visit(page2, reverse("reports:evidence", args=["33.01.18"]), "evidence")
    assert refused + refused2 == []
