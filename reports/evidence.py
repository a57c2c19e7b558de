"""Evidence of the gain: does the IDM score of villages that work together rise more than that of
villages that do not?

Villages are compared only with villages that started in the same IDM status band, on the change
of their score between two years. Collaboration is counted over those years from each app's own
figures: meetings hosted and attended, trainings attended, practices adopted, cooperation
agreements and staff exchanges. Each group gets its mean change with a 95% confidence interval
(Student's t), each level its difference from the villages without shared activity (Welch's
interval), and every comparison says plainly when the data cannot carry a claim: fewer than
MIN_GROUP villages in a group, or an interval that includes zero.
"""

import math
import statistics
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation import stats as cooperation_stats
from core.dates import day_bounds
from knowledge import stats as knowledge_stats
from meetings import stats as meeting_stats
from villages.idm import BANDS, idm_status
from villages.models import IdmScore

MIN_GROUP = 30  # fewer villages than this in a group and a comparison supports no claim
CONFIDENCE = 0.95

MEASURES = [
    ("meetings_hosted", gettext_lazy("Rapat diadakan")),
    ("meetings_attended", gettext_lazy("Rapat desa lain dihadiri")),
    ("trainings_attended", gettext_lazy("Pelatihan/workshop dihadiri")),
    ("practices_adopted", gettext_lazy("Praktik baik diterapkan")),
    ("agreements", gettext_lazy("Kerja sama antar desa")),
    ("exchanges", gettext_lazy("Pertukaran perangkat")),
]

LEVELS = [
    # key, label, fewest activities, most (None: no upper bound)
    ("none", gettext_lazy("Tanpa kegiatan bersama"), 0, 0),
    ("some", gettext_lazy("Sedikit (1–5 kegiatan)"), 1, 5),
    ("active", gettext_lazy("Aktif (6 kegiatan atau lebih)"), 6, None),
]
BASELINE = "none"


def level_of(total):
    for key, _label, low, high in LEVELS:
        if total >= low and (high is None or total <= high):
            return key
    raise ValueError(total)


# ---- Student's t, from the standard library ----


def _t_coverage(t, df):
    """P(|T| <= t) for Student's t with an integer number of degrees of freedom, by the finite
    series of Abramowitz & Stegun 26.7.3/26.7.4 (exact, no special functions needed)."""
    theta = math.atan(t / math.sqrt(df))
    cos2 = math.cos(theta) ** 2
    if df % 2:  # odd
        total, term = 0.0, math.cos(theta)
        if df > 1:
            total = term
            for k in range(1, (df - 3) // 2 + 1):
                term *= cos2 * (2 * k) / (2 * k + 1)
                total += term
        return 2 / math.pi * (theta + math.sin(theta) * total) if df > 1 else 2 * theta / math.pi
    total, term = 1.0, 1.0
    for k in range(1, (df - 2) // 2 + 1):
        term *= cos2 * (2 * k - 1) / (2 * k)
        total += term
    return math.sin(theta) * total


def t_critical(df, confidence=CONFIDENCE):
    """The t value with `confidence` of Student's t within ±t; non-integer degrees of freedom
    (Welch's) are rounded down, which widens the interval slightly rather than narrowing it."""
    df = max(1, math.floor(df))
    if df > 1000:
        return statistics.NormalDist().inv_cdf((1 + confidence) / 2)
    low, high = 0.0, 1000.0
    for _step in range(200):
        middle = (low + high) / 2
        if _t_coverage(middle, df) < confidence:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@dataclass
class Interval:
    estimate: float
    low: float
    high: float

    @property
    def includes_zero(self):
        return self.low <= 0 <= self.high


def mean_interval(values):
    """The mean with its 95% interval; None under two values."""
    if len(values) < 2:
        return None
    mean = statistics.fmean(values)
    margin = t_critical(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))
    return Interval(mean, mean - margin, mean + margin)


def difference_interval(values, baseline):
    """mean(values) − mean(baseline) with Welch's 95% interval; None when a side has under two values."""
    if len(values) < 2 or len(baseline) < 2:
        return None
    va, vb = statistics.variance(values) / len(values), statistics.variance(baseline) / len(baseline)
    diff = statistics.fmean(values) - statistics.fmean(baseline)
    se = math.sqrt(va + vb)
    if se == 0:
        return Interval(diff, diff, diff)
    df = (va + vb) ** 2 / (va**2 / (len(values) - 1) + vb**2 / (len(baseline) - 1))
    margin = t_critical(df) * se
    return Interval(diff, diff - margin, diff + margin)


# ---- The comparison ----


@dataclass
class Group:
    key: str
    label: str
    changes: list = field(default_factory=list)
    interval: Interval | None = None

    @property
    def n(self):
        return len(self.changes)


@dataclass
class Comparison:
    level: Group
    baseline: Group
    interval: Interval | None
    verdict: str  # "thin", "unclear", "higher", "lower"
    message: str
    relative: float | None = None  # the difference as a share of the baseline's mean change, in %

    @property
    def supported(self):
        return self.verdict in ("higher", "lower")


@dataclass
class Band:
    name: str
    groups: list
    comparisons: list

    @property
    def n(self):
        return sum(group.n for group in self.groups)


@dataclass
class Evidence:
    start_year: int | None
    end_year: int | None
    years: list  # years with scores in the region, for the choice of years
    since: date | None = None
    until: date | None = None
    bands: list = field(default_factory=list)
    compared: int = 0  # villages with a score in both years
    missing_year: int = 0  # villages scored in one of the two years only
    level_totals: dict = field(default_factory=dict)  # level → villages, over all bands

    @property
    def supported(self):
        return [c for band in self.bands for c in band.comparisons if c.supported]

    @property
    def conclusion(self):
        if not self.compared:
            return _("Belum ada desa dengan skor IDM pada kedua tahun ini.")
        if not self.supported:
            return _(
                "Belum dapat disimpulkan bahwa kegiatan bersama menambah skor IDM: data belum cukup kuat "
                "untuk klaim seperti \u201ckolaborasi menambah 20%\u201d."
            )
        return _(
            "Ada perbedaan yang bermakna pada %(n)s perbandingan (lihat di bawah). Ini keterkaitan, bukan bukti "
            "sebab-akibat: desa yang aktif bekerja sama mungkin berbeda dalam hal lain."
        ) % {"n": len(self.supported)}


def _points(value):
    return ("+" if value >= 0 else "−") + number_format(round(abs(value), 4), 4)


def compare(level, baseline):
    interval = difference_interval(level.changes, baseline.changes)
    values = {"n": level.n, "m": baseline.n, "min": MIN_GROUP}
    if level.n < MIN_GROUP or baseline.n < MIN_GROUP:
        message = _(
            "Belum dapat disimpulkan: %(n)s desa di kelompok ini dan %(m)s desa tanpa kegiatan bersama; "
            "perlu sedikitnya %(min)s desa per kelompok."
        )
        return Comparison(level, baseline, interval, "thin", message % values)
    values.update(diff=_points(interval.estimate), low=_points(interval.low), high=_points(interval.high))
    if interval.includes_zero:
        message = _(
            "Belum dapat disimpulkan: selisih perubahan skor %(diff)s, selang kepercayaan 95%% dari %(low)s "
            "sampai %(high)s mencakup nol."
        )
        return Comparison(level, baseline, interval, "unclear", message % values)
    base = statistics.fmean(baseline.changes)
    relative = round(100 * interval.estimate / base, 1) if base > 0 else None
    verdict = "higher" if interval.estimate > 0 else "lower"
    if verdict == "higher":
        message = _(
            "Skor IDM naik %(diff)s poin lebih banyak (selang kepercayaan 95%%: %(low)s sampai "
            "%(high)s) daripada desa tanpa kegiatan bersama."
        )
    else:
        message = _(
            "Skor IDM naik %(diff)s poin lebih sedikit (selang kepercayaan 95%%: %(low)s sampai "
            "%(high)s) daripada desa tanpa kegiatan bersama."
        )
    message = message % values
    if relative is not None:
        message += " " + _("Itu sekitar %(rel)s%% dari kenaikan desa tanpa kegiatan bersama.") % {
            "rel": number_format(round(abs(relative), 1), 1)
        }
    return Comparison(level, baseline, interval, verdict, message, relative)


def compare_bands(villages):
    """[(starting band, level, change)] → one Band per status band, in band order, with groups per
    level and each level compared with the baseline."""
    bands = []
    for name, _low, _below in BANDS:
        groups = {key: Group(key, label) for key, label, _l, _h in LEVELS}
        for band, level, change in villages:
            if band == name:
                groups[level].changes.append(change)
        for group in groups.values():
            group.interval = mean_interval(group.changes)
        if not any(group.n for group in groups.values()):
            continue
        baseline = groups[BASELINE]
        comparisons = [compare(group, baseline) for key, group in groups.items() if key != BASELINE and group.n]
        bands.append(Band(name, list(groups.values()), comparisons))
    return bands


# ---- From the database ----


def _within(code):
    return IdmScore.objects.filter(village__region__code__startswith=f"{code}.")


def years_available(code):
    """{year: villages scored} in the region. One query."""
    return dict(_within(code).order_by().values("year").annotate(n=Count("pk")).values_list("year", "n"))


def default_years(code, years):
    """The pair of years the most villages have a score for both of; on a tie the later second
    year, then the earlier first year (the longest span). One query; (None, None) without a pair."""
    if len(years) < 2:
        return None, None
    pairs = (
        _within(code)
        .filter(village__idm_scores__year__gt=F("year"))
        .order_by()
        .values_list("year", "village__idm_scores__year")
        .annotate(n=Count("pk"))
    )
    best = max(pairs, key=lambda pair: (pair[2], pair[1], -pair[0]), default=None)
    return (best[0], best[1]) if best else (None, None)


def collaboration_counts(code, since, until):
    """{village id: {measure: n, ..., "total": n}} for villages within `code` over the days
    since..until (inclusive); a village missing from the result did nothing together. Each app
    counts its own figures (six grouped queries, whatever the number of villages)."""
    start, end = day_bounds(since, until)
    found = {}
    for source in (
        meeting_stats.collaboration_by_village(code, start, end),
        knowledge_stats.adoptions_by_village(code, since, until),
        cooperation_stats.collaboration_by_village(code, since, until),
    ):
        for village_id, figures in source.items():
            found.setdefault(village_id, {}).update(figures)
    for figures in found.values():
        for measure, _label in MEASURES:
            figures.setdefault(measure, 0)
        figures["total"] = sum(figures[measure] for measure, _label in MEASURES)
    return found


def idm_evidence(code, start_year=None, end_year=None, today=None, years=None):
    """The comparison for the villages within `code` between two IDM years (by default the latest
    and the earlier year most villages share). Collaboration counts from 1 January of the first
    year to 31 December of the second (or today)."""
    today = today or timezone.localdate()
    years = years_available(code) if years is None else years
    if start_year is None or end_year is None:
        start_year, end_year = default_years(code, years)
    evidence = Evidence(start_year, end_year, sorted(years))
    if start_year is None or start_year >= end_year:
        return evidence
    evidence.since, evidence.until = date(start_year, 1, 1), min(date(end_year, 12, 31), today)
    scores = {}
    for village_id, year, score in (
        _within(code).filter(year__in=(start_year, end_year)).values_list("village_id", "year", "score")
    ):
        scores.setdefault(village_id, {})[year] = score
    counts = collaboration_counts(code, evidence.since, evidence.until)
    rows = []
    for village_id, pair in scores.items():
        if len(pair) < 2:
            evidence.missing_year += 1
            continue
        total = counts.get(village_id, {}).get("total", 0)
        rows.append((idm_status(pair[start_year]), level_of(total), float(pair[end_year] - pair[start_year])))
    evidence.compared = len(rows)
    evidence.level_totals = {key: sum(1 for row in rows if row[1] == key) for key, _l, _lo, _hi in LEVELS}
    evidence.bands = compare_bands(rows)
    return evidence
