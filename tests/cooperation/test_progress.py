"""The agreement's progress is computed from its milestones, weighted where weights are set."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from cooperation.models import Agreement, Milestone
from tests.cooperation.test_lifecycle import coop, make_agreement  # noqa: F401 - fixture


def add(agreement, progress, weight=None, status=Milestone.Status.IN_PROGRESS):
    return Milestone.objects.create(
        agreement=agreement,
        title=f"Tahap {progress}",
        due_on=date(2026, 6, 1),
        progress=progress,
        weight=weight,
        status=status,
    )


def both_ways(agreement):
    """The progress asked of one agreement and read from the list annotation: they must agree."""
    one = Agreement.objects.get(pk=agreement.pk).progress
    annotated = Agreement.objects.with_progress().get(pk=agreement.pk).progress
    assert one == annotated
    return one


@pytest.mark.parametrize(
    ("milestones", "expected"),
    [
        ([], None),
        ([(0, None)], Decimal("0")),
        ([(100, None), (0, None)], Decimal("50")),
        ([(100, None), (50, None), (0, None)], Decimal("50")),
        ([(100, 3), (0, 1)], Decimal("75")),  # weighted
        ([(100, 1), (0, None)], Decimal("50")),  # a missing weight counts 1
        ([(40, 2), (70, 1)], Decimal("50")),
        ([(33, None), (34, None), (34, None)], Decimal("33.7")),  # one decimal
    ],
)
def test_progress_from_milestones(coop, milestones, expected):  # noqa: F811
    agreement = make_agreement(coop)
    for progress, weight in milestones:
        add(agreement, progress, weight)
    assert both_ways(agreement) == expected


def test_done_means_one_hundred_percent(coop):  # noqa: F811
    agreement = make_agreement(coop)
    done = add(agreement, 20, status=Milestone.Status.DONE)
    assert done.progress == 100
    reached = add(agreement, 100, status=Milestone.Status.PLANNED)
    assert reached.status == Milestone.Status.DONE
    assert both_ways(agreement) == Decimal("100")


def test_progress_is_shown_on_the_page_and_in_the_list(client, coop):  # noqa: F811
    agreement = make_agreement(coop, status="active")
    add(agreement, 100, weight=1)
    add(agreement, 0, weight=3)
    client.force_login(coop["serang_mgr"])
    assert "25% selesai" in client.get(reverse("cooperation:agreement_detail", args=[agreement.pk])).content.decode()
    assert "25% selesai" in client.get(reverse("cooperation:agreement_list")).content.decode()
