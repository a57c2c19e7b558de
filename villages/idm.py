"""Indeks Desa Membangun status bands (Permendes 2/2016): a score in [from, below) has the status."""

from decimal import Decimal

BANDS = [
    # status, score from (inclusive), score below
    ("Sangat Tertinggal", Decimal("0"), Decimal("0.4907")),
    ("Tertinggal", Decimal("0.4907"), Decimal("0.5989")),
    ("Berkembang", Decimal("0.5989"), Decimal("0.7072")),
    ("Maju", Decimal("0.7072"), Decimal("0.8155")),
    ("Mandiri", Decimal("0.8155"), Decimal("1.0001")),
]
STATUSES = [band[0] for band in BANDS]


def idm_status(score):
    value = Decimal(str(score))
    for status, low, below in BANDS:
        if low <= value < below:
            return status
    raise ValueError(f"IDM score out of range: {score}")


def score_range(status):
    """(from, below) of a status, for filtering villages by their band."""
    for name, low, below in BANDS:
        if name == status:
            return low, below
    raise KeyError(status)
