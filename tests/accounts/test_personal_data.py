"""A signed-in user downloads what ForumDesa keeps about them (UU 27/2022), and only that."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Network, Post, Thread
from meetings.models import Meeting, Registration
from tests.factories import OfficialFactory, StaffRoleFactory, VillageFactory, region
from villages.models import Position

pytestmark = pytest.mark.django_db


def someone_with_a_history(village, name, text):
    official = OfficialFactory(village=village, position=Position.objects.get(code="SEKDES"), sk_number=f"SK {name}")
    user = official.user
    user.full_name = name
    user.save()
    network = Network.objects.get_or_create(name="Forum Cipari", slug="forum-cipari", cover_region=region("33.01.18"))[
        0
    ]
    thread = Thread.objects.create(network=network, title=f"Topik {name}", author=user)
    Post.objects.create(thread=thread, author=user, body=text, is_opening=True)
    start = timezone.now() + timedelta(days=2)
    meeting = Meeting.objects.create(
        title=f"Rapat {name}",
        host_village=village,
        audience_kind="villages",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Balai desa",
    )
    Registration.objects.create(
        meeting=meeting, user=user, village=village, position_name="Sekretaris Desa", status="registered"
    )
    return user


def test_download_holds_the_users_own_data_only(client, regions, django_assert_num_queries):
    serang = VillageFactory(region=region("33.01.18.2006"))
    siti = someone_with_a_history(serang, "Siti Aminah", "Pasar desa dibuka tiap Kamis.")
    someone_with_a_history(VillageFactory(region=region("33.01.18.2001")), "Bambang", "Rahasia Bambang")
    StaffRoleFactory(user=siti, region=region("33.01.18"), title="Pendamping desa")
    # (district staff have two-factor sign-in on: StaffRoleFactory turns it on)
    client.force_login(siti)

    # Session and user, then one query per section: account (3), positions, registrations, posts.
    with django_assert_num_queries(8):
        response = client.get(reverse("accounts:my_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="data-saya-forumdesa.json"'
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)

    assert data["akun"]["email"] == siti.email and data["akun"]["nama_lengkap"] == "Siti Aminah"
    assert data["akun"]["alamat_email"] == [{"email": siti.email, "terverifikasi": True, "utama": True}]
    assert data["akun"]["verifikasi_dua_langkah"] == ["totp"]
    assert data["akun"]["peran_staf_wilayah"][0]["jabatan"] == "Pendamping desa"
    assert [p["nomor_sk"] for p in data["jabatan_perangkat_desa"]] == ["SK Siti Aminah"]
    assert [r["rapat"] for r in data["pendaftaran_rapat"]] == ["Rapat Siti Aminah"]
    assert [p["isi"] for p in data["tulisan_diskusi"]] == ["Pasar desa dibuka tiap Kamis."]
    assert "Bambang" not in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("accounts:my_data"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_profile_links_to_the_download(client, regions):
    user = OfficialFactory(village=VillageFactory(region=region("33.01.18.2006"))).user
    client.force_login(user)
    assert reverse("accounts:my_data") in client.get(reverse("accounts:profile")).content.decode()
