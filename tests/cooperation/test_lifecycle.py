"""Agreements: draft → proposed → active → completed/terminated, who may do which step, and who hears."""

from datetime import date

import pytest
from django.urls import reverse

from cooperation import services as services
from cooperation.models import Agreement, AgreementParty
from notifications.models import Notification
from regions.models import Region
from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory
from villages.models import Position


def _region(code):
    return Region.objects.get(code=code)


def manager_of(village, code="SEKDES"):
    return OfficialFactory(village=village, position=Position.objects.get(code=code)).user


@pytest.fixture
def coop(regions):
    """Serang (Cilacap) and Cirahab (Banyumas) with a manager each, Caruy as an outsider village."""
    serang = VillageFactory(region=_region("33.01.18.2006"))
    cirahab = VillageFactory(region=_region("33.02.01.2001"))
    caruy = VillageFactory(region=_region("33.01.18.2001"))
    return {
        "serang": serang,
        "cirahab": cirahab,
        "caruy": caruy,
        "serang_mgr": manager_of(serang),
        "cirahab_mgr": manager_of(cirahab, "KADES"),
        "caruy_mgr": manager_of(caruy),
        "serang_staf": OfficialFactory(village=serang).user,
    }


def make_agreement(coop, *, status=None, public=False, partners=("cirahab",), title="Usaha mikro bersama"):
    agreement = Agreement(
        title=title,
        field=Agreement.Field.JOINT_VENTURE,
        scope="Pemasaran produk UMKM bersama",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
        is_public=public,
    )
    services.start_agreement(agreement, coop["serang_mgr"], coop["serang"])
    for name in partners:
        AgreementParty.objects.create(agreement=agreement, village=coop[name])
    if status:
        Agreement.objects.filter(pk=agreement.pk).update(status=status)
        agreement.refresh_from_db()
    return agreement


def detail(agreement):
    return reverse("cooperation:agreement_detail", args=[agreement.pk])


def test_full_life_cycle_notifies_each_step(client, coop, django_capture_on_commit_callbacks, mailoutbox):
    agreement = make_agreement(coop)
    client.force_login(coop["serang_mgr"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cooperation:agreement_propose", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == "proposed"
    assert agreement.parties.get(village=coop["serang"]).confirmed_at is not None
    assert [m.to for m in mailoutbox] == [[coop["cirahab_mgr"].email]]
    assert "Mohon konfirmasi" in mailoutbox[0].subject

    client.force_login(coop["cirahab_mgr"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cooperation:agreement_confirm", args=[agreement.pk]), follow=True)
    assert "kerja sama kini berjalan" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "active" and agreement.activated_at is not None
    assert Notification.objects.filter(recipient=coop["serang_mgr"], key=f"coop:{agreement.pk}:activated").exists()
    assert agreement.reminders.filter(kind="agreement_expiry").exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cooperation:agreement_complete", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == "completed"
    assert Notification.objects.filter(recipient=coop["serang_mgr"], key=f"coop:{agreement.pk}:completed").exists()
    assert not agreement.reminders.pending().exists()


def test_stays_proposed_until_every_village_confirmed(client, coop):
    agreement = make_agreement(coop, partners=("cirahab", "caruy"))
    services.propose(agreement, coop["serang_mgr"])
    client.force_login(coop["cirahab_mgr"])
    client.post(reverse("cooperation:agreement_confirm", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == "proposed"
    client.force_login(coop["caruy_mgr"])
    client.post(reverse("cooperation:agreement_confirm", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_third_parties_do_not_hold_up_activation(coop):
    agreement = make_agreement(coop)
    AgreementParty.objects.create(agreement=agreement, name="BUMDes Maju Bersama", third_party_kind="bumdes")
    services.propose(agreement, coop["serang_mgr"])
    services.confirm(agreement.parties.get(village=coop["cirahab"]), coop["cirahab_mgr"])
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_a_party_confirms_only_for_its_own_village(client, coop):
    agreement = make_agreement(coop, partners=("cirahab", "caruy"))
    services.propose(agreement, coop["serang_mgr"])
    # Cirahab's manager confirms: only Cirahab's row moves, whatever else is posted.
    client.force_login(coop["cirahab_mgr"])
    caruy_party = agreement.parties.get(village=coop["caruy"])
    client.post(reverse("cooperation:agreement_confirm", args=[agreement.pk]), {"party": caruy_party.pk})
    caruy_party.refresh_from_db()
    assert caruy_party.confirmed_at is None
    assert agreement.parties.get(village=coop["cirahab"]).confirmed_at is not None


def test_staff_officials_and_outsiders_cannot_confirm(client, coop):
    agreement = make_agreement(coop)
    services.propose(agreement, coop["serang_mgr"])
    outsider = manager_of(VillageFactory(region=_region("51.04.05.2001")))
    for user in (coop["serang_staf"], OfficialFactory(village=coop["cirahab"]).user, outsider):
        client.force_login(user)
        assert client.post(reverse("cooperation:agreement_confirm", args=[agreement.pk])).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == "proposed"


def test_proposing_needs_a_partner_village(client, coop):
    agreement = make_agreement(coop, partners=())
    client.force_login(coop["serang_mgr"])
    response = client.post(reverse("cooperation:agreement_propose", args=[agreement.pk]), follow=True)
    assert "Tambahkan sedikitnya satu desa mitra" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "draft"


def test_only_the_proposing_manager_edits_the_draft(client, coop):
    agreement = make_agreement(coop)
    url = reverse("cooperation:agreement_edit", args=[agreement.pk])
    client.force_login(coop["cirahab_mgr"])
    assert client.get(url).status_code == 404
    client.force_login(coop["serang_staf"])
    assert client.get(url).status_code == 404
    client.force_login(coop["serang_mgr"])
    assert client.get(url).status_code == 200


def test_create_form_keeps_input_and_says_why(client, coop):
    client.force_login(coop["serang_mgr"])
    data = {
        "title": "Pengelolaan sampah",
        "field": "lingkungan",
        "scope": "Bank sampah",
        "implementer": "bkad",
        "starts_on": "2026-05-01",
        "ends_on": "2026-04-01",
    }
    response = client.post(reverse("cooperation:agreement_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in html
    assert "Pengelolaan sampah" in html
    data["ends_on"] = "2027-04-01"
    response = client.post(reverse("cooperation:agreement_create"), data)
    agreement = Agreement.objects.get(title="Pengelolaan sampah")
    assert response.url == detail(agreement)
    assert agreement.lead_village == coop["serang"] and agreement.status == "draft"
    assert list(agreement.parties.values_list("village", flat=True)) == [coop["serang"].pk]


def test_only_managers_start_agreements(client, coop):
    client.force_login(coop["serang_staf"])
    assert client.get(reverse("cooperation:agreement_create")).status_code == 404


def test_terminate_needs_a_reason_and_tells_everyone(client, coop):
    agreement = make_agreement(coop, status="active")
    client.force_login(coop["cirahab_mgr"])
    url = reverse("cooperation:agreement_terminate", args=[agreement.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    client.post(url, {"reason": "Dana desa dialihkan untuk bencana."})
    agreement.refresh_from_db()
    assert agreement.status == "terminated"
    assert agreement.termination_reason == "Dana desa dialihkan untuk bencana."
    note = Notification.objects.get(recipient=coop["serang_mgr"], key=f"coop:{agreement.pk}:terminated")
    assert "Dana desa dialihkan" in note.body


def test_a_step_already_taken_is_reported_not_repeated(coop):
    agreement = make_agreement(coop)
    services.propose(agreement, coop["serang_mgr"])
    with pytest.raises(services.StepRefused):
        services.propose(Agreement.objects.get(pk=agreement.pk), coop["serang_mgr"])


# ---- Visibility ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("public", "status", "outsider_sees"),
    [(False, "active", False), (True, "active", True), (True, "draft", False), (True, "completed", True)],
)
def test_outsiders_see_only_public_agreements(client, coop, public, status, outsider_sees):
    agreement = make_agreement(coop, public=public, status=status)
    client.force_login(coop["caruy_mgr"])
    assert client.get(detail(agreement)).status_code == (200 if outsider_sees else 404)
    listed = [a.pk for a in client.get(reverse("cooperation:agreement_list")).context["page"]]
    assert (agreement.pk in listed) is outsider_sees


def test_parties_and_staff_in_scope_see_private_agreements(client, coop):
    agreement = make_agreement(coop, status="active")
    banyumas_staff = StaffRoleFactory(region=_region("33.02")).user
    bali_staff = StaffRoleFactory(region=_region("51.04")).user
    for user, expected in [
        (coop["serang_staf"], 200),
        (coop["cirahab_mgr"], 200),
        (banyumas_staff, 200),
        (bali_staff, 404),
        (UserFactory(), 404),
    ]:
        client.force_login(user)
        assert client.get(detail(agreement)).status_code == expected, user


def test_anonymous_visitors_are_sent_to_log_in(client, coop):
    agreement = make_agreement(coop, public=True, status="active")
    response = client.get(detail(agreement))
    assert response.status_code == 302 and "/akun/login/" in response.url
