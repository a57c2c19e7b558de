import pytest
from django.urls import reverse

from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory, region
from villages.models import Official, Position

PENDING_URL = reverse("villages:pending_approvals")


def position(code):
    return Position.objects.get(code=code)


def decide_url(official):
    return reverse("villages:decide_official", args=[official.pk])


@pytest.fixture
def serang(regions):
    return VillageFactory(region=region("33.01.18.2006"))


@pytest.fixture
def cipari(regions):
    """Desa Cipari, in the same kecamatan, with no manager yet."""
    return VillageFactory(region=region("33.01.18.2005"))


@pytest.fixture
def sekdes(serang):
    return OfficialFactory(village=serang, position=position("SEKDES"), user__full_name="Siti Rahayu")


@pytest.fixture
def applicant(serang):
    return OfficialFactory(
        village=serang, position=position("KAUR_KEU"), status="pending", user__full_name="Dewi Lestari"
    )


@pytest.fixture
def camat(regions):
    return StaffRoleFactory(region=region("33.01.18"), title="Camat Cipari").user


def test_manager_approves_and_the_applicant_is_mailed(
    client, sekdes, applicant, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(sekdes.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(applicant), {"decision": "approve"})
    assert response.status_code == 302
    assert response["Location"] == PENDING_URL
    applicant.refresh_from_db()
    assert applicant.status == Official.Status.ACTIVE
    assert applicant.decided_by == sekdes.user
    assert applicant.decided_at is not None
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [applicant.user.email]
    assert "disetujui" in mail.subject and "Desa Serang" in mail.subject
    assert "Kepala Urusan Keuangan" in mail.body and "Desa Serang" in mail.body
    assert "DISETUJUI" in mail.body
    assert reverse("accounts:profile") in mail.body


def test_reject_needs_a_reason_and_keeps_the_request_pending(client, sekdes, applicant, mailoutbox):
    client.force_login(sekdes.user)
    response = client.post(decide_url(applicant), {"decision": "reject", "reason": "   "})
    assert response.status_code == 200
    assert "Tuliskan alasan penolakan" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.status == Official.Status.PENDING
    assert mailoutbox == []


def test_reject_with_a_reason_tells_the_applicant_why(
    client, sekdes, applicant, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(sekdes.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(applicant), {"decision": "reject", "reason": "Nomor SK tidak cocok dengan arsip desa."})
    applicant.refresh_from_db()
    assert applicant.status == Official.Status.REJECTED
    assert applicant.decision_note == "Nomor SK tidak cocok dengan arsip desa."
    assert applicant.decided_by == sekdes.user
    assert [m.to for m in mailoutbox] == [[applicant.user.email]]
    assert "ditolak" in mailoutbox[0].subject
    assert "Nomor SK tidak cocok dengan arsip desa." in mailoutbox[0].body
    assert "Kepala Urusan Keuangan" in mailoutbox[0].body


def test_decision_mail_is_rendered_in_the_applicants_language(
    client, sekdes, applicant, django_capture_on_commit_callbacks, mailoutbox
):
    applicant.user.language = "en"
    applicant.user.save()
    client.force_login(sekdes.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(applicant), {"decision": "approve"})
    # The status label goes through gettext under the applicant's language; the mail still names
    # the village and the position, whichever language it is in.
    assert "Desa Serang" in mailoutbox[0].body and "Kepala Urusan Keuangan" in mailoutbox[0].body


def test_decision_page_shows_the_request(client, sekdes, applicant):
    client.force_login(sekdes.user)
    response = client.get(decide_url(applicant))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dewi Lestari" in html and "Kepala Urusan Keuangan" in html
    assert "Kec. Cipari, Kab. Cilacap, Jawa Tengah" in html


def test_decision_returns_to_a_local_next_page_only(client, sekdes, applicant):
    client.force_login(sekdes.user)
    manage = reverse("villages:manage_officials", args=["33.01.18.2006"])
    response = client.post(decide_url(applicant), {"decision": "approve", "next": manage})
    assert response["Location"] == manage
    other = OfficialFactory(village=applicant.village, status="pending")
    response = client.post(decide_url(other), {"decision": "approve", "next": "https://jahat.example/"})
    assert response["Location"] == PENDING_URL


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsiders_get_404(client, applicant, sekdes, method):
    outsiders = [
        UserFactory(),  # no role at all
        OfficialFactory(village=applicant.village, position=position("KAUR_TU")).user,  # member, not a manager
        OfficialFactory(village=VillageFactory(region=region("33.01.18.2005")), position=position("KADES")).user,
        StaffRoleFactory(region=region("33.02")).user,  # staff of another kabupaten
        StaffRoleFactory(region=region("33.01.18")).user,  # staff in scope, but the village has a manager
    ]
    for outsider in outsiders:
        client.force_login(outsider)
        response = getattr(client, method)(decide_url(applicant), {"decision": "approve"})
        assert response.status_code == 404, outsider
    applicant.refresh_from_db()
    assert applicant.status == Official.Status.PENDING


def test_anonymous_is_sent_to_login(client, applicant):
    response = client.post(decide_url(applicant), {"decision": "approve"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_in_scope_decide_only_while_the_village_has_no_manager(client, cipari, camat):
    request = OfficialFactory(village=cipari, position=position("KADES"), status="pending")
    other_kecamatan = OfficialFactory(
        village=VillageFactory(region=region("33.02.01.2001")), position=position("STAF"), status="pending"
    )
    client.force_login(camat)
    assert client.get(decide_url(other_kecamatan)).status_code == 404
    response = client.post(decide_url(request), {"decision": "approve"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Official.Status.ACTIVE

    # Approving a Kepala Desa made them the village's manager: the camat no longer decides there,
    # the new Kepala Desa does.
    later = OfficialFactory(village=cipari, position=position("STAF"), status="pending")
    assert client.get(decide_url(later)).status_code == 404
    client.force_login(request.user)
    assert client.get(decide_url(later)).status_code == 200
    assert client.get(reverse("villages:manage_officials", args=[cipari.code])).status_code == 200


def test_admins_decide_everywhere(client, applicant, sekdes):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    client.post(decide_url(applicant), {"decision": "reject", "reason": "Salah desa."})
    applicant.refresh_from_db()
    assert applicant.status == Official.Status.REJECTED


def test_nobody_decides_their_own_request(client, cipari, camat):
    own = OfficialFactory(user=camat, village=cipari, position=position("STAF"), status="pending")
    client.force_login(camat)
    response = client.post(decide_url(own), {"decision": "approve"}, follow=True)
    assert "Anda tidak dapat memutuskan permohonan Anda sendiri." in response.content.decode()
    own.refresh_from_db()
    assert own.status == Official.Status.PENDING
    assert own not in client.get(PENDING_URL).context["page"].object_list


def test_a_decided_request_is_reported_not_overwritten(client, sekdes, applicant):
    client.force_login(sekdes.user)
    client.post(decide_url(applicant), {"decision": "approve"})
    response = client.post(decide_url(applicant), {"decision": "reject", "reason": "Berubah pikiran."}, follow=True)
    assert "sudah diputuskan sebelumnya" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.status == Official.Status.ACTIVE


def test_applicant_active_elsewhere_cannot_be_approved(client, sekdes, applicant, cipari):
    OfficialFactory(user=applicant.user, village=cipari, position=position("STAF"))
    client.force_login(sekdes.user)
    response = client.post(decide_url(applicant), {"decision": "approve"}, follow=True)
    assert "masih tercatat sebagai Staf Pemerintah Desa yang aktif di Desa Cipari" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.status == Official.Status.PENDING


def test_a_second_sekretaris_desa_cannot_be_approved(client, sekdes):
    second = OfficialFactory(village=sekdes.village, position=position("SEKDES"), status="pending")
    client.force_login(sekdes.user)
    response = client.post(decide_url(second), {"decision": "approve"}, follow=True)
    assert "Desa Serang sudah memiliki Sekretaris Desa yang aktif (Siti Rahayu)" in response.content.decode()
    second.refresh_from_db()
    assert second.status == Official.Status.PENDING


# ---- pending_approvals -------------------------------------------------------------------------


def test_pending_list_requires_login(client, db):
    assert client.get(PENDING_URL)["Location"].startswith(reverse("account_login"))


def test_manager_sees_only_their_villages_requests(client, sekdes, applicant, cipari):
    elsewhere = OfficialFactory(village=cipari, status="pending")
    client.force_login(sekdes.user)
    response = client.get(PENDING_URL)
    rows = list(response.context["page"].object_list)
    assert rows == [applicant]
    html = response.content.decode()
    assert "Dewi Lestari" in html and "Kec. Cipari, Kab. Cilacap, Jawa Tengah" in html
    assert decide_url(applicant) in html and decide_url(elsewhere) not in html
    assert 'name="reason"' in html


def test_staff_see_requests_in_scope_where_nobody_manages(client, sekdes, applicant, cipari, camat):
    unmanaged = OfficialFactory(village=cipari, status="pending")
    outside = OfficialFactory(village=VillageFactory(region=region("51.04.05.2001")), status="pending")
    client.force_login(camat)
    rows = list(client.get(PENDING_URL).context["page"].object_list)
    assert rows == [unmanaged]  # not Serang's (it has a Sekdes), not Bali's
    assert applicant not in rows and outside not in rows


def test_kabupaten_staff_see_the_whole_kabupaten(client, cipari, regions):
    unmanaged = OfficialFactory(village=cipari, status="pending")
    lumbir = OfficialFactory(village=VillageFactory(region=region("33.02.01.2001")), status="pending")
    client.force_login(StaffRoleFactory(region=region("33.01")).user)
    rows = list(client.get(PENDING_URL).context["page"].object_list)
    assert rows == [unmanaged] and lumbir not in rows


def test_inactive_staff_role_sees_nothing(client, cipari, regions):
    OfficialFactory(village=cipari, status="pending")
    role = StaffRoleFactory(region=region("33.01.18"), is_active=False)
    client.force_login(role.user)
    assert client.get(PENDING_URL).context["page"].paginator.count == 0


def test_admins_see_every_pending_request(client, applicant, cipari):
    other = OfficialFactory(village=cipari, status="pending")
    OfficialFactory(village=cipari, status="active")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert set(client.get(PENDING_URL).context["page"].object_list) == {applicant, other}


def test_people_without_a_role_see_an_empty_list(client, applicant):
    client.force_login(UserFactory())
    response = client.get(PENDING_URL)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert "Tidak ada permohonan yang menunggu keputusan Anda." in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_pending_list_costs_a_fixed_number_of_queries(client, regions, count, django_assert_max_num_queries):
    villages = [VillageFactory(region=r) for r in regions.within("33.01.18").filter(level=4)[:6]]
    for n in range(count):
        OfficialFactory(village=villages[n % len(villages)], position=position("STAF"), status="pending")
    viewers = [
        StaffRoleFactory(region=region("33.01.18")).user,
        UserFactory(is_superuser=True, is_staff=True),
        OfficialFactory(village=villages[0], position=position("KADES")).user,
    ]
    for viewer in viewers:
        client.force_login(viewer)
        for page in (1, 2):
            # 7 for the page, 1 for the two-factor check that approval pages make.
            with django_assert_max_num_queries(8):
                response = client.get(PENDING_URL, {"page": page})
            assert response.status_code == 200
    # The Kepala Desa (the last viewer) sees their own village's requests only.
    assert response.context["page"].paginator.count == len(range(0, count, len(villages)))
