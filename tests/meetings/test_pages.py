"""The meeting pages: creating (with series), the list's fixed query count, time zones, detail,
attendance and check-in, minutes with action items, calendar files and feed, preferences."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting, Registration
from tests.factories import PASSWORD, OfficialFactory, StaffRoleFactory, VillageFactory, region

from .conftest import local, make_meeting, position

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


# ---- Time zones ----


@pytest.fixture
def sentani_meeting(regions, sekdes):
    sentani = VillageFactory(region=regions.filter(code__startswith="91.03.01.", level=4).first())
    host = OfficialFactory(village=sentani, position=position("KADES")).user
    meeting = make_meeting(
        host,
        host_village=sentani,
        start=local(2030, 3, 4, 10, tz=ZoneInfo("Asia/Jayapura")),
        audience_kind=Meeting.Audience.VILLAGES,
    )
    meeting.audience_villages.add(sentani, sekdes.positions.get().village)
    return meeting


def test_jayapura_meeting_seen_from_cilacap(client, sentani_meeting, sekdes):
    login(client, sekdes)
    html = client.get(reverse("meetings:detail", args=[sentani_meeting.pk])).content.decode()
    assert "10.00–12.00 WIT" in html
    assert "(08.00 WIB)" in html
    assert sentani_meeting.starts_at == local(2030, 3, 4, 1, tz=ZoneInfo("UTC"))  # stored in UTC


def test_same_zone_viewer_sees_one_time(client, training, sekdes):
    login(client, sekdes)
    html = client.get(reverse("meetings:detail", args=[training.pk])).content.decode()
    assert "WIB" in html and "viewer-time" not in html


def test_staff_viewer_zone_from_their_region(sentani_meeting):
    staff = StaffRoleFactory(region=region("51.04.05")).user
    assert services.viewer_timezone(staff) == "Asia/Makassar"


# ---- Creating ----


def form_data(**overrides):
    data = {
        "title": "Rapat rutin forum",
        "kind": "routine",
        "host": "",
        "starts_at": "2030-03-04T09:00",
        "ends_at": "2030-03-04T11:00",
        "place": "Aula Kecamatan Cipari",
        "online_url": "",
        "capacity": "",
        "registration_deadline": "",
        "audience_kind": "network",
        "agenda": "Evaluasi",
        "repeat": "",
        "repeat_count": "6",
    }
    data.update(overrides)
    return data


def test_staff_creates_monthly_series_for_network(client, camat, network):
    login(client, camat)
    response = client.post(
        reverse("meetings:create"),
        form_data(host="r:33.01.18", audience_network=network.pk, repeat="monthly", repeat_count="3"),
    )
    assert response.status_code == 302
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert len(meetings) == 3
    jakarta = ZoneInfo("Asia/Jakarta")
    # Monday 4 March 2030 is the first Monday; then the first Mondays of April and May.
    assert [timezone.localtime(m.starts_at, jakarta).strftime("%a %d %m %H:%M") for m in meetings] == [
        "Mon 04 03 09:00",
        "Mon 01 04 09:00",
        "Mon 06 05 09:00",
    ]
    assert all(m.series_id == meetings[0].series_id and camat in m.organisers.all() for m in meetings)


def test_edit_this_and_following(client, camat, network):
    login(client, camat)
    client.post(
        reverse("meetings:create"),
        form_data(host="r:33.01.18", audience_network=network.pk, repeat="weekly", repeat_count="3"),
    )
    first, second, third = Meeting.objects.order_by("starts_at")
    response = client.post(
        reverse("meetings:edit", args=[second.pk]),
        form_data(
            title="Rapat rutin (baru)",
            audience_network=network.pk,
            starts_at="2030-03-11T13:00",
            ends_at="2030-03-11T15:00",
            scope="following",
        ),
    )
    assert response.status_code == 302
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert first.title == "Rapat rutin forum"
    assert second.title == third.title == "Rapat rutin (baru)"
    assert timezone.localtime(third.starts_at).strftime("%d %H:%M") == "18 13:00"


def test_official_cannot_invite_a_network_their_village_is_not_in(client, outsider, network):
    login(client, outsider)
    assert f'<option value="{network.pk}"' not in client.get(reverse("meetings:create")).content.decode()
    village = outsider.positions.get().village
    response = client.post(reverse("meetings:create"), form_data(host=f"v:{village.pk}", audience_network=network.pk))
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_sekdes_invites_the_network_their_village_belongs_to(client, sekdes, network):
    login(client, sekdes)
    html = client.get(reverse("meetings:create")).content.decode()
    assert f'<option value="{network.pk}">Forum Cipari</option>' in html
    village = sekdes.positions.get().village
    response = client.post(reverse("meetings:create"), form_data(host=f"v:{village.pk}", audience_network=network.pk))
    assert response.status_code == 302
    assert Meeting.objects.get().audience_network == network


def test_form_marks_each_audience_field_and_the_repeat_count_with_the_choice_it_belongs_to(client, sekdes):
    login(client, sekdes)
    html = client.get(reverse("meetings:create")).content.decode()
    # Without JavaScript all show, labelled; the static script hides those that do not fit the choice.
    assert '<div data-show-when="audience_kind=network">' in html
    assert '<div data-show-when="audience_kind=villages">' in html
    assert '<div data-show-when="audience_kind=region">' in html
    assert '<div data-show-when="repeat=weekly,monthly">' in html
    assert "Jaringan yang diundang (untuk “Anggota satu jaringan”)" in html
    assert "Jumlah pertemuan (bila berulang)" in html
    assert 'src="/static/js/forumdesa.js"' in html and "<script>" not in html


def test_meeting_page_names_the_invited_villages(client, sekdes, caruy_village, caruy_official):
    login(client, sekdes)
    village = sekdes.positions.get().village
    client.post(
        reverse("meetings:create"),
        form_data(host=f"v:{village.pk}", audience_kind="villages", audience_villages=[caruy_village.pk, village.pk]),
    )
    meeting = Meeting.objects.get()
    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Desa yang diundang:" in html
    assert ">Desa Caruy</a>" in html and ">Desa Serang</a>" in html


def test_bad_input_redisplays_with_messages(client, sekdes):
    login(client, sekdes)
    village = sekdes.positions.get().village
    response = client.post(
        reverse("meetings:create"),
        form_data(host=f"v:{village.pk}", audience_kind="villages", place="", ends_at="2030-03-04T08:00"),
    )
    html = response.content.decode()
    assert "Waktu selesai harus setelah waktu mulai." in html
    assert "Isi tempat (alamat) atau tautan daring" in html
    assert "Pilih sedikitnya satu desa." in html
    assert 'value="Rapat rutin forum"' in html


def test_official_creates_for_chosen_villages(client, sekdes, caruy_village, caruy_official):
    login(client, sekdes)
    village = sekdes.positions.get().village
    response = client.post(
        reverse("meetings:create"),
        form_data(host=f"v:{village.pk}", audience_kind="villages", audience_villages=[caruy_village.pk]),
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.host_village == village
    assert list(services.upcoming_for(caruy_official)) == [meeting]


# ---- Lists ----


def test_list_query_count_is_fixed(client, camat, network, serang_village, sekdes, django_assert_max_num_queries):
    login(client, sekdes)
    for n in (3, 30):
        while Meeting.objects.count() < n:
            m = make_meeting(camat, host_region=region("33.01.18"), audience_kind="network", audience_network=network)
            services.register(m, sekdes)
        with django_assert_max_num_queries(10):
            response = client.get(reverse("meetings:list"))
        assert response.status_code == 200
    assert response.content.decode().count("meeting-row") == 20


def test_list_filters_and_past(client, camat, network, sekdes):
    login(client, sekdes)
    make_meeting(
        camat,
        host_region=region("33.01.18"),
        audience_kind="network",
        audience_network=network,
        title="Pelatihan A",
        kind="training",
    )
    make_meeting(
        camat,
        host_region=region("33.01.18"),
        audience_kind="network",
        audience_network=network,
        title="Rapat lama",
        start=timezone.now() - timedelta(days=10),
    )
    html = client.get(reverse("meetings:list"), {"jenis": "training"}).content.decode()
    assert "Pelatihan A" in html and "Rapat lama" not in html
    html = client.get(reverse("meetings:list"), {"waktu": "lalu"}).content.decode()
    assert "Rapat lama" in html and "Pelatihan A" not in html
    assert "Pelatihan A" in client.get(reverse("meetings:list"), {"wilayah": "33.01"}).content.decode()
    assert "Pelatihan A" not in client.get(reverse("meetings:list"), {"wilayah": "33.02"}).content.decode()


def test_list_filtered_by_a_place_name_has_a_fixed_query_count(
    client, camat, network, sekdes, django_assert_max_num_queries
):
    login(client, sekdes)
    for n in (3, 30):
        while Meeting.objects.count() < n:
            make_meeting(camat, host_region=region("33.01.18"), audience_kind="network", audience_network=network)
        with django_assert_max_num_queries(11):  # the list's own, and one to find the place
            response = client.get(reverse("meetings:list"), {"wilayah": "kecamatan cipari"})
        assert response.content.decode().count("meeting-row") == min(n, 20)


def test_list_filters_by_a_region_typed_by_name(client, camat, network, sekdes):
    login(client, sekdes)
    make_meeting(camat, host_region=region("33.01.18"), audience_kind="network", audience_network=network)
    html = client.get(reverse("meetings:list"), {"wilayah": "cilacap"}).content.decode()
    assert "Rapat koordinasi BUMDes" in html
    assert 'value="cilacap"' in html  # what was typed stays in the box
    html = client.get(reverse("meetings:list"), {"wilayah": "Kabupaten Banyumas"}).content.decode()
    assert "Rapat koordinasi BUMDes" not in html and "Belum ada rapat mendatang" in html
    html = client.get(reverse("meetings:list"), {"wilayah": "Kota Atlantis"}).content.decode()
    assert "Tidak ditemukan wilayah bernama" in html
    assert "Kode wilayah" not in html


def test_my_action_items_query_count(client, training, caruy_official, caruy_village, django_assert_max_num_queries):
    login(client, caruy_official)
    for n in (2, 25):
        while training.action_items.count() < n:
            services.add_action_item(training, what="Tugas", due_date="2030-01-01", assignee_village=caruy_village)
        with django_assert_max_num_queries(8):
            assert client.get(reverse("meetings:my_action_items")).status_code == 200


# ---- Detail, attendance, minutes ----


def test_detail_shows_agenda_markdown_and_whatsapp(client, training, sekdes):
    training.agenda = "**Praktik** <script>alert(1)</script>"
    training.save()
    login(client, sekdes)
    html = client.get(reverse("meetings:detail", args=[training.pk])).content.decode()
    assert "<strong>Praktik</strong>" in html and "<script>alert" not in html
    assert "https://wa.me/?text=Pelatihan%20Siskeudes" in html


def test_qr_checkin(client, training, sekdes, camat):
    services.register(training, sekdes)
    login(client, camat)
    html = client.get(reverse("meetings:attendance", args=[training.pk])).content.decode()
    assert "<svg" in html
    with time_machine.travel(training.starts_at - timedelta(minutes=30)):
        url = services.checkin_url(training)
        login(client, sekdes)
        assert client.get(url).status_code == 200
        assert "kehadiran Anda sudah dicatat" in client.post(url).content.decode()
        assert training.registrations.get(user=sekdes).attended
        bad = reverse("meetings:checkin", args=[training.pk, "palsu:abc"])
        assert client.post(bad).status_code == 400
    with time_machine.travel(training.starts_at - timedelta(minutes=30) + timedelta(hours=13)):
        assert client.post(url).status_code == 400  # expired


def test_organiser_marks_attendance_and_closes_minutes(
    client, training, sekdes, kades, camat, caruy_village, mailoutbox, django_capture_on_commit_callbacks
):
    reg_sekdes = services.register(training, sekdes)
    services.register(training, kades)
    login(client, camat)
    client.post(reverse("meetings:attendance", args=[training.pk]), {"present": [reg_sekdes.pk]})
    assert list(training.registrations.filter(attended=True)) == [reg_sekdes]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:action_item_add", args=[training.pk]),
            {"item-what": "Susun RKP Desa", "item-assignee": f"u:{sekdes.pk}", "item-due_date": "2030-04-01"},
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[sekdes.email]]
    response = client.post(
        reverse("meetings:minutes", args=[training.pk]),
        {"summary": "Peserta praktik Siskeudes.", "decisions": "Pelatihan lanjutan bulan depan.", "close": "1"},
    )
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.status == Meeting.Status.COMPLETED and training.attended_count == 1
    assert list(training.attendance_by_village()) == [
        {"village__region__name": "Serang", "village_id": reg_sekdes.village_id, "attendees": 1}
    ]
    login(client, sekdes)
    html = client.get(reverse("meetings:detail", args=[training.pk])).content.decode()
    assert "Pelatihan lanjutan bulan depan." in html and "Susun RKP Desa" in html


def test_minutes_attachment_refuses_wrong_type(client, training, camat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, camat)
    bad = SimpleUploadedFile("catatan.exe", b"MZ\x90\x00 not an image", content_type="image/png")
    response = client.post(reverse("meetings:minutes", args=[training.pk]), {"summary": "Isi", "attachment": bad})
    assert response.status_code == 200
    assert "Hanya gambar" in response.content.decode()
    pdf = SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 isi", content_type="application/pdf")
    response = client.post(reverse("meetings:minutes", args=[training.pk]), {"summary": "Isi", "attachment": pdf})
    assert response.status_code == 302
    attachment = training.minutes.attachments.get()
    assert client.get(reverse("meetings:attachment", args=[attachment.pk])).status_code == 200


# ---- Calendar ----


def test_ics_download_in_host_zone(client, training, sekdes):
    login(client, sekdes)
    response = client.get(reverse("meetings:ics", args=[training.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Pelatihan Siskeudes"
    assert event.decoded("DTSTART") == training.starts_at.replace(microsecond=0)
    assert "TZID=Asia/Jakarta" in response.content.decode()


def test_private_feed_and_revocation(client, training, sekdes):
    services.register(training, sekdes)
    login(client, sekdes)
    html = client.get(reverse("meetings:preferences")).content.decode()
    pref = sekdes.reminder_preference
    feed = reverse("meetings:calendar_feed", args=[pref.feed_token])
    assert feed in html
    client.logout()
    assert b"Pelatihan Siskeudes" in client.get(feed).content
    login(client, sekdes)
    client.post(reverse("meetings:preferences"), {"revoke": "1"})
    client.logout()
    assert client.get(feed).status_code == 404


def test_preferences_page_changes_reminders(client, training, sekdes):
    services.register(training, sekdes)
    login(client, sekdes)
    response = client.post(reverse("meetings:preferences"), {"leads": ["10", "180"]})
    assert response.status_code == 302
    assert sorted(training.reminders.values_list("lead", flat=True)) == [10, 180]


def test_home_page_functions(training, sekdes, outsider, caruy_village):
    assert list(services.upcoming_for(sekdes)) == [training]
    assert list(services.upcoming_for(outsider)) == []
    services.add_action_item(training, what="Tugas", due_date="2030-01-01", assignee_user=sekdes)
    assert services.open_action_items_for(sekdes).count() == 1
    assert Registration.objects.count() == 0


def test_village_page_lists_its_upcoming_meetings_for_those_who_may_see_them(client, db):
    from tests.factories import UserFactory
    from villages.models import Position

    serang = VillageFactory(region=region("33.01.18.2006"))
    sekdes = OfficialFactory(village=serang, position=Position.objects.get(code="SEKDES")).user
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        title="Rapat rutin perangkat Desa Serang",
        host_village=serang,
        audience_kind="villages",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Balai Desa Serang",
    )
    meeting.organisers.add(sekdes)
    meeting.audience_villages.add(serang)
    url = f"/desa/{serang.code}/"
    assert "Rapat rutin perangkat Desa Serang" not in client.get(url).content.decode()  # anonymous
    client.force_login(UserFactory())  # signed in, but not invited: 404 on the meeting, so not listed
    assert "Rapat rutin perangkat Desa Serang" not in client.get(url).content.decode()
    client.force_login(sekdes)
    html = client.get(url).content.decode()
    assert "Rapat rutin perangkat Desa Serang" in html and "WIB" in html
