"""A Cipari staff member schedules a training for the Cipari network, a Serang official registers,
the reminder arrives when the dispatcher runs at the due time, and the organiser takes attendance
and writes the minutes with an action item."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from forums.models import Network, NetworkMembership
from meetings import services
from meetings.models import Meeting
from tests.factories import PASSWORD, OfficialFactory, StaffRoleFactory, VillageFactory, region
from tests.meetings.conftest import ensure_positions
from villages.models import Position

from .helpers import log_in

pytestmark = pytest.mark.e2e


def test_meeting_journey(new_page, live_regions, expect, mailoutbox):
    ensure_positions()
    serang = VillageFactory(region=region("33.01.18.2006"))
    caruy = VillageFactory(region=region("33.01.18.2001"))
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    camat = StaffRoleFactory(region=region("33.01.18"), title="Camat").user
    network = Network.objects.create(name="Forum Desa Cipari", slug="forum-cipari", cover_region=region("33.01.18"))
    network.coordinators.add(camat)
    for village in (serang, caruy):
        NetworkMembership.objects.create(network=network, village=village, state=NetworkMembership.State.ACTIVE)

    # The camat schedules the training.
    organiser = new_page()
    log_in(organiser, camat.email, PASSWORD)
    organiser.goto("/rapat/baru/")
    start = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    organiser.get_by_label("Judul").fill("Pelatihan Siskeudes")
    organiser.get_by_label("Jenis").select_option("training")
    organiser.get_by_label("Mulai").fill(start.strftime("%Y-%m-%dT%H:%M"))
    organiser.get_by_label("Selesai").fill((start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    organiser.get_by_label("Tempat (alamat)").fill("Aula Kecamatan Cipari")
    organiser.get_by_label("Kapasitas").fill("30")
    organiser.get_by_role("radio", name="Anggota satu jaringan").check()
    organiser.get_by_label("Jaringan yang diundang").select_option(label="Forum Desa Cipari")
    organiser.get_by_label("Agenda").fill("1. Pembukaan\n2. **Praktik** Siskeudes")
    organiser.get_by_role("button", name="Jadwalkan").click()
    expect(organiser.get_by_text("Rapat sudah dijadwalkan.")).to_be_visible()
    expect(organiser.locator("#meeting-when")).to_contain_text("09.00–12.00 WIB")
    meeting = Meeting.objects.get()

    # The Serang secretary sees it in the list and registers.
    official = new_page()
    log_in(official, sekdes.email, PASSWORD)
    official.goto("/rapat/")
    official.get_by_role("link", name="Pelatihan Siskeudes").click()
    expect(official.locator("strong", has_text="Praktik")).to_be_visible()
    official.get_by_role("button", name="Daftar").click()
    expect(official.locator("#my-status")).to_have_text(re.compile("Anda terdaftar"))

    # The dispatcher runs when the hour-before reminder is due: the mail arrives, with the .ics.
    mailoutbox.clear()
    assert services.dispatch_due_reminders(now=meeting.starts_at - timedelta(minutes=59)) == 1
    (mail,) = mailoutbox
    assert mail.to == [sekdes.email]
    assert "Pelatihan Siskeudes" in mail.subject and "09.00" in mail.body and "WIB" in mail.body
    assert mail.attachments[0][0].endswith(".ics")
    assert services.dispatch_due_reminders(now=meeting.starts_at - timedelta(minutes=58)) == 0

    # The organiser takes attendance and writes the minutes with an action item.
    organiser.goto(f"/rapat/{meeting.pk}/")
    organiser.get_by_role("link", name="Presensi").click()
    expect(organiser.locator(".qr svg")).to_be_visible()
    organiser.get_by_label(re.compile(sekdes.full_name)).check()
    organiser.get_by_role("button", name="Simpan daftar hadir").click()
    expect(organiser.get_by_text("Daftar hadir disimpan.")).to_be_visible()
    organiser.goto(f"/rapat/{meeting.pk}/notulen/")
    organiser.locator("#id_item-what").fill("Unggah APBDes ke Siskeudes")
    organiser.locator("#id_item-assignee").select_option(f"u:{sekdes.pk}")
    organiser.locator("#id_item-due_date").fill("2030-04-01")
    organiser.get_by_role("button", name="Tambah", exact=True).click()
    expect(organiser.get_by_text("Tindak lanjut ditambahkan")).to_be_visible()
    organiser.get_by_label("Ringkasan").fill("Peserta mempraktikkan Siskeudes.")
    organiser.get_by_label("Keputusan").fill("Pelatihan lanjutan bulan depan.")
    organiser.get_by_role("button", name="Simpan dan tutup notulen").click()
    expect(organiser.get_by_text("Notulen ditutup; rapat ditandai selesai.")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.COMPLETED and meeting.attended_count == 1

    # The official sees the minutes and their action item.
    official.reload()
    expect(official.get_by_text("Pelatihan lanjutan bulan depan.")).to_be_visible()
    expect(official.get_by_text("Unggah APBDes ke Siskeudes")).to_be_visible()
    assert [item.what for item in services.open_action_items_for(sekdes)] == ["Unggah APBDes ke Siskeudes"]
