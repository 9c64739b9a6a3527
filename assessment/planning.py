"""The path to the next category and the year-over-year comparison.

`path_to_next_category` is pure: from the current levels it finds the fewest one-level steps
on indicators that lift the total into the next band. Every step on an indicator of aspect a
adds weight_a / (indicators in a) whatever the level, so taking the steps with the largest
gain first is optimal: no other choice of k steps adds more."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from . import scoring
from .models import Answer, Assessment
from .results import bands_for


@dataclass(frozen=True)
class PlanAspect:
    key: object
    weight: Decimal
    # (indicator key, current level or None) in the instrument's order
    indicators: Sequence[tuple[object, int | None]]


@dataclass
class PlanStep:
    indicator: object
    aspect: object
    from_level: int
    to_level: int
    gain: Decimal
    # filled in by plan_for: the Indicator and what evidence the target level needs
    details: dict = field(default_factory=dict)


@dataclass
class Plan:
    total: Decimal
    band: scoring.Band | None
    target: scoring.Band | None
    steps: list[PlanStep]
    new_total: Decimal | None

    @property
    def step_count(self) -> int:
        return sum(step.to_level - step.from_level for step in self.steps)


def _inputs(aspects: Sequence[PlanAspect], levels: dict) -> list[scoring.AspectInput]:
    return [
        scoring.AspectInput(
            key=a.key, weight=a.weight, levels=[levels[key] for key, _level in a.indicators]
        )
        for a in aspects
    ]


def path_to_next_category(
    aspects: Sequence[PlanAspect], bands: Sequence[scoring.Band], method_key: str
) -> Plan:
    levels = {key: level for a in aspects for key, level in a.indicators}
    current = scoring.score(method_key, _inputs(aspects, levels), bands)
    higher = sorted((b for b in bands if b.lower > current.total), key=lambda b: b.lower)
    if not higher:
        return Plan(current.total, current.band, None, [], None)
    target = higher[0]

    # Every indicator below 4, largest gain per step first; among equals the lowest level
    # first (the nearest evidence to gather), then the instrument's order.
    candidates = []
    for position, aspect in enumerate(aspects):
        gain = scoring.step_gain(method_key, aspect.weight, len(aspect.indicators))
        for index, (key, level) in enumerate(aspect.indicators):
            start = level or scoring.MIN_LEVEL
            if start < scoring.MAX_LEVEL:
                candidates.append((-gain, start, position, index, key, aspect.key, gain))
    candidates.sort(key=lambda c: c[:4])

    working = {key: level or scoring.MIN_LEVEL for key, level in levels.items()}
    taken: list[PlanStep] = []
    total = current.total
    for _neg, start, _pos, _index, key, aspect_key, gain in candidates:
        if total >= target.lower:
            break
        step = PlanStep(key, aspect_key, start, start, Decimal(0))
        while working[key] < scoring.MAX_LEVEL and total < target.lower:
            working[key] += 1
            step.to_level = working[key]
            step.gain += gain
            total = scoring.score(method_key, _inputs(aspects, working), bands).total
        taken.append(step)
    if total < target.lower:
        return Plan(current.total, current.band, target, [], None)
    return Plan(current.total, current.band, target, taken, total)


def plan_for(assessment: Assessment) -> Plan:
    """The plan for an assessment's current self levels, with indicators and evidence."""
    answers = list(
        Answer.objects.filter(assessment=assessment)
        .select_related("indicator__aspect")
        .prefetch_related("indicator__levels")
        .order_by("indicator__aspect__order", "indicator__order")
    )
    grouped: dict[int, list[Answer]] = {}
    for answer in answers:
        grouped.setdefault(answer.indicator.aspect_id, []).append(answer)
    aspects = [
        PlanAspect(
            key=items[0].indicator.aspect,
            weight=items[0].indicator.aspect.weight,
            indicators=[(a.indicator, a.level) for a in items],
        )
        for items in grouped.values()
    ]

    plan = path_to_next_category(
        aspects, bands_for(assessment.instrument), assessment.instrument.scoring_method
    )
    for step in plan.steps:
        levels = {level.score: level for level in step.indicator.levels.all()}
        step.details = {
            "target_level": levels.get(step.to_level),
            "evidence_expected": step.indicator.evidence_expected,
        }
    return plan


# --- year over year ---------------------------------------------------------------------


def _result_level(assessment: Assessment, level: int | None, verified: int | None):
    # A final assessment's result is the verified level; otherwise the agency's own.
    return verified if assessment.status == Assessment.Status.FINAL else level


def compare_years(instansi) -> dict:
    """The agency's assessments side by side: per aspect (level, points) and per indicator,
    with the change from the previous year. Matching is by aspect and indicator code, so two
    instrument versions compare where their codes agree. Three queries."""
    assessments = list(
        Assessment.objects.filter(instansi=instansi)
        .select_related("instrument")
        .prefetch_related("instrument__bands")
        .order_by("year")
    )
    rows = Answer.objects.filter(assessment__in=assessments).values_list(
        "assessment_id",
        "indicator__aspect__code",
        "indicator__aspect__name",
        "indicator__aspect__order",
        "indicator__aspect__weight",
        "indicator__code",
        "indicator__question",
        "level",
        "verified_level",
    )
    by_pk = {a.pk: a for a in assessments}
    aspect_levels: dict[str, dict[int, list[int | None]]] = {}
    aspect_info: dict[str, tuple[int, str]] = {}
    weights: dict[tuple[int, str], Decimal] = {}
    indicators: dict[str, dict] = {}
    for pk, a_code, a_name, a_order, weight, i_code, question, level, verified in rows:
        assessment = by_pk[pk]
        value = _result_level(assessment, level, verified)
        aspect_levels.setdefault(a_code, {}).setdefault(assessment.year, []).append(value)
        aspect_info.setdefault(a_code, (a_order, a_name))
        weights[(assessment.year, a_code)] = weight
        row = indicators.setdefault(
            i_code, {"code": i_code, "question": question, "aspect": a_code, "levels": {}}
        )
        row["levels"][assessment.year] = value
    years = [a.year for a in assessments]

    def change(values: dict) -> object:
        if len(years) < 2:
            return None
        last, previous = values.get(years[-1]), values.get(years[-2])
        if last is None or previous is None:
            return None
        return last - previous

    aspect_rows = []
    for code, (_order, name) in sorted(aspect_info.items(), key=lambda item: item[1][0]):
        levels = {
            year: scoring.aspect_level(values).quantize(Decimal("0.01"))
            for year, values in aspect_levels[code].items()
        }
        aspect_rows.append(
            {
                "code": code,
                "name": name,
                "levels": [levels.get(y) for y in years],
                "change": change(levels),
            }
        )
    indicator_rows = [
        {**row, "values": [row["levels"].get(y) for y in years], "change": change(row["levels"])}
        for row in sorted(
            indicators.values(), key=lambda r: (aspect_info[r["aspect"]][0], r["code"])
        )
    ]
    totals = []
    for assessment in assessments:
        total = (
            assessment.verified_total
            if assessment.status == Assessment.Status.FINAL
            else assessment.self_total
        )
        bands = [
            scoring.Band(b.code, b.name, b.lower, b.upper)
            for b in assessment.instrument.bands.all()
        ]
        totals.append(
            {
                "assessment": assessment,
                "total": total,
                "band": scoring.category(total, bands) if total is not None else None,
            }
        )
    total_values = {t["assessment"].year: t["total"] for t in totals}
    return {
        "years": years,
        "totals": totals,
        "total_change": change(total_values),
        "aspects": aspect_rows,
        "indicators": indicator_rows,
    }
