"""Every rule in accounts.permissions, against real regions (Kecamatan Cipari, Kabupaten Cilacap)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import permissions as perms
from regions.models import Region
from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory
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
    assert not perms.can_edit_village(anonymous, serang_village)
    assert not perms.can_decide_officials(anonymous, serang_village)
    assert not perms.can_see_phone_numbers(anonymous)
    assert not perms.can_use_directory(anonymous)


def test_manager_edits_and_decides_for_own_village_only(serang_village, caruy_village):
    sekdes = official(serang_village, "SEKDES")
    assert perms.is_village_manager(sekdes, serang_village)
    assert perms.can_edit_village(sekdes, serang_village)
    assert perms.can_decide_officials(sekdes, serang_village)
    assert not perms.can_edit_village(sekdes, caruy_village)
    assert not perms.can_decide_officials(sekdes, caruy_village)


def test_ordinary_official_is_a_member_but_not_a_manager(serang_village):
    kaur = official(serang_village, "KAUR_KEU")
    assert perms.is_member_of(kaur, serang_village)
    assert not perms.can_edit_village(kaur, serang_village)
    assert not perms.can_decide_officials(kaur, serang_village)
    assert perms.can_see_phone_numbers(kaur)


def test_pending_or_ended_official_has_no_rights(serang_village):
    for status in (Official.Status.PENDING, Official.Status.ENDED, Official.Status.REJECTED):
        user = official(serang_village, "KADES", status=status)
        assert not perms.can_edit_village(user, serang_village)
        assert not perms.can_see_phone_numbers(user)


@pytest.mark.parametrize("scope", ["33.01.18", "33.01", "33"])
def test_staff_scope_follows_the_code_prefix(serang_village, lumbir_village, scope):
    camat = staff(scope)
    assert perms.can_edit_village(camat, serang_village)
    assert perms.can_edit_village(camat, lumbir_village) == (scope == "33")


def test_staff_decide_only_while_the_village_has_no_manager(serang_village):
    camat = staff("33.01.18")
    assert perms.can_decide_officials(camat, serang_village)
    official(serang_village, "KADES")
    assert not perms.can_decide_officials(camat, serang_village)


def test_staff_scope_q_limits_querysets(serang_village, caruy_village, lumbir_village):
    from villages.models import Village

    camat = staff("33.01.18")
    assert set(Village.objects.filter(perms.staff_scope_q(camat))) == {serang_village, caruy_village}
    assert not Village.objects.filter(perms.staff_scope_q(UserFactory())).exists()
    admin = UserFactory(is_superuser=True)
    assert Village.objects.filter(perms.staff_scope_q(admin)).count() == 3


def test_a_prefix_that_only_looks_alike_is_outside(regions):
    # "33.01.1" must not cover "33.01.18": scope is by whole code segments.
    camat = staff("33.01.18")
    assert perms.roles(camat).covers("33.01.18.2006")
    assert not perms.roles(camat).covers("33.01.180.2006")
    assert not perms.roles(camat).covers("33.01.1")


def test_admin_may_do_everything(serang_village):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert perms.can_edit_village(admin, serang_village)
    assert perms.can_decide_officials(admin, serang_village)
    assert perms.can_use_directory(admin)


def test_roles_are_loaded_once_per_user_object(serang_village, django_assert_num_queries):
    sekdes = official(serang_village, "SEKDES")
    with django_assert_num_queries(2):
        perms.roles(sekdes)
        perms.roles(sekdes)
        perms.can_edit_village(sekdes, serang_village)
