"""Scoring: indicator level -> (sub-aspect level) -> aspect level -> result -> category.

Pure functions on plain data, no database. Each instrument names its scoring method by key;
methods live in a registry, and everything a method needs that a regulation sets (the answer
scale and its values, the weights, the bands, the split between maturity and survey, the
rounding) comes from the instrument as data, in a ScoringContext.

The 2019-2024 method (docs/domain.md section 2, formula marked U): the aspect level is the mean
of its indicators' levels (1-4); the total is the sum over aspects of weight% x aspect level,
so it runs from 100 to 400 and keeps half points. The total is rounded to two decimals, and
the category is the band whose lower bound is the highest one not above the total: 174.5 is
category I, 175 is II.

The index method of Permen PANRB 19/2025 (domain notes section 6, split and bands marked S):
maturity = the weighted aspect values on the answer scale's 0..1 values; index = (maturity
share x maturity + survey share x survey) x correction factor, rounded to the instrument's
decimals (2) BEFORE the band is looked up, so 0.405 becomes 0.41 (Lanjutan) and 0.404 becomes
0.40 (Dasar): no value falls between two published bands. A missing survey counts as 0 (a
running result never looks better than what is known) and the result lists it as missing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol, TypeVar

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Scale:
    """The answer scale: each answer's stored score (1, 2, ...) and the value it counts for
    (1-4 points in 2019; e.g. 0.2..1.0 for maturity levels 1-5)."""

    values: Mapping[int, Decimal]

    @property
    def scores(self) -> list[int]:
        return sorted(self.values)

    @property
    def lowest(self) -> int:
        return min(self.values)

    @property
    def highest(self) -> int:
        return max(self.values)

    def value(self, score: int | None) -> Decimal:
        """What an answer counts for. Unanswered counts as the lowest level, so a running
        score never looks better than what the answers support."""
        if score is None:
            return self.values[self.lowest]
        try:
            return self.values[score]
        except KeyError:
            raise ValueError(f"level {score} outside {self.lowest}..{self.highest}") from None

    def next_score(self, score: int | None) -> int | None:
        """The next level up, or None at the top."""
        start = self.lowest if score is None else score
        higher = [s for s in self.scores if s > start]
        return higher[0] if higher else None

    @classmethod
    def from_data(cls, levels: Sequence[Mapping[str, Any]]) -> Scale:
        return cls({int(item["score"]): Decimal(str(item["value"])) for item in levels})


# The scale of the 2019-2024 instrument files, which predate `answer_scale:`; used only when
# a caller (the pure tests, a file without the key) names no scale.
POINTS_1_TO_4 = Scale({n: Decimal(n) for n in range(1, 5)})


@dataclass(frozen=True)
class ScoringContext:
    """What the instrument and the assessment give the method beyond the answers."""

    scale: Scale = POINTS_1_TO_4
    decimals: int = 2
    # The method's parameters from the instrument (e.g. maturity_weight, survey_weight).
    params: Mapping[str, Any] = field(default_factory=dict)
    survey: Decimal | None = None
    correction_factor: Decimal = Decimal(1)


DEFAULT_CONTEXT = ScoringContext()


@dataclass(frozen=True)
class AspectInput:
    """One aspect's weight (percent) and its indicators' levels (None = not answered).

    An aspect with sub-aspects gives them as `parts` (each an AspectInput whose weight is its
    percent within the aspect) and leaves `levels` empty."""

    key: object
    weight: Decimal
    levels: Sequence[int | None]
    parts: Sequence[AspectInput] = ()

    def all_levels(self) -> list[int | None]:
        if self.parts:
            return [level for part in self.parts for level in part.all_levels()]
        return list(self.levels)


def band_label(code: str, name: str) -> str:
    """ "III Baik"; a band whose code is its name ("Tinggi") is named once."""
    return name if code.casefold() == name.casefold() else f"{code} {name}"


@dataclass(frozen=True)
class Band:
    code: str
    name: str
    lower: Decimal
    upper: Decimal

    @property
    def label(self) -> str:
        return band_label(self.code, self.name)


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
    # The index method's parts; None for methods without them.
    maturity: Decimal | None = None
    survey: Decimal | None = None
    correction_factor: Decimal | None = None
    # Inputs still missing ("answers", "survey"): the result is then provisional.
    missing: tuple[str, ...] = ()

    @property
    def is_provisional(self) -> bool:
        return bool(self.missing)


def aspect_level(levels: Sequence[int | None], scale: Scale = POINTS_1_TO_4) -> Decimal:
    """Mean of the indicator values on the scale."""
    if not levels:
        return scale.value(None)
    values = [scale.value(level) for level in levels]
    return Decimal(sum(values)) / Decimal(len(values))


def input_level(aspect: AspectInput, scale: Scale = POINTS_1_TO_4) -> Decimal:
    """An aspect's (or sub-aspect's) level: the mean of its indicators, or the weighted mean
    of its sub-aspects' levels by their weights within the aspect."""
    if not aspect.parts:
        return aspect_level(aspect.levels, scale)
    weight = sum((part.weight for part in aspect.parts), Decimal(0))
    return sum((part.weight * input_level(part, scale) for part in aspect.parts), Decimal(0)) / (
        weight or Decimal(1)
    )


def round_total(value: Decimal, decimals: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


class _Bounded(Protocol):
    @property
    def lower(self) -> Decimal: ...


BandT = TypeVar("BandT", bound=_Bounded)


def category(total: Decimal, bands: Sequence[BandT]) -> BandT | None:
    """The band that starts at or below the total, highest first. None below every band."""
    found = None
    for band in sorted(bands, key=lambda b: b.lower):
        if total >= band.lower:
            found = band
    return found


def _aspect_results(
    aspects: Sequence[AspectInput], scale: Scale, factor: Decimal
) -> tuple[list[AspectResult], Decimal, bool]:
    """Per aspect: level, points (factor x weight x level), answered; the sum; complete."""
    results = []
    total = Decimal(0)
    complete = True
    for aspect in aspects:
        level = input_level(aspect, scale)
        points = factor * aspect.weight * level
        total += points
        levels = aspect.all_levels()
        answered = sum(1 for value in levels if value is not None)
        complete = complete and answered == len(levels)
        results.append(
            AspectResult(
                key=aspect.key,
                level=level,
                points=round_total(points),
                answered=answered,
                count=len(levels),
            )
        )
    return results, total, complete


def weighted_mean_method(
    aspects: Sequence[AspectInput],
    bands: Sequence[Band],
    context: ScoringContext = DEFAULT_CONTEXT,
) -> Result:
    results, total, complete = _aspect_results(aspects, context.scale, Decimal(1))
    total = round_total(total, context.decimals)
    return Result(
        total=total,
        band=category(total, bands),
        aspects=results,
        complete=complete,
        missing=() if complete else ("answers",),
    )


def _param(context: ScoringContext, key: str) -> Decimal:
    try:
        return Decimal(str(context.params[key]))
    except KeyError as exc:
        raise KeyError(f"the instrument gives no {key!r} for this method") from exc


def index_method(
    aspects: Sequence[AspectInput],
    bands: Sequence[Band],
    context: ScoringContext = DEFAULT_CONTEXT,
) -> Result:
    """Permen PANRB 19/2025: (maturity share x maturity + survey share x survey) x factor."""
    maturity_share = _param(context, "maturity_weight")
    survey_share = _param(context, "survey_weight")
    weight_sum = sum((a.weight for a in aspects), Decimal(0)) or Decimal(1)
    # An aspect's points are its part of the index: share x weight / total weight x value.
    results, maturity_points, complete = _aspect_results(
        aspects, context.scale, maturity_share / weight_sum
    )
    maturity = (
        sum((a.weight * input_level(a, context.scale) for a in aspects), Decimal(0)) / weight_sum
    )
    survey = context.survey
    missing = []
    if not complete:
        missing.append("answers")
    if survey is None:
        missing.append("survey")
    raw = (maturity_points + survey_share * (survey or Decimal(0))) * context.correction_factor
    total = round_total(raw, context.decimals)
    return Result(
        total=total,
        band=category(total, bands),
        aspects=results,
        complete=complete,
        maturity=round_total(maturity, 4),
        survey=survey,
        correction_factor=context.correction_factor,
        missing=tuple(missing),
    )


ScoringMethod = Callable[..., Result]

# key -> (label, function). Instruments store the key.
METHODS: dict[str, tuple[str, ScoringMethod]] = {}
# key -> the parameters the instrument file must give the method (`scoring_params:`).
PARAMS: dict[str, tuple[str, ...]] = {}


def register(key: str, label: str, method: ScoringMethod, params: tuple[str, ...] = ()) -> None:
    if key in METHODS:
        raise ValueError(f"scoring method {key!r} already registered")
    METHODS[key] = (label, method)
    PARAMS[key] = params


def get_method(key: str) -> ScoringMethod:
    try:
        return METHODS[key][1]
    except KeyError as exc:
        raise KeyError(f"unknown scoring method {key!r}") from exc


def score(
    method_key: str,
    aspects: Sequence[AspectInput],
    bands: Sequence[Band],
    context: ScoringContext = DEFAULT_CONTEXT,
) -> Result:
    return get_method(method_key)(aspects, bands, context)


def step_gain(
    method_key: str,
    weight: Decimal,
    indicator_count: int,
    context: ScoringContext = DEFAULT_CONTEXT,
    *,
    step: Decimal = Decimal(1),
    total_weight: Decimal = Decimal(100),
) -> Decimal:
    """What one step up on one indicator (its value rising by `step`) adds to the result,
    before rounding. `weight` is the indicator's effective aspect weight (for a sub-aspect:
    aspect weight x its share)."""
    if method_key == WEIGHTED_MEAN:
        return weight * step / Decimal(indicator_count)
    if method_key == INDEX:
        share = _param(context, "maturity_weight")
        return (
            share * weight / total_weight * step / Decimal(indicator_count)
        ) * context.correction_factor
    raise KeyError(f"no step gain known for {method_key!r}")


WEIGHTED_MEAN = "bobot-rerata-2019"
register(WEIGHTED_MEAN, "Bobot aspek x rerata level indikator (100-400)", weighted_mean_method)

INDEX = "indeks-merit-19-2025"
register(
    INDEX,
    "Indeks sistem merit: kematangan dan survei pegawai x faktor koreksi (0-1)",
    index_method,
    params=("maturity_weight", "survey_weight"),
)
