"""An official's SK and term: who sees them, the notice of a term ending within 60 days, and its
one reminder to the village's managers."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from core import scheduler
from notifications.models import Notification
from tests.factories import PASSWORD, OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory, region
from villages.models import Official, Position, TermEndReminder
from villages.rules import can_see_official_papers

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 5, 4, 9, 0, tzinfo=WIB)
TODAY = NOW.date()
JOBS = ["villages.termendreminder"]


def position(code):
    return Position.objects.get(code=code)


def login(client, user):
    client.login(email=user.email, password=PASSWORD)


@pytest.fixture
def serang(regions):
    return VillageFactory(region=region("33.01.18.2006"))


@pytest.fixture
def kades(serang):
    return OfficialFactory(village=serang, position=position("KADES"), user__full_name="Bambang Sutrisno")


@pytest.fixture
def kaur(serang):
    return OfficialFactory(
        village=serang,
        position=position("KAUR_KEU"),
        user__full_name="Siti Aminah",
        sk_number="141/07/2024",
        sk_date=date(2024, 3, 2),
        term_end=TODAY + timedelta(days=40),
    )


@pytest.fixture
def staf(serang):
    return OfficialFactory(village=serang, position=position("STAF"), user__full_name="Joko")


def test_sk_is_shown_to_managers_staff_in_scope_and_the_official_only(client, serang, kades, kaur, staf):
    camat = StaffRoleFactory(region=region("33.01.18"), title="Camat Cipari").user
    outsider_staff = StaffRoleFactory(region=region("33.02.01"), title="Camat Lumbir").user
    other_village = OfficialFactory(village=VillageFactory(region=region("33.01.18.2001")), position=position("KADES"))
    assert can_see_official_papers(kades.user, serang) and can_see_official_papers(camat, serang)
    assert can_see_official_papers(UserFactory(is_superuser=True), serang)
    for user in (staf.user, other_village.user, outsider_staff, UserFactory()):
        assert not can_see_official_papers(user, serang)

    page = reverse("villages:village_detail", args=[serang.code])
    with time_machine.travel(NOW, tick=False):
        for user in (kades.user, camat):
            login(client, user)
            html = client.get(page).content.decode()
            assert "141/07/2024" in html and "2 Maret 2024" in html and "Masa jabatan berakhir dalam 40 hari" in html
        for user in (staf.user, other_village.user, outsider_staff):
            login(client, user)
            html = client.get(page).content.decode()
            assert "Siti Aminah" in html and "141/07/2024" not in html and "berakhir dalam" not in html
        client.logout()
        html = client.get(page).content.decode()
        assert "Siti Aminah" in html and "141/07/2024" not in html
        # The official reads their own SK and term on their profile.
        login(client, kaur.user)
        html = client.get(reverse("accounts:profile")).content.decode()
        assert "141/07/2024" in html and "menjabat sampai 13 Juni 2026" in html
        login(client, staf.user)
        assert "SK belum dicatat" in client.get(reverse("accounts:profile")).content.decode()


def test_the_manager_approving_a_request_sees_its_sk(client, serang, kades):
    request = OfficialFactory(
        village=serang, position=position("STAF"), status=Official.Status.PENDING, sk_number="141/99/2026"
    )
    login(client, kades.user)
    assert "141/99/2026" in client.get(reverse("villages:decide_official", args=[request.pk])).content.decode()
    assert "141/99/2026" in client.get(reverse("villages:pending_approvals")).content.decode()


def test_a_term_ending_within_60_days_is_shown_to_the_manager(client, serang, kades, kaur, staf):
    later = OfficialFactory(village=serang, position=position("KASI_PEM"), term_end=TODAY + timedelta(days=61))
    with time_machine.travel(NOW, tick=False):
        login(client, kades.user)
        html = client.get(reverse("villages:manage_officials", args=[serang.code])).content.decode()
        assert html.count("Masa jabatan berakhir dalam") == 1
        assert "Masa jabatan berakhir dalam 40 hari" in html
        home = client.get(reverse("home")).content.decode()
        panel = home[home.index('id="terms-ending"') :].split("</div>", 2)[1]
        assert "Siti Aminah (Kepala Urusan Keuangan) sampai 13 Juni 2026" in panel and later.user.full_name not in panel
        login(client, staf.user)
        assert 'id="terms-ending"' not in client.get(reverse("home")).content.decode()


def scan(moment, callbacks):
    with time_machine.travel(moment, tick=False), callbacks(execute=True):
        return scheduler.sent(scheduler.run_due(labels=JOBS))


def test_a_term_ending_is_reminded_once_and_again_when_it_changes(
    serang, kades, kaur, staf, mailoutbox, django_capture_on_commit_callbacks
):
    sekdes = OfficialFactory(village=serang, position=position("SEKDES"))
    assert scan(NOW, django_capture_on_commit_callbacks) == 1  # one reminder, to the Kepala Desa and the Sekdes
    assert sorted(m.to[0] for m in mailoutbox) == sorted([kades.user.email, sekdes.user.email])
    assert "Siti Aminah" in mailoutbox[0].subject and "40 hari" in mailoutbox[0].subject
    assert not Notification.objects.filter(recipient__in=[staf.user, kaur.user]).exists()
    assert scan(NOW + timedelta(days=1), django_capture_on_commit_callbacks) == 0
    # The term was extended by a few weeks: still within 60 days, a new term end, a new reminder.
    Official.objects.filter(pk=kaur.pk).update(term_end=TODAY + timedelta(days=55))
    assert scan(NOW + timedelta(days=2), django_capture_on_commit_callbacks) == 1
    assert len(mailoutbox) == 4 and "53 hari" in mailoutbox[-1].subject  # 55 days from the day it changed
    assert TermEndReminder.objects.filter(official=kaur).count() == 2
    assert scan(NOW + timedelta(days=3), django_capture_on_commit_callbacks) == 0


def test_no_reminder_for_far_or_ended_terms(serang, kades, kaur, mailoutbox, django_capture_on_commit_callbacks):
    far = OfficialFactory(village=serang, position=position("KASI_PEM"), term_end=TODAY + timedelta(days=90))
    Official.objects.filter(pk=kaur.pk).update(status=Official.Status.ENDED)
    OfficialFactory(
        village=serang, position=position("STAF"), status=Official.Status.ENDED, term_end=TODAY + timedelta(days=5)
    )
    assert scan(NOW, django_capture_on_commit_callbacks) == 0
    assert not TermEndReminder.objects.exists()
    # Thirty days later the far term comes within reach.
    assert scan(NOW + timedelta(days=30), django_capture_on_commit_callbacks) == 1
    assert TermEndReminder.objects.get().official == far


def test_a_term_ended_after_its_reminder_was_made_is_not_sent(serang, kades, kaur):
    with time_machine.travel(NOW - timedelta(hours=2), tick=False):  # before 08.00 WIB: made, not yet due
        TermEndReminder.prepare_due(NOW - timedelta(hours=2))
    reminder = TermEndReminder.objects.get()
    Official.objects.filter(pk=kaur.pk).update(status=Official.Status.ENDED)
    with time_machine.travel(NOW, tick=False):
        assert scheduler.sent(scheduler.run_due(labels=JOBS)) == 0
    reminder.refresh_from_db()
    assert reminder.outcome == "ended"
