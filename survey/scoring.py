"""The survey's rules as pure functions: its score on 0..1, and which per-unit counts may be
shown without exposing a small group."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Score:
    responses: int
    mean: Decimal  # mean answer on the scale
    score: Decimal  # 0..1


def survey_score(answers: Iterable[Mapping[str, int]], low: int, high: int) -> Score | None:
    """Every answer to every item counts once: score = (mean - low) / (high - low).
    None when nobody answered."""
    if high <= low:
        raise ValueError("the scale needs two different ends")
    total, count, responses = 0, 0, 0
    for values in answers:
        responses += 1
        for value in values.values():
            total += int(value)
            count += 1
    if count == 0:
        return None
    mean = Decimal(total) / Decimal(count)
    score = (mean - low) / Decimal(high - low)
    return Score(
        responses=responses,
        mean=mean.quantize(FOUR_PLACES, ROUND_HALF_UP),
        score=score.quantize(FOUR_PLACES, ROUND_HALF_UP),
    )


@dataclass(frozen=True)
class Group:
    key: object
    label: str
    responses: int
    staff: int | None = None  # active employees of the unit, when known

    @property
    def rate(self) -> int | None:
        """Response rate in percent of the unit's staff."""
        if not self.staff:
            return None
        return round(100 * self.responses / self.staff)


@dataclass(frozen=True)
class Breakdown:
    shown: list[Group]
    hidden_groups: int
    # Responses of the hidden groups together, or None when that sum is itself too small.
    hidden_responses: int | None


def breakdown(groups: Iterable[Group], min_size: int) -> Breakdown:
    """Groups with fewer than `min_size` responses are not shown. Since the total is shown,
    the hidden groups' sum could be worked out; when that sum is itself under the minimum
    (and above zero), the smallest shown groups join the hidden ones until it is not, so no
    count under the minimum can be read off or derived, not even by subtraction."""
    groups = list(groups)
    shown = sorted(
        (g for g in groups if g.responses >= min_size), key=lambda g: (g.responses, g.label)
    )
    hidden = [g for g in groups if g.responses < min_size]
    hidden_total = sum(g.responses for g in hidden)
    while shown and 0 < hidden_total < min_size:
        smallest = shown.pop(0)
        hidden.append(smallest)
        hidden_total += smallest.responses
    shown.sort(key=lambda g: (-g.responses, g.label))
    return Breakdown(
        shown=shown,
        hidden_groups=len(hidden),
        hidden_responses=hidden_total if hidden_total >= min_size else None,
    )
