"""Enterprises of Desa Serang and an official of Serang who does not manage it."""

import pytest

from enterprises.models import Enterprise
from tests.people import official


@pytest.fixture
def tikar(serang_village, sekdes):
    return Enterprise.objects.create(
        village=serang_village,
        kind=Enterprise.Kind.GROUP,
        name="KUB Pandan Wangi",
        products="Tikar anyaman dari pandan, tas dan topi anyaman",
        sector="kerajinan",
        workers=24,
        turnover="lt50",
        created_by=sekdes,
    )


@pytest.fixture
def gula(serang_village, sekdes):
    return Enterprise.objects.create(
        village=serang_village,
        kind=Enterprise.Kind.BUMDES,
        name="Unit Gula Kelapa BUMDes Serang",
        products="Gula kelapa cetak dan gula semut",
        sector="pengolahan",
        workers=12,
        turnover="50-300",
    )


@pytest.fixture
def staf_serang(serang_village):
    """An official of Serang who does not manage the village."""
    return official(serang_village, "STAF", full_name="Citra Staf")
