"""Who a user is (villages.roles) and the village rules built on it, against real regions
(Kecamatan Cipari, Kabupaten Cilacap)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from regions.models import Region
from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory
from villages import roles, rules
from villages.models import Official, Position


@pytest.fixture
def serang_village(serang):
    return VillageFactory(region=serang)


@pytest.fixture
def caruy_village(regions):
    return VillageFactory(region=Region.objects.get(code="33.01.18.2001"))


@pytest.fixture
def lumbir_village(regions):  # Kab. Banyumas: outside Cilacap
    return VillageFactory(region=Region.objects.get(code="33.02.01.2001"))


def official(village, code, status=Official.Status.ACTIVE):
    return OfficialFactory(village=village, position=Position.objects.get(code=code), status=status).user


def staff(code):
    return StaffRoleFactory(region=Region.objects.get(code=code)).user


def test_anonymous_may_do_nothing(serang_village):
    anonymous = AnonymousUser()
    assert not rules.can_edit_village(anonymous, serang_village)
    assert not rules.can_decide_officials(anonymous, serang_village)
    assert not rules.can_see_phone_numbers(anonymous)
    assert not rules.can_use_directory(anonymous)


def test_manager_edits_and_decides_for_own_village_only(serang_village, caruy_village):
    sekdes = official(serang_village, "SEKDES")
    assert roles.is_village_manager(sekdes, serang_village)
    assert rules.can_edit_village(sekdes, serang_village)
    assert rules.can_decide_officials(sekdes, serang_village)
    assert not rules.can_edit_village(sekdes, caruy_village)
    assert not rules.can_decide_officials(sekdes, caruy_village)


def test_ordinary_official_is_a_member_but_not_a_manager(serang_village):
    kaur = official(serang_village, "KAUR_KEU")
    assert roles.is_member_of(kaur, serang_village)
    assert not rules.can_edit_village(kaur, serang_village)
    assert not rules.can_decide_officials(kaur, serang_village)
    assert rules.can_see_phone_numbers(kaur)


def test_pending_or_ended_official_has_no_rights(serang_village):
    for status in (Official.Status.PENDING, Official.Status.ENDED, Official.Status.REJECTED):
        user = official(serang_village, "KADES", status=status)
        assert not rules.can_edit_village(user, serang_village)
        assert not rules.can_see_phone_numbers(user)


@pytest.mark.parametrize("scope", ["33.01.18", "33.01", "33"])
def test_staff_scope_follows_the_code_prefix(serang_village, lumbir_village, scope):
    camat = staff(scope)
    assert rules.can_edit_village(camat, serang_village)
    assert rules.can_edit_village(camat, lumbir_village) == (scope == "33")


def test_staff_decide_only_while_the_village_has_no_manager(serang_village):
    camat = staff("33.01.18")
    assert rules.can_decide_officials(camat, serang_village)
    official(serang_village, "KADES")
    assert not rules.can_decide_officials(camat, serang_village)


def test_staff_scope_q_limits_querysets(serang_village, caruy_village, lumbir_village):
    from villages.models import Village

    camat = staff("33.01.18")
    assert set(Village.objects.filter(roles.staff_scope_q(camat))) == {serang_village, caruy_village}
    assert not Village.objects.filter(roles.staff_scope_q(UserFactory())).exists()
    admin = UserFactory(is_superuser=True)
    assert Village.objects.filter(roles.staff_scope_q(admin)).count() == 3


def test_a_prefix_that_only_looks_alike_is_outside(regions):
    # "33.01.1" must not cover "33.01.18": scope is by whole code segments.
    camat = staff("33.01.18")
    assert roles.roles(camat).covers("33.01.18.2006")
    assert not roles.roles(camat).covers("33.01.180.2006")
    assert not roles.roles(camat).covers("33.01.1")


def test_admin_may_do_everything(serang_village):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert rules.can_edit_village(admin, serang_village)
    assert rules.can_decide_officials(admin, serang_village)
    assert rules.can_use_directory(admin)


def test_roles_are_loaded_once_per_user_object(serang_village, django_assert_num_queries):
    sekdes = official(serang_village, "SEKDES")
    with django_assert_num_queries(2):
        roles.roles(sekdes)
        roles.roles(sekdes)
        rules.can_edit_village(sekdes, serang_village)


# ---- Who manages a village, who covers it: the queries agree with the per-user answers ----


def test_village_managers_are_the_active_holders_of_managing_positions(serang_village, caruy_village):
    kades = official(serang_village, "KADES")
    sekdes = official(serang_village, "SEKDES")
    official(serang_village, "KAUR_KEU")
    official(serang_village, "KASI_PEM", status=Official.Status.PENDING)
    ended = official(serang_village, "KADES", status=Official.Status.ENDED)
    caruy_kades = official(caruy_village, "KADES")

    assert set(roles.village_managers([serang_village])) == {kades, sekdes}
    assert set(roles.village_managers([serang_village.pk, caruy_village.pk])) == {kades, sekdes, caruy_kades}
    assert not roles.village_managers([]).exists()
    for user in (kades, sekdes, ended):
        assert roles.is_village_manager(user, serang_village) == (user in (kades, sekdes))
        assert roles.roles(user).is_manager == (user in (kades, sekdes))


def test_village_managers_leave_out_deactivated_accounts(serang_village):
    kades = official(serang_village, "KADES")
    kades.is_active = False
    kades.save()
    assert not roles.village_managers([serang_village]).exists()


@pytest.mark.parametrize(
    ("scope", "covers"),
    [("33", True), ("33.01", True), ("33.01.18", True), ("33.02", False), ("33.02.01", False), ("51", False)],
)
def test_staff_covering_a_village_is_its_region_or_an_enclosing_one(serang_village, scope, covers):
    user = staff(scope)
    assert roles.covers_village(user, serang_village) is covers
    assert (user in set(roles.staff_covering([serang_village.region.code]))) is covers


def test_staff_covering_leaves_out_ended_roles_and_deactivated_accounts(serang_village):
    camat = StaffRoleFactory(region=Region.objects.get(code="33.01.18"), is_active=False).user
    dpmd = staff("33.01")
    dpmd.is_active = False
    dpmd.save()
    assert not roles.staff_covering([serang_village.region.code]).exists()
    assert not roles.covers_village(camat, serang_village)


def test_staff_covering_several_regions_at_once(serang_village, lumbir_village):
    camat = staff("33.01.18")
    banyumas = staff("33.02")
    staff("51")
    codes = [serang_village.region.code, lumbir_village.region.code]
    assert set(roles.staff_covering(codes)) == {camat, banyumas}
    # The kecamatan itself, not only the villages in it: a kecamatan network's coordinators.
    assert set(roles.staff_covering(["33.01.18"])) == {camat}


# ---- get_village_or_404 and get_official_or_404: missing and forbidden look alike ----


def test_get_village_or_404_for_the_public_page_and_for_editing(serang_village, caruy_village):
    from django.http import Http404

    sekdes = official(serang_village, "SEKDES")
    assert rules.get_village_or_404(AnonymousUser(), serang_village.code) == serang_village
    assert rules.get_village_or_404(sekdes, serang_village.code, rule=rules.can_edit_village) == serang_village
    for code in (caruy_village.code, "33.01.18.2099", "nonsense"):
        with pytest.raises(Http404):
            rules.get_village_or_404(sekdes, code, rule=rules.can_edit_village)
    with pytest.raises(Http404):
        rules.get_village_or_404(AnonymousUser(), "33.01.18.2099")


def test_get_official_or_404_hides_other_villages_requests(serang_village, caruy_village):
    from django.http import Http404

    sekdes = official(serang_village, "SEKDES")
    request = OfficialFactory(village=caruy_village, status=Official.Status.PENDING)
    own = OfficialFactory(village=serang_village, status=Official.Status.PENDING)
    assert rules.get_official_or_404(sekdes, own.pk) == own
    missing = Official.objects.order_by("-pk").first().pk + 1
    for pk in (request.pk, missing):
        with pytest.raises(Http404):
            rules.get_official_or_404(sekdes, pk)
        with pytest.raises(Http404):
            rules.get_official_or_404(sekdes, pk, rule=rules.can_withdraw_request)
    assert rules.get_official_or_404(request.user, request.pk, rule=rules.can_withdraw_request) == request
