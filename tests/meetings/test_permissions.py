"""Who may see and manage a meeting, for every page: outsiders get 404."""

import pytest
from django.urls import reverse

from meetings import rules, services
from meetings.models import Meeting
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_rules(training, sekdes, caruy_official, outsider, camat, network):
    assert rules.can_see_meeting(sekdes, training)
    assert rules.can_see_meeting(caruy_official, training)
    assert not rules.can_see_meeting(outsider, training)
    assert rules.can_manage_meeting(camat, training)
    assert not rules.can_manage_meeting(sekdes, training)
    assert rules.can_register_for_meeting(sekdes, training)
    assert not rules.can_register_for_meeting(outsider, training)
    assert not rules.can_register_for_meeting(camat, training)  # staff are organisers, not registrants
    assert rules.can_invite_network(camat, network)
    assert rules.can_invite_network(sekdes, network)  # Serang is an active member of the network
    assert not rules.can_invite_network(outsider, network)
    assert rules.can_create_meeting(sekdes) and rules.can_create_meeting(camat)
    assert not rules.can_create_meeting(UserFactory())


def test_visible_meetings_q_matches_can_see(training, sekdes, outsider, camat):
    for user in (sekdes, outsider, camat):
        listed = Meeting.objects.filter(rules.visible_meetings_q(user)).filter(pk=training.pk).exists()
        assert listed == rules.can_see_meeting(user, training)


def test_region_audience_and_village_list(serang_village, caruy_village, sekdes, caruy_official, outsider, kades):
    from tests.factories import region

    by_region = Meeting.objects.create(
        title="Musyawarah",
        host_village=serang_village,
        audience_kind="region",
        audience_region=region("33.01.18"),
        starts_at=services.timezone.now() + services.timedelta(days=1),
        ends_at=services.timezone.now() + services.timedelta(days=1, hours=1),
        place="Balai",
    )
    assert by_region.invites(caruy_village)
    assert rules.can_see_meeting(caruy_official, by_region)
    assert not rules.can_see_meeting(outsider, by_region)
    by_list = Meeting.objects.create(
        title="Rapat dua desa",
        host_village=serang_village,
        audience_kind="villages",
        starts_at=by_region.starts_at,
        ends_at=by_region.ends_at,
        place="Balai",
    )
    by_list.audience_villages.add(serang_village)
    assert rules.can_see_meeting(kades, by_list)
    assert not rules.can_see_meeting(caruy_official, by_list)


def test_action_item_rule(training, sekdes, caruy_official, caruy_village):
    item = services.add_action_item(
        training, what="Kirim laporan", due_date="2030-01-01", assignee_village=caruy_village
    )
    assert rules.can_update_action_item(caruy_official, item)
    assert not rules.can_update_action_item(sekdes, item)


MANAGER_PAGES = ["edit", "registrations", "attendance", "minutes", "action_item_add"]
VIEWER_PAGES = ["detail", "ics"]


@pytest.mark.parametrize("name", MANAGER_PAGES + VIEWER_PAGES)
def test_outsider_gets_404_everywhere(client, training, outsider, name):
    login(client, outsider)
    assert client.get(reverse(f"meetings:{name}", args=[training.pk])).status_code == 404


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_invited_official_cannot_manage(client, training, sekdes, name):
    login(client, sekdes)
    assert client.get(reverse(f"meetings:{name}", args=[training.pk])).status_code == 404


@pytest.mark.parametrize("name", MANAGER_PAGES + VIEWER_PAGES)
def test_organiser_opens_every_page(client, training, camat, name):
    login(client, camat)
    assert client.get(reverse(f"meetings:{name}", args=[training.pk])).status_code == 200


def test_exports_for_organisers_only(client, training, camat, sekdes):
    login(client, sekdes)
    assert client.get(reverse("meetings:registrations_export", args=[training.pk, "csv"])).status_code == 404
    login(client, camat)
    assert client.get(reverse("meetings:registrations_export", args=[training.pk, "pdf"])).status_code == 404


@pytest.mark.parametrize("name", ["cancel", "register", "unregister"])
def test_posts_by_outsider_are_404(client, training, outsider, name):
    login(client, outsider)
    assert client.post(reverse(f"meetings:{name}", args=[training.pk])).status_code == 404
    training.refresh_from_db()
    assert training.status == Meeting.Status.SCHEDULED
    assert not training.registrations.exists()


def test_anonymous_is_sent_to_login(client, training):
    for name in ("list", "create", "preferences"):
        response = client.get(reverse(f"meetings:{name}"))
        assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_create_needs_a_role(client):
    user = UserFactory()
    login(client, user)
    assert client.get(reverse("meetings:create")).status_code == 404


def test_action_item_status_by_stranger_is_404(client, training, outsider, caruy_village):
    item = services.add_action_item(
        training, what="Kirim laporan", due_date="2030-01-01", assignee_village=caruy_village
    )
    login(client, outsider)
    response = client.post(reverse("meetings:action_item_status", args=[item.pk]), {"status": "done"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == "open"


def test_bad_feed_token_is_404(client):
    assert client.get(reverse("meetings:calendar_feed", args=["nope"])).status_code == 404
