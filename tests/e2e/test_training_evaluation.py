"""The camat adds a registration question to a training; a Serang official registers, is told what
is missing, answers; the organiser sees the answer. The training ends, the evaluation request
arrives through the scheduler, the official evaluates it and records the presented practice as
adopted by their village; the organiser reads the summary. And a quick poll in the network's forum."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from forums.models import Network, NetworkMembership
from knowledge.models import Adoption
from meetings import services
from meetings.models import Evaluation, Meeting
from tests.factories import PASSWORD, OfficialFactory, StaffRoleFactory, VillageFactory, region
from tests.knowledge.library import practice
from tests.meetings.conftest import ensure_positions
from villages.models import Position

from .helpers import log_in
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.e2e


def test_register_with_questions_and_evaluate(new_page, live_regions, expect, mailoutbox):
    ensure_positions()
    serang = VillageFactory(region=region("33.01.18.2006"))
    caruy = VillageFactory(region=region("33.01.18.2001"))
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    camat = StaffRoleFactory(region=region("33.01.18"), title="Camat").user
    network = Network.objects.create(name="Forum Desa Cipari", slug="forum-cipari", cover_region=region("33.01.18"))
    for village in (serang, caruy):
        NetworkMembership.objects.create(network=network, village=village, state=NetworkMembership.State.ACTIVE)
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        title="Pelatihan kas desa daring",
        kind=Meeting.Kind.TRAINING,
        host_region=region("33.01.18"),
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="Aula Kecamatan Cipari",
        audience_kind=Meeting.Audience.NETWORK,
        audience_network=network,
    )
    meeting.organisers.add(camat)
    presented = practice(caruy, title="Kas desa daring dengan QRIS")
    presented.meetings.add(meeting)

    # The camat asks for the registrants' T-shirt size.
    organiser = new_page()
    log_in(organiser, camat.email, PASSWORD)
    organiser.goto(f"/rapat/{meeting.pk}/")
    organiser.get_by_role("link", name=re.compile("Pertanyaan pendaftaran")).click()
    organiser.get_by_label("Pertanyaan").fill("Ukuran kaos")
    organiser.get_by_role("radio", name="Pilih satu").check()
    organiser.get_by_label("Pilihan (untuk pilih satu / pilih beberapa)").fill("S\nM\nL")
    organiser.get_by_label("Wajib dijawab").check()
    organiser.get_by_role("button", name="Tambah pertanyaan").click()
    expect(organiser.get_by_text("Pertanyaan ditambahkan.")).to_be_visible()
    expect(organiser.locator("#question-list")).to_contain_text("S, M, L")
    assert blocking_violations(organiser) == []

    # The Serang secretary registers: the question is required, then answered.
    official = new_page()
    log_in(official, sekdes.email, PASSWORD)
    official.goto(f"/rapat/{meeting.pk}/")
    official.get_by_role("link", name="Daftar", exact=True).click()
    official.get_by_role("button", name="Kirim pendaftaran").click()
    expect(official.get_by_text("Pertanyaan ini wajib dijawab.")).to_be_visible()
    assert blocking_violations(official) == []
    official.get_by_role("radio", name="M").check()
    official.get_by_role("button", name="Kirim pendaftaran").click()
    expect(official.locator("#my-status")).to_have_text(re.compile("Anda terdaftar"))

    organiser.goto(f"/rapat/{meeting.pk}/pendaftar/")
    expect(organiser.locator(".registration-answers")).to_contain_text("Ukuran kaos")
    expect(organiser.locator(".registration-answers dd")).to_have_text("M")
    assert blocking_violations(organiser) == []

    # The training took place (moved into the past here); at its end the scheduler asks for the evaluation.
    ended = timezone.now() - timedelta(minutes=5)
    meeting.starts_at, meeting.ends_at = ended - timedelta(hours=3), ended
    meeting.save()
    mailoutbox.clear()
    assert services.dispatch_due_reminders() == 1
    (mail,) = mailoutbox
    assert mail.to == [sekdes.email] and "Pelatihan kas desa daring" in mail.subject
    link = re.search(r"https?://\S+/rapat/\d+/evaluasi/", mail.body).group(0)

    official.goto(link[link.index("/rapat/") :])
    official.get_by_role("button", name="Kirim evaluasi").click()
    expect(official.get_by_text("Pilih nilai 1 sampai 5.")).to_be_visible()
    official.get_by_role("radio", name="5 — sangat bermanfaat").check()
    official.get_by_label("Apa yang akan Anda terapkan?").fill("Pembayaran iuran warga lewat QRIS")
    official.get_by_label("Praktik baik yang terkait (boleh dikosongkan)").select_option(
        label="Kas desa daring dengan QRIS"
    )
    official.get_by_role("button", name="Kirim evaluasi").click()
    expect(official.get_by_text("Terima kasih, evaluasi Anda tersimpan.")).to_be_visible()
    official.get_by_role("button", name="Catat sebagai penerapan praktik di desa saya").click()
    expect(official.get_by_text("Penerapan praktik di desa peserta sudah dicatat.")).to_be_visible()
    expect(official.get_by_text("Sudah tercatat sebagai penerapan desa Anda")).to_be_visible()
    assert blocking_violations(official) == []
    assert Evaluation.objects.get().usefulness == 5
    adoption = Adoption.objects.get()
    assert (adoption.village, adoption.practice) == (serang, presented)

    organiser.goto(f"/rapat/{meeting.pk}/evaluasi/ringkasan/")
    expect(organiser.locator("#evaluation-mean")).to_have_text("5,0 / 5")
    expect(organiser.locator("#evaluation-texts")).to_contain_text("Pembayaran iuran warga lewat QRIS")
    expect(organiser.locator("#evaluation-texts")).to_contain_text("Tercatat sebagai penerapan")
    assert blocking_violations(organiser) == []


def test_quick_poll_in_the_network_forum(new_page, live_regions, expect):
    """A Serang official opens a poll in the Cipari forum; a Caruy official votes and sees the results."""
    ensure_positions()
    serang = VillageFactory(region=region("33.01.18.2006"))
    caruy = VillageFactory(region=region("33.01.18.2001"))
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    kades = OfficialFactory(village=caruy, position=Position.objects.get(code="KADES")).user
    network = Network.objects.get(kind=Network.Kind.KECAMATAN, cover_region__code="33.01.18")

    opener = new_page()
    log_in(opener, sekdes.email, PASSWORD)
    opener.goto(network.get_absolute_url())
    opener.get_by_role("link", name="Jajak pendapat").first.click()
    opener.get_by_role("link", name="Buat jajak pendapat").click()
    expect(opener.get_by_text("Waktu WIB, zona waktu jaringan ini.")).to_be_visible()
    opener.get_by_label("Pertanyaan").fill("Kapan pameran UMKM kecamatan?")
    opener.get_by_label("Pilihan").fill("Akhir bulan ini")
    closes = (timezone.now() + timedelta(days=3)).astimezone(ZoneInfo("Asia/Jakarta"))
    opener.get_by_label("Ditutup pada").fill(closes.strftime("%Y-%m-%dT17:00"))
    opener.get_by_role("button", name="Buka jajak pendapat").click()
    expect(opener.get_by_text("Tulis paling sedikit dua pilihan, satu per baris.")).to_be_visible()
    assert blocking_violations(opener) == []
    opener.get_by_label("Pilihan").fill("Akhir bulan ini\nAwal bulan depan")
    opener.get_by_role("button", name="Buka jajak pendapat").click()
    expect(opener.get_by_text("Jajak pendapat dibuka.")).to_be_visible()
    expect(opener.locator("#poll-closes")).to_contain_text("17.00 WIB")
    assert blocking_violations(opener) == []

    voter = new_page()
    log_in(voter, kades.email, PASSWORD)
    voter.goto(f"/jaringan/{network.slug}/jajak-pendapat/")
    assert blocking_violations(voter) == []
    voter.get_by_role("link", name="Kapan pameran UMKM kecamatan?").click()
    expect(voter.get_by_text("Hasil terlihat setelah Anda memilih.")).to_be_visible()
    voter.get_by_role("radio", name="Awal bulan depan").check()
    voter.get_by_role("button", name="Pilih").click()
    expect(voter.get_by_text("Terima kasih, pilihan Anda tercatat.")).to_be_visible()
    expect(voter.locator("#poll-results")).to_contain_text("Awal bulan depan")
    expect(voter.locator("#poll-results")).to_contain_text("1 (100%)")
    assert blocking_violations(voter) == []
