"""A partner village with nobody on ForumDesa who may confirm (no Kades/Sekdes): the staff covering it
are asked to confirm on its behalf, the proposer is told, and the confirmation records who gave it."""

from django.urls import reverse

from cooperation import services
from cooperation.models import Agreement, AgreementParty
from notifications.models import Notification
from tests.cooperation.test_lifecycle import _region, coop, make_agreement  # noqa: F401 - fixture
from tests.factories import OfficialFactory, StaffRoleFactory, VillageFactory


def test_staff_confirm_for_a_village_without_a_manager_and_the_proposer_is_told(client, coop):  # noqa: F811
    # Desa Canduk (Kec. Lumbir, Banyumas) has joined but only a staff member, no Kades or Sekdes.
    canduk = VillageFactory(region=_region("33.02.01.2002"))
    OfficialFactory(village=canduk)
    camat_lumbir = StaffRoleFactory(region=_region("33.02.01"), title="Camat Lumbir").user
    camat_cipari = StaffRoleFactory(region=_region("33.01.18"), title="Camat Cipari").user
    agreement = make_agreement(coop, partners=("cirahab",))
    party = AgreementParty.objects.create(agreement=agreement, village=canduk)
    services.propose(agreement, coop["serang_mgr"])

    asked = Notification.objects.get(key=f"coop:{agreement.pk}:confirm-on-behalf:{party.pk}")
    assert asked.recipient == camat_lumbir and "Desa Canduk" in asked.body
    told = Notification.objects.get(key=f"coop:{agreement.pk}:unmanaged")
    assert told.recipient == coop["serang_mgr"] and "Desa Canduk" in told.body and "Desa Cirahab" not in told.body

    url = reverse("cooperation:agreement_detail", args=[agreement.pk])
    client.force_login(coop["serang_mgr"])
    html = client.get(url).content.decode()
    assert "belum punya Kades/Sekdes di ForumDesa" in html
    assert "Konfirmasi atas nama desa" not in html  # the proposer cannot confirm for the partner

    confirm = reverse("cooperation:agreement_confirm", args=[agreement.pk])
    client.force_login(camat_cipari)  # staff of another kecamatan: not theirs to confirm
    assert client.post(confirm, {"atas_nama": party.pk}).status_code == 404
    client.force_login(camat_lumbir)
    assert "Konfirmasi atas nama desa" in client.get(url).content.decode()
    cirahab_party = agreement.parties.get(village=coop["cirahab"])
    assert client.post(confirm, {"atas_nama": cirahab_party.pk}).status_code == 404  # Cirahab has its own manager
    assert client.post(confirm, {"atas_nama": party.pk}).status_code == 302
    party.refresh_from_db()
    assert party.confirmed_by == camat_lumbir and party.confirmed_at is not None
    assert Agreement.objects.get(pk=agreement.pk).status == Agreement.Status.PROPOSED  # Cirahab still to confirm
    html = client.get(url).content.decode()
    assert f"Dikonfirmasi oleh {camat_lumbir.full_name} atas nama desa." in html
    assert client.post(confirm, {"atas_nama": party.pk}).status_code == 404  # once


def test_no_staff_request_when_every_partner_has_a_manager(coop):  # noqa: F811
    agreement = make_agreement(coop)
    services.propose(agreement, coop["serang_mgr"])
    assert not Notification.objects.filter(key__contains="confirm-on-behalf").exists()
    assert not Notification.objects.filter(key=f"coop:{agreement.pk}:unmanaged").exists()
