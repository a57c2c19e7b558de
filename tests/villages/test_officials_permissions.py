"""The officials rules in villages.rules: each one, and the list form agreeing with the single one."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import OfficialFactory, StaffRoleFactory, UserFactory, VillageFactory, region
from villages.models import Official, Position
from villages.rules import (
    can_decide_officials,
    can_decide_request,
    can_withdraw_request,
    decidable_officials_q,
    official_deciders,
)


def position(code):
    return Position.objects.get(code=code)


@pytest.fixture
def villages(regions):
    return {
        "serang": VillageFactory(region=region("33.01.18.2006")),  # has a Sekdes
        "cipari": VillageFactory(region=region("33.01.18.2005")),  # no manager
        "cirahab": VillageFactory(region=region("33.02.01.2001")),  # Banyumas, no manager
    }


@pytest.fixture
def people(villages):
    sekdes = OfficialFactory(village=villages["serang"], position=position("SEKDES"))
    return {
        "sekdes": sekdes.user,
        "kaur": OfficialFactory(village=villages["serang"], position=position("KAUR_KEU")).user,
        "camat": StaffRoleFactory(region=region("33.01.18")).user,
        "dpmd": StaffRoleFactory(region=region("33.01")).user,
        "banyumas": StaffRoleFactory(region=region("33.02")).user,
        "admin": UserFactory(is_superuser=True, is_staff=True),
        "nobody": UserFactory(),
    }


EXPECTED = {
    # who: villages where they decide
    "sekdes": {"serang"},
    "kaur": set(),
    "camat": {"cipari"},
    "dpmd": {"cipari"},
    "banyumas": {"cirahab"},
    "admin": {"serang", "cipari", "cirahab"},
    "nobody": set(),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_who_decides_where(villages, people, who):
    decides = {name for name, village in villages.items() if can_decide_officials(people[who], village)}
    assert decides == EXPECTED[who]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_list_rule_matches_the_single_rule(villages, people, who):
    requests = {name: OfficialFactory(village=village, status="pending") for name, village in villages.items()}
    user = people[who]
    listed = Official.objects.filter(status="pending").filter(decidable_officials_q(user))
    assert {name for name, r in requests.items() if r in listed} == EXPECTED[who]


def test_anonymous_decides_nothing(villages):
    assert not any(can_decide_officials(AnonymousUser(), v) for v in villages.values())


def test_own_request_is_never_ones_to_decide_except_for_admins(villages, people):
    own = OfficialFactory(user=people["camat"], village=villages["cipari"], status="pending")
    assert can_decide_officials(people["camat"], villages["cipari"])
    assert not can_decide_request(people["camat"], own)
    admin_own = OfficialFactory(user=people["admin"], village=villages["cipari"], status="pending")
    assert can_decide_request(people["admin"], admin_own)


def test_deciders_are_managers_else_staff_else_admins(villages, people):
    assert set(official_deciders(villages["serang"])) == {people["sekdes"]}
    assert set(official_deciders(villages["cipari"])) == {people["camat"], people["dpmd"]}
    assert set(official_deciders(villages["cirahab"])) == {people["banyumas"]}
    lodtunduh = VillageFactory(region=region("51.04.05.2001"))
    assert set(official_deciders(lodtunduh)) == {people["admin"]}


def test_only_the_applicant_withdraws(villages, people):
    request = OfficialFactory(village=villages["serang"], status="pending")
    assert can_withdraw_request(request.user, request)
    assert not can_withdraw_request(people["sekdes"], request)
    assert not can_withdraw_request(people["admin"], request)
    assert not can_withdraw_request(AnonymousUser(), request)
