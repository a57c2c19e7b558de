"""cooperation.rules' get_…_or_404: an outsider gets the same 404 for an existing object as for a missing one."""

from datetime import date

import pytest

from cooperation import rules
from cooperation.models import Agreement, ResourcePost, StaffExchange
from tests.cooperation.test_lifecycle import coop, make_agreement  # noqa: F401 - fixture
from tests.factories import OfficialFactory, UserFactory
from tests.lookups import assert_hidden, missing_pk

pytestmark = pytest.mark.django_db


def test_agreement(coop):  # noqa: F811
    draft = make_agreement(coop)
    assert rules.get_agreement_or_404(coop["cirahab_mgr"], draft.pk) == draft
    assert_hidden(rules.get_agreement_or_404, coop["caruy_mgr"], draft.pk, missing_pk(Agreement))
    # A partner sees the draft but only the proposing village shapes it.
    assert_hidden(
        rules.get_agreement_or_404, coop["cirahab_mgr"], draft.pk, missing_pk(Agreement), rule=rules.can_edit_agreement
    )
    assert rules.get_agreement_or_404(coop["serang_mgr"], draft.pk, rule=rules.can_edit_agreement) == draft


def test_regulation_is_edited_by_party_managers_while_the_agreement_is_open(coop):  # noqa: F811
    agreement = make_agreement(coop, status="active")
    assert rules.can_edit_regulation(coop["cirahab_mgr"], agreement)
    assert not rules.can_edit_regulation(coop["serang_staf"], agreement)
    assert not rules.can_edit_regulation(coop["caruy_mgr"], agreement)
    Agreement.objects.filter(pk=agreement.pk).update(status="completed")
    agreement.refresh_from_db()
    assert not rules.can_edit_regulation(coop["cirahab_mgr"], agreement)


def test_exchange(coop):  # noqa: F811
    exchange = StaffExchange.objects.create(
        visitor=OfficialFactory(village=coop["serang"]),
        home_village=coop["serang"],
        host_village=coop["cirahab"],
        starts_on=date(2030, 1, 6),
        ends_on=date(2030, 1, 10),
        learning_goals="Belajar tata kelola BUMDes",
    )
    assert rules.get_exchange_or_404(coop["cirahab_mgr"], exchange.pk, rule=rules.can_decide_exchange) == exchange
    assert_hidden(rules.get_exchange_or_404, coop["caruy_mgr"], exchange.pk, missing_pk(StaffExchange))
    assert_hidden(
        rules.get_exchange_or_404,
        coop["serang_mgr"],
        exchange.pk,
        missing_pk(StaffExchange),
        rule=rules.can_decide_exchange,
    )


def test_resource_post(coop):  # noqa: F811
    post = ResourcePost.objects.create(
        village=coop["cirahab"],
        kind=ResourcePost.Kind.OFFER,
        category=ResourcePost.Category.EQUIPMENT,
        title="Traktor tangan",
        description="Dipinjamkan saat musim tanam",
        valid_until=date(2030, 12, 31),
        region=coop["cirahab"].region,
        author=coop["cirahab_mgr"],
    )
    assert rules.get_resource_or_404(coop["caruy_mgr"], post.pk) == post
    assert_hidden(rules.get_resource_or_404, UserFactory(), post.pk, missing_pk(ResourcePost))
    assert_hidden(
        rules.get_resource_or_404, coop["caruy_mgr"], post.pk, missing_pk(ResourcePost), rule=rules.can_close_resource
    )
