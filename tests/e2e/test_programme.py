"""The micro-enterprise programme on a phone: Desa Serang's Sekretaris Desa records a potential and
an enterprise, ties the training held for them and the practice it produced into a programme; the
Kepala Desa of Caruy, who attended the training, finds the enterprise by asking "siapa yang membuat
anyaman pandan di Kabupaten Cilacap?", contacts the village through the portal, evaluates the
training and records the practice presented there as adopted by Caruy, which the programme then
counts."""

import datetime
import re

import pytest
from django.utils import timezone

from knowledge.models import Practice
from meetings.models import Meeting, Registration
from regions.models import Region
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, OfficialFactory, UserFactory, VillageFactory
from villages.models import Position

pytestmark = pytest.mark.e2e


def field(label):
    """A form label exactly, with the asterisk crispy-forms adds to a required field."""
    return re.compile(rf"^\s*{re.escape(label)}\*?\s*$")


def test_potential_enterprise_programme_training_practice_adoption(live_regions, new_page, expect):
    serang = VillageFactory(region=Region.objects.get(code="33.01.18.2006"))
    caruy = VillageFactory(region=Region.objects.get(code="33.01.18.2001"))
    siti = UserFactory(full_name="Siti Rahayu", email="sekdes.serang@contoh.id")
    OfficialFactory(user=siti, village=serang, position=Position.objects.get(code="SEKDES"))
    bambang = UserFactory(full_name="Bambang Sutrisno", email="kades.caruy@contoh.id")
    OfficialFactory(user=bambang, village=caruy, position=Position.objects.get(code="KADES"))
    # The training was held in Serang two weeks ago, with Caruy invited; Bambang came.
    start = timezone.now().replace(hour=2, minute=0, second=0, microsecond=0) - datetime.timedelta(days=14)
    training = Meeting.objects.create(
        title="Pelatihan anyaman pandan",
        kind=Meeting.Kind.TRAINING,
        host_village=serang,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        audience_kind=Meeting.Audience.VILLAGES,
    )
    training.audience_villages.set([serang, caruy])
    Registration.objects.create(
        meeting=training, user=bambang, village=caruy, position_name="Kepala Desa", status="registered", attended=True
    )
    practice = Practice.objects.create(
        village=serang,
        title="Kelompok perajin pandan dengan pembelian oleh BUMDes",
        summary="Perajin dilatih, BUMDes membeli hasilnya.",
        problem="Pandan dijual mentah.",
        steps="Pelatihan, alat press, pemasaran bersama.",
        results="24 perajin menjual rutin.",
        status=Practice.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    practice.meetings.add(training)  # presented at the training

    # Serang records what it has and what it runs.
    siti_page = new_page()
    log_in(siti_page, siti.email, PASSWORD)
    siti_page.goto(f"/usaha/desa/{serang.code}/")
    siti_page.get_by_role("link", name="Catat potensi").click()
    siti_page.get_by_label("Sektor").select_option("kerajinan")
    siti_page.get_by_label(field("Potensi")).fill("Pandan duri untuk anyaman")
    siti_page.get_by_label("Lokasi").fill("Tepi sawah dan saluran irigasi")
    siti_page.get_by_role("button", name="Simpan").click()
    expect(siti_page.locator("#potential-list")).to_contain_text("Pandan duri untuk anyaman")

    siti_page.get_by_role("link", name="Catat usaha").click()
    siti_page.get_by_label(field("Jenis")).select_option("kelompok")
    siti_page.get_by_label("Nama usaha").fill("KUB Pandan Wangi")
    siti_page.get_by_label("Produk").fill("Tikar anyaman dari pandan, tas dan topi")
    siti_page.get_by_label("Sektor").select_option("kerajinan")
    siti_page.get_by_label("Jumlah pekerja").fill("24")
    siti_page.get_by_label("Omzet").select_option("lt50")
    siti_page.get_by_role("button", name="Simpan").click()
    expect(siti_page.locator("h1")).to_have_text("KUB Pandan Wangi")

    siti_page.get_by_role("link", name="Catat dukungan").click()
    siti_page.get_by_label("Jenis dukungan").select_option("pelatihan")
    siti_page.get_by_label("Dari").fill("Pemerintah Desa Serang")
    siti_page.get_by_label("Tanggal").fill(timezone.localdate(start).isoformat())
    siti_page.get_by_label("Pelatihan di ForumDesa").select_option(label="Pelatihan anyaman pandan")
    siti_page.get_by_role("button", name="Simpan").click()
    expect(siti_page.locator("#supports")).to_contain_text("Pemerintah Desa Serang")

    siti_page.goto("/usaha/program/")
    siti_page.get_by_role("link", name="Buat program").click()
    siti_page.get_by_label("Nama program").fill("Program usaha mikro Serang")
    siti_page.get_by_label("Tujuan").fill("Mengolah potensi pandan menjadi penghasilan warga.")
    siti_page.get_by_label("Mulai").fill(f"{timezone.localdate().year}-01-01")
    siti_page.get_by_label("Pelatihan anyaman pandan").check()
    siti_page.get_by_label("KUB Pandan Wangi").check()
    siti_page.get_by_label(practice.title).check()
    siti_page.get_by_role("button", name="Simpan").click()
    expect(siti_page.locator("#figure-trainings")).to_have_text("1")
    expect(siti_page.locator("#figure-enterprises")).to_have_text("1")
    expect(siti_page.locator("#figure-adoptions")).to_have_text("0")
    programme_url = siti_page.url

    # Caruy finds the enterprise, writes to Serang, and adopts the practice.
    bambang_page = new_page()
    log_in(bambang_page, bambang.email, PASSWORD)
    bambang_page.goto("/usaha/")
    bambang_page.get_by_label("Cari produk").fill("siapa yang membuat anyaman pandan di Kabupaten Cilacap?")
    bambang_page.get_by_role("button", name="Cari", exact=True).click()
    expect(bambang_page.locator("#asked-region")).to_contain_text("Kabupaten Cilacap")
    expect(bambang_page.locator("#enterprise-list")).to_contain_text("KUB Pandan Wangi")
    bambang_page.get_by_role("link", name="KUB Pandan Wangi").click()
    bambang_page.get_by_label("Pesan untuk pengelola desa").fill("Kami ingin memesan 50 tikar untuk balai desa.")
    bambang_page.get_by_role("button", name="Kirim pesan").click()
    expect(bambang_page.get_by_text("Pesan Anda dikirim ke pengelola Desa Serang.")).to_be_visible()
    expect(bambang_page.locator("body")).not_to_contain_text(siti.email)

    # He evaluates the training and records what he will apply as Caruy's adoption of the practice.
    bambang_page.goto(f"/rapat/{training.pk}/evaluasi/")
    bambang_page.get_by_role("radio", name="5 — sangat bermanfaat").check()
    bambang_page.get_by_label("Apa yang akan Anda terapkan?").fill("Kelompok perajin pandan dengan BUMDes Caruy")
    bambang_page.get_by_label("Praktik baik yang terkait (boleh dikosongkan)").select_option(label=practice.title)
    bambang_page.get_by_role("button", name="Kirim evaluasi").click()
    expect(bambang_page.get_by_text("Terima kasih, evaluasi Anda tersimpan.")).to_be_visible()
    bambang_page.get_by_role("button", name="Catat sebagai penerapan praktik di desa saya").click()
    expect(bambang_page.get_by_text("Penerapan praktik di desa peserta sudah dicatat.")).to_be_visible()
    bambang_page.goto(f"/praktik/{practice.pk}/")
    expect(bambang_page.locator("#adoption-list")).to_contain_text("Desa Caruy")

    siti_page.goto(programme_url)
    expect(siti_page.locator("#figure-adoptions")).to_have_text("1")
    expect(siti_page.locator("#programme-practices")).to_contain_text("diterapkan 1 desa lain")
    siti_page.goto(f"/usaha/desa/{serang.code}/")
    siti_page.get_by_role("link", name="KUB Pandan Wangi").click()
    expect(siti_page.locator("#enterprise-messages")).to_contain_text("Kami ingin memesan 50 tikar")
