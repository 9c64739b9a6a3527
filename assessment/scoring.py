"""Scoring: indicator level -> aspect level -> weighted total -> category.

Pure functions on plain data, no database. Each instrument names its scoring method by key;
methods live in a registry so that a later regime (Permen PANRB 19/2025, an index of maturity
and survey) is added as a second method without touching the first.

The 2019-2024 method (docs/domain.md section 2, formula marked U): the aspect level is the mean
of its indicators' levels (1-4); the total is the sum over aspects of weight% x aspect level,
so it runs from 100 to 400 and keeps half points. The total is rounded to two decimals, and
the category is the band whose lower bound is the highest one not above the total: 174.5 is
category I, 175 is II."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_LEVEL = 1
MAX_LEVEL = 4
CENT = Decimal("0.01")


@dataclass(frozen=True)
class AspectInput:
    """One aspect's weight (percent) and its indicators' levels (None = not answered)."""

    key: object
    weight: Decimal
    levels: Sequence[int | None]


@dataclass(frozen=True)
class Band:
    code: str
    name: str
    lower: Decimal
    upper: Decimal


@dataclass(frozen=True)
class AspectResult:
    key: object
    level: Decimal
    points: Decimal
    answered: int
    count: int


@dataclass(frozen=True)
class Result:
    total: Decimal
    band: Band | None
    aspects: list[AspectResult]
    complete: bool


def aspect_level(levels: Sequence[int | None]) -> Decimal:
    """Mean of the indicator levels. An unanswered indicator counts as the lowest level, so
    a running score never looks better than what the answers support."""
    if not levels:
        return Decimal(MIN_LEVEL)
    values = [MIN_LEVEL if level is None else level for level in levels]
    for value in values:
        if not MIN_LEVEL <= value <= MAX_LEVEL:
            raise ValueError(f"level {value} outside {MIN_LEVEL}..{MAX_LEVEL}")
    return Decimal(sum(values)) / Decimal(len(values))


def round_total(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def category(total: Decimal, bands: Sequence[Band]) -> Band | None:
    """The band that starts at or below the total, highest first. None below every band."""
    found = None
    for band in sorted(bands, key=lambda b: b.lower):
        if total >= band.lower:
            found = band
    return found


def weighted_mean_method(aspects: Sequence[AspectInput], bands: Sequence[Band]) -> Result:
    results = []
    total = Decimal(0)
    complete = True
    for aspect in aspects:
        level = aspect_level(aspect.levels)
        points = aspect.weight * level
        total += points
        answered = sum(1 for value in aspect.levels if value is not None)
        complete = complete and answered == len(aspect.levels)
        results.append(
            AspectResult(
                key=aspect.key,
                level=level,
                points=round_total(points),
                answered=answered,
                count=len(aspect.levels),
            )
        )
    total = round_total(total)
    return Result(total=total, band=category(total, bands), aspects=results, complete=complete)


ScoringMethod = Callable[[Sequence[AspectInput], Sequence[Band]], Result]

# key -> (label, function). Instruments store the key.
METHODS: dict[str, tuple[str, ScoringMethod]] = {}


def register(key: str, label: str, method: ScoringMethod) -> None:
    if key in METHODS:
        raise ValueError(f"scoring method {key!r} already registered")
    METHODS[key] = (label, method)


def get_method(key: str) -> ScoringMethod:
    try:
        return METHODS[key][1]
    except KeyError as exc:
        raise KeyError(f"unknown scoring method {key!r}") from exc


def score(method_key: str, aspects: Sequence[AspectInput], bands: Sequence[Band]) -> Result:
    return get_method(method_key)(aspects, bands)


def step_gain(method_key: str, weight: Decimal, indicator_count: int) -> Decimal:
    """What one level more on one indicator adds to the total (used by the plan)."""
    if method_key != WEIGHTED_MEAN:
        raise KeyError(f"no step gain known for {method_key!r}")
    return weight / Decimal(indicator_count)


WEIGHTED_MEAN = "bobot-rerata-2019"
register(WEIGHTED_MEAN, "Bobot aspek x rerata level indikator (100-400)", weighted_mean_method)
