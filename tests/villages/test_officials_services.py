"""villages.services: each workflow step changes the row once, refuses a second change, and tells
the right person."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification, NotificationKind
from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory, region
from villages import services
from villages.models import Official, OfficialInvitation, Position, Village


def position(code):
    return Position.objects.get(code=code)


@pytest.fixture
def serang(regions):
    return VillageFactory(region=region("33.01.18.2006"))


@pytest.fixture
def sekdes(serang):
    return OfficialFactory(village=serang, position=position("SEKDES"), user__full_name="Siti Rahayu")


@pytest.fixture
def applicant(serang):
    return OfficialFactory(village=serang, position=position("KAUR_KEU"), status="pending")


@pytest.fixture
def camat_for_serang(regions):
    return StaffRoleFactory(region=region("33.01.18")).user


def notified(user):
    return list(Notification.objects.filter(recipient=user).values_list("key", flat=True))


# ---- request_position ----


def test_a_request_is_saved_pending_and_the_village_managers_are_told(sekdes):
    user = UserFactory()
    official = services.request_position(
        Official(user=user, position=position("KAUR_KEU"), sk_number="141/12/2024"), sekdes.village.region
    )
    official.refresh_from_db()
    assert official.status == Official.Status.PENDING and official.village == sekdes.village
    note = Notification.objects.get(recipient=sekdes.user)
    assert note.key == f"official-requested:{official.pk}" and note.kind == NotificationKind.APPROVALS
    assert notified(user) == []


def test_the_first_request_brings_the_village_in_and_tells_the_district_staff(regions):
    camat = StaffRoleFactory(region=region("33.01.18")).user
    bystander = StaffRoleFactory(region=region("33.02")).user
    cipari = region("33.01.18.2005")
    assert not Village.objects.filter(region=cipari).exists()
    official = services.request_position(Official(user=UserFactory(), position=position("KADES")), cipari)
    assert official.village.region == cipari
    assert notified(camat) == [f"official-requested:{official.pk}"]
    assert notified(bystander) == []


def test_a_second_waiting_request_of_one_person_is_refused(applicant, sekdes):
    again = Official(user=applicant.user, position=position("STAF"))
    with pytest.raises(services.PositionConflict):
        services.request_position(again, sekdes.village.region)
    assert Official.objects.filter(user=applicant.user).count() == 1
    assert notified(sekdes.user) == []


# ---- decide_request ----


def test_approval_activates_the_request_and_tells_only_the_applicant(
    sekdes, applicant, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.decide_request(applicant, sekdes.user, approved=True) is True
    applicant.refresh_from_db()
    assert applicant.status == Official.Status.ACTIVE
    assert applicant.decided_by == sekdes.user and applicant.decided_at is not None
    note = Notification.objects.get(recipient=applicant.user)
    assert note.key == f"official-decided:{applicant.pk}" and note.transactional
    assert notified(sekdes.user) == []
    assert [m.to for m in mailoutbox] == [[applicant.user.email]]


def test_approval_result_reaches_the_applicants_phone(
    sekdes, applicant, vapid, push_service, django_capture_on_commit_callbacks
):
    phone = push_service.subscribe(applicant.user, "applicant")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_request(applicant, sekdes.user, approved=True)
    (message,) = push_service.messages_for(phone)
    assert message["title"] == Notification.objects.get(recipient=applicant.user).title
    assert "/akun/notifikasi/" in message["url"]


def test_rejection_keeps_the_reason_and_sends_it(sekdes, applicant):
    assert services.decide_request(applicant, sekdes.user, approved=False, reason="SK tidak terbaca.")
    applicant.refresh_from_db()
    assert applicant.status == Official.Status.REJECTED and applicant.decision_note == "SK tidak terbaca."
    assert "SK tidak terbaca." in Notification.objects.get(recipient=applicant.user).body


def test_a_second_decision_is_refused_and_the_first_stands(sekdes, applicant, camat_for_serang):
    # Both deciders loaded the request while it was pending.
    seen_by_camat = Official.objects.get(pk=applicant.pk)
    assert services.decide_request(applicant, sekdes.user, approved=True) is True
    assert services.decide_request(seen_by_camat, camat_for_serang, approved=False, reason="Terlambat.") is False
    applicant.refresh_from_db()
    assert applicant.status == Official.Status.ACTIVE
    assert applicant.decided_by == sekdes.user and applicant.decision_note == ""
    assert Notification.objects.filter(recipient=applicant.user).count() == 1


def test_approving_someone_who_became_active_elsewhere_changes_nothing(sekdes, applicant):
    OfficialFactory(user=applicant.user, village=VillageFactory(region=region("33.01.18.2005")))
    with pytest.raises(services.PositionConflict):
        services.decide_request(applicant, sekdes.user, approved=True)
    applicant.refresh_from_db()
    assert applicant.status == Official.Status.PENDING
    assert notified(applicant.user) == []


# ---- end_term ----


def test_ending_a_term_keeps_the_row_as_history_and_happens_once(sekdes):
    staf = OfficialFactory(village=sekdes.village, term_start=date(2020, 1, 6))
    assert services.end_term(staf, date(2025, 6, 30)) is True
    staf.refresh_from_db()
    assert staf.status == Official.Status.ENDED and staf.term_end == date(2025, 6, 30)
    assert services.end_term(staf, date(2025, 7, 1)) is False
    staf.refresh_from_db()
    assert staf.term_end == date(2025, 6, 30)


# ---- withdraw_request ----


def test_withdrawing_marks_the_request_and_cannot_undo_a_decision(sekdes, applicant):
    decided = Official.objects.get(pk=applicant.pk)
    assert services.withdraw_request(applicant, applicant.user) is True
    applicant.refresh_from_db()
    assert applicant.status == Official.Status.REJECTED
    assert applicant.decision_note == services.WITHDRAWN_NOTE and applicant.decided_by == applicant.user
    assert services.decide_request(decided, sekdes.user, approved=True) is False
    assert notified(applicant.user) == []

    other = OfficialFactory(village=sekdes.village, status="pending")
    services.decide_request(other, sekdes.user, approved=True)
    assert services.withdraw_request(other, other.user) is False
    other.refresh_from_db()
    assert other.status == Official.Status.ACTIVE


# ---- invite and accept_invitation ----


def test_an_invitation_is_mailed_after_the_commit_in_the_invitees_language(
    sekdes, django_capture_on_commit_callbacks, mailoutbox
):
    UserFactory(email="kadus@contoh.id", language="en")
    invitation = OfficialInvitation(village=sekdes.village, position=position("KADUS"), email="kadus@contoh.id")
    with django_capture_on_commit_callbacks() as callbacks:
        services.invite(invitation, sekdes.user)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    invitation.refresh_from_db()
    assert invitation.invited_by == sekdes.user
    assert [m.to for m in mailoutbox] == [["kadus@contoh.id"]]
    assert mailoutbox[0].subject.endswith("Invitation to be Kadus in Desa Serang")
    assert invitation.token in mailoutbox[0].body
    # No in-app notification: the address may have no account yet.
    assert not Notification.objects.exists()


@pytest.fixture
def invitation(sekdes):
    return OfficialInvitation.objects.create(
        village=sekdes.village, position=position("KADUS"), email="kadus@contoh.id", invited_by=sekdes.user
    )


def test_accepting_makes_an_active_official_and_replaces_a_waiting_request(invitation, regions):
    waiting = OfficialFactory(village=VillageFactory(region=region("33.01.18.2005")), status="pending")
    user = waiting.user
    official = services.accept_invitation(invitation, user)
    assert official.status == Official.Status.ACTIVE and official.village == invitation.village
    assert official.position == invitation.position and official.decided_by == invitation.invited_by
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.official == official
    waiting.refresh_from_db()
    assert waiting.status == Official.Status.REJECTED and waiting.decision_note == services.WITHDRAWN_NOTE


def test_an_invitation_is_accepted_once(invitation):
    first, second = UserFactory(), UserFactory()
    assert services.accept_invitation(invitation, first) is not None
    assert services.accept_invitation(OfficialInvitation.objects.get(pk=invitation.pk), second) is None
    assert not Official.objects.filter(user=second).exists()


def test_an_expired_invitation_is_not_accepted(invitation):
    OfficialInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    user = UserFactory()
    assert services.accept_invitation(invitation, user) is None
    assert not Official.objects.filter(user=user).exists()


def test_accepting_while_active_elsewhere_claims_nothing(invitation):
    active = OfficialFactory(village=VillageFactory(region=region("33.01.18.2005")))
    with pytest.raises(services.PositionConflict):
        services.accept_invitation(invitation, active.user)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and invitation.official is None
    assert list(Official.objects.filter(user=active.user)) == [active]
