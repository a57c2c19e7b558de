"""An official's week on a phone: the invitation arrives by mail, she opens its link, signs in,
registers, gets the reminder, checks in with the QR code's link, reads the minutes and submits the
month's activity report."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from core import scheduler
from forums.models import Network, NetworkMembership
from meetings import services
from meetings.models import Meeting, Minutes
from tests.factories import PASSWORD, OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory, region
from tests.meetings.conftest import ensure_positions
from villages.models import Position

from .helpers import PASSWORD_LABEL

pytestmark = pytest.mark.e2e


def test_an_officials_week(new_page, live_server, live_regions, expect, mailoutbox, settings):
    settings.SITE_ROOT = live_server.url  # the links in mails point at this server
    ensure_positions()
    serang = VillageFactory(region=region("33.01.18.2006"))
    caruy = VillageFactory(region=region("33.01.18.2001"))
    siti = UserFactory(full_name="Siti Rahayu", email="sekdes.serang@contoh.id")
    OfficialFactory(user=siti, village=serang, position=Position.objects.get(code="SEKDES"))
    camat = StaffRoleFactory(region=region("33.01.18"), title="Camat Cipari").user
    network = Network.objects.create(name="Forum Desa Cipari", slug="forum-cipari", cover_region=region("33.01.18"))
    network.coordinators.add(camat)
    for village in (serang, caruy):
        NetworkMembership.objects.create(network=network, village=village, state=NetworkMembership.State.ACTIVE)

    # Monday: the camat schedules a training that starts in half an hour; the invitation is mailed.
    start = (timezone.now() + timedelta(minutes=30)).replace(second=0, microsecond=0)
    services.create_meeting(
        user=camat,
        data={
            "title": "Pelatihan Siskeudes",
            "kind": Meeting.Kind.TRAINING,
            "host_region": region("33.01.18"),
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "place": "Aula Kecamatan Cipari",
            "audience_kind": Meeting.Audience.NETWORK,
            "audience_network": network,
            "agenda": "1. Pembukaan\n2. Praktik Siskeudes",
        },
    )
    meeting = Meeting.objects.get()
    (invitation,) = [m for m in mailoutbox if m.to == [siti.email]]
    assert invitation.subject == "[ForumDesa] Undangan: Pelatihan Siskeudes"
    link = re.search(r"http://\S+/rapat/\d+/", invitation.body).group(0)

    # She taps the link on her phone, signs in, and lands on the meeting.
    phone = new_page()
    phone.goto(link)
    phone.get_by_label("Email").fill(siti.email)
    phone.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    phone.get_by_role("button", name="Masuk", exact=True).click()
    expect(phone.get_by_role("heading", name="Pelatihan Siskeudes")).to_be_visible()
    expect(phone.locator("#meeting-when")).to_contain_text("WIB")

    # She registers.
    phone.get_by_role("button", name="Daftar").click()
    expect(phone.locator("#my-status")).to_have_text(re.compile("Anda terdaftar"))

    # The scheduler's scan sends the hour-before reminder: by mail, with the .ics, and in the bell.
    mailoutbox.clear()
    assert scheduler.sent(scheduler.run_due(labels=services.REMINDER_JOBS)) == 1
    (reminder,) = mailoutbox
    assert reminder.to == [siti.email] and reminder.subject.startswith("[ForumDesa] Pengingat: Pelatihan Siskeudes")
    assert reminder.attachments[0][0].endswith(".ics")
    phone.goto("/akun/notifikasi/")
    phone.get_by_role("link", name=re.compile("Pengingat: Pelatihan Siskeudes")).click()
    expect(phone.get_by_role("heading", name="Pelatihan Siskeudes")).to_be_visible()

    # At the hall she scans the QR code the organiser shows (its link, as the QR encodes it).
    phone.goto(services.checkin_url(meeting))
    phone.get_by_role("button", name="Saya hadir").click()
    expect(phone.locator("#checked-in")).to_have_text("Terima kasih, kehadiran Anda sudah dicatat.")

    # The organiser closes the minutes; she reads them on the meeting page.
    minutes = Minutes.objects.create(
        meeting=meeting, summary="Peserta mempraktikkan Siskeudes.", decisions="Pelatihan lanjutan bulan depan."
    )
    services.close_minutes(minutes)
    phone.goto(meeting.get_absolute_url())
    expect(phone.get_by_text("Peserta mempraktikkan Siskeudes.")).to_be_visible()
    expect(phone.get_by_text("Pelatihan lanjutan bulan depan.")).to_be_visible()

    # Friday: she writes and submits the month's activity report.
    this_month = timezone.localdate().replace(day=1)
    phone.goto("/laporan/")
    phone.get_by_label("Laporan Desa Serang untuk periode").select_option(this_month.isoformat())
    phone.get_by_role("button", name="Buka laporan").click()
    phone.get_by_label("Uraian kegiatan").fill("Ikut Pelatihan Siskeudes di Aula Kecamatan Cipari.")
    phone.get_by_role("button", name="Simpan draf").click()
    expect(phone.get_by_text("Laporan disimpan.")).to_be_visible()
    phone.get_by_role("button", name="Ajukan laporan").click()
    expect(phone.get_by_text("Laporan diajukan untuk ditinjau.")).to_be_visible()
    expect(phone.locator("#report-status")).to_contain_text("diajukan")
