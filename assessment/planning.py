"""The path to the next category and the year-over-year comparison.

`path_to_next_category` is pure: from the current levels it finds the fewest one-level steps
on indicators that lift the total into the next band. Every step on an indicator of aspect a
adds weight_a / (indicators in a) whatever the level, so taking the steps with the largest
gain first is optimal: no other choice of k steps adds more."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from . import results, scoring
from .models import Answer, Assessment
from .results import bands_for, scoring_context


@dataclass(frozen=True)
class PlanAspect:
    key: object
    weight: Decimal
    # (indicator key, current level or None) in the instrument's order
    indicators: Sequence[tuple[object, int | None]]
    # Sub-aspects (weights within this aspect); then `indicators` is empty.
    parts: Sequence[PlanAspect] = ()


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
    # The index only: the survey score (0..1) that alone, with today's answers, reaches the
    # target band; None when the method has no survey or no survey score can reach it.
    survey_needed: Decimal | None = None
    survey_current: Decimal | None = None

    @property
    def step_count(self) -> int:
        return sum(step.to_level - step.from_level for step in self.steps)


def _input(aspect: PlanAspect, levels: dict) -> scoring.AspectInput:
    return scoring.AspectInput(
        key=aspect.key,
        weight=aspect.weight,
        levels=[levels[key] for key, _level in aspect.indicators],
        parts=[_input(part, levels) for part in aspect.parts],
    )


def _inputs(aspects: Sequence[PlanAspect], levels: dict) -> list[scoring.AspectInput]:
    return [_input(a, levels) for a in aspects]


def _leaves(aspects: Sequence[PlanAspect]):
    """(aspect key, effective weight, indicators) for every group of indicators: an aspect's
    own, or each sub-aspect's with the aspect's weight x its share."""
    for aspect in aspects:
        if not aspect.parts:
            yield aspect.key, aspect.weight, aspect.indicators
            continue
        within = sum((p.weight for p in aspect.parts), Decimal(0)) or Decimal(1)
        for part in aspect.parts:
            yield aspect.key, aspect.weight * part.weight / within, part.indicators


def path_to_next_category(
    aspects: Sequence[PlanAspect],
    bands: Sequence[scoring.Band],
    method_key: str,
    context: scoring.ScoringContext = scoring.DEFAULT_CONTEXT,
) -> Plan:
    levels = {key: level for _a, _w, items in _leaves(aspects) for key, level in items}
    current = scoring.score(method_key, _inputs(aspects, levels), bands, context)
    higher = sorted((b for b in bands if b.lower > current.total), key=lambda b: b.lower)
    if not higher:
        return Plan(current.total, current.band, None, [], None, survey_current=current.survey)
    target = higher[0]
    scale = context.scale
    total_weight = sum((a.weight for a in aspects), Decimal(0))

    # Every indicator below the top, largest gain per step first; among equals the lowest
    # level first (the nearest evidence to gather), then the instrument's order.
    candidates = []
    for position, (aspect_key, weight, items) in enumerate(_leaves(aspects)):
        for index, (key, level) in enumerate(items):
            start = level if level is not None else scale.lowest
            following = scale.next_score(start)
            if following is None:
                continue
            gain = scoring.step_gain(
                method_key,
                weight,
                len(items),
                context,
                step=scale.value(following) - scale.value(start),
                total_weight=total_weight,
            )
            candidates.append((-gain, start, position, index, key, aspect_key, weight, len(items)))
    candidates.sort(key=lambda c: c[:4])

    working = {key: level if level is not None else scale.lowest for key, level in levels.items()}
    taken: list[PlanStep] = []
    total = current.total
    for _neg, start, _pos, _index, key, aspect_key, weight, count in candidates:
        if total >= target.lower:
            break
        step = PlanStep(key, aspect_key, start, start, Decimal(0))
        while (following := scale.next_score(working[key])) is not None and total < target.lower:
            step.gain += scoring.step_gain(
                method_key,
                weight,
                count,
                context,
                step=scale.value(following) - scale.value(working[key]),
                total_weight=total_weight,
            )
            working[key] = following
            step.to_level = following
            total = scoring.score(method_key, _inputs(aspects, working), bands, context).total
        taken.append(step)
    survey_needed = _survey_needed(aspects, levels, bands, method_key, context, target)
    if total < target.lower:
        return Plan(
            current.total,
            current.band,
            target,
            [],
            None,
            survey_needed=survey_needed,
            survey_current=current.survey,
        )
    return Plan(
        current.total,
        current.band,
        target,
        taken,
        total,
        survey_needed=survey_needed,
        survey_current=current.survey,
    )


def _survey_needed(
    aspects: Sequence[PlanAspect],
    levels: dict,
    bands: Sequence[scoring.Band],
    method_key: str,
    context: scoring.ScoringContext,
    target: scoring.Band,
) -> Decimal | None:
    """The lowest survey score, in hundredths, that reaches the target with today's answers:
    found by scoring, so the method's rounding decides, not a restated formula."""
    if "survey_weight" not in scoring.PARAMS.get(method_key, ()):
        return None
    inputs = _inputs(aspects, levels)
    for hundredths in range(0, 101):
        survey = Decimal(hundredths) / 100
        trial = replace(context, survey=survey)
        if scoring.score(method_key, inputs, bands, trial).total >= target.lower:
            return survey
    return None


def plan_for(assessment: Assessment) -> Plan:
    """The plan for an assessment's current self levels, with indicators and evidence."""
    answers = list(
        Answer.objects.filter(assessment=assessment)
        .select_related("indicator__aspect", "indicator__sub_aspect")
        .prefetch_related("indicator__levels")
        .order_by("indicator__aspect__order", "indicator__order")
    )
    grouped: dict[int, dict[int | None, list[Answer]]] = {}
    for answer in answers:
        by_sub = grouped.setdefault(answer.indicator.aspect_id, {})
        by_sub.setdefault(answer.indicator.sub_aspect_id, []).append(answer)
    aspects = []
    for by_sub in grouped.values():
        first = next(iter(by_sub.values()))[0].indicator
        if None in by_sub:
            aspects.append(
                PlanAspect(
                    key=first.aspect,
                    weight=first.aspect.weight,
                    indicators=[(a.indicator, a.level) for a in by_sub[None]],
                )
            )
            continue
        parts = [
            PlanAspect(
                key=items[0].indicator.sub_aspect,
                weight=items[0].indicator.sub_aspect.weight,
                indicators=[(a.indicator, a.level) for a in items],
            )
            for items in by_sub.values()
        ]
        aspects.append(
            PlanAspect(key=first.aspect, weight=first.aspect.weight, indicators=[], parts=parts)
        )
    plan = path_to_next_category(
        aspects,
        bands_for(assessment.instrument),
        assessment.instrument.scoring_method,
        scoring_context(assessment),
    )
    answer_of = {a.indicator_id: a for a in answers}
    for step in plan.steps:
        levels = {level.score: level for level in step.indicator.levels.all()}
        step.details = {
            "target_level": levels.get(step.to_level),
            "evidence_expected": step.indicator.evidence_expected,
            # The row links to the indicator on its aspect page.
            "answer": answer_of.get(step.indicator.pk),
        }
    return plan


# --- year over year ---------------------------------------------------------------------


def compare_years(instansi) -> dict:
    """The agency's assessments side by side: each year's result (results.py: the figure that
    counts, on the instrument's own scale and on the common 0..1 scale), and per aspect and
    indicator the level that counts, compared within one instrument only ("1.1" of 2019 is
    not "1.1" of 2026), with the change from the previous year. Three queries."""
    assessments = list(
        Assessment.objects.filter(instansi=instansi)
        .select_related("instrument")
        .prefetch_related("instrument__bands")
        .order_by("year")
    )
    rows = list(
        Answer.objects.filter(assessment__in=assessments)
        .order_by("indicator__aspect__order", "indicator__order")
        .values_list(
            "assessment_id",
            "indicator__aspect__code",
            "indicator__aspect__name",
            "indicator__aspect__order",
            "indicator__code",
            "indicator__question",
            *results.LEVEL_ROW_FIELDS,
        )
    )
    level_rows: dict[int, list[results.LevelRow]] = {}
    for pk, *_info, aspect, weight, sub, sub_weight, level, verified in rows:
        level_rows.setdefault(pk, []).append((aspect, weight, sub, sub_weight, level, verified))
    found = {a.pk: results.result_from_rows(a, level_rows.get(a.pk, [])) for a in assessments}
    by_pk = {a.pk: a for a in assessments}
    aspect_levels: dict[tuple, dict[int, list[int | None]]] = {}
    aspect_info: dict[tuple, tuple[int, str]] = {}
    indicators: dict[tuple, dict] = {}
    for pk, a_code, a_name, a_order, i_code, question, *_row, level, verified in rows:
        assessment = by_pk[pk]
        regime = assessment.instrument.code
        # The level that counts in the assessment's result (self, provisional or verified).
        value = results.counting_level(found[pk].kind, level, verified)
        aspect_levels.setdefault((regime, a_code), {}).setdefault(assessment.year, []).append(value)
        aspect_info.setdefault((regime, a_code), (a_order, a_name))
        row = indicators.setdefault(
            (regime, i_code),
            {"code": i_code, "question": question, "aspect": (regime, a_code), "levels": {}},
        )
        row["levels"][assessment.year] = value
    years = [a.year for a in assessments]
    regimes = [a.instrument.code for a in assessments]
    order = {code: position for position, code in enumerate(dict.fromkeys(regimes))}

    def change(values: dict) -> object:
        if len(years) < 2:
            return None
        last, previous = values.get(years[-1]), values.get(years[-2])
        if last is None or previous is None:
            return None
        return last - previous

    aspect_rows = []
    for key, (_order, name) in sorted(
        aspect_info.items(), key=lambda item: (order[item[0][0]], item[1][0])
    ):
        instrument = next(a.instrument for a in assessments if a.instrument.code == key[0])
        scale = instrument.scale()
        # The mean answer level (1-4, 1-5...), not its value, as the agency answered it.
        levels_scale = scoring.Scale({s: Decimal(s) for s in scale.scores})
        levels = {
            year: scoring.aspect_level(values, levels_scale).quantize(Decimal("0.01"))
            for year, values in aspect_levels[key].items()
        }
        aspect_rows.append(
            {
                "code": key[1],
                "instrument": key[0],
                "instrument_name": instrument.name,
                "name": name,
                "levels": [levels.get(y) for y in years],
                "change": change(levels),
            }
        )
    indicator_rows = [
        {**row, "values": [row["levels"].get(y) for y in years], "change": change(row["levels"])}
        for row in sorted(
            indicators.values(),
            key=lambda r: (order[r["aspect"][0]], aspect_info[r["aspect"]][0], r["code"]),
        )
    ]
    totals = [
        {
            "assessment": assessment,
            "instrument": assessment.instrument,
            "result": found[assessment.pk],
            "total": found[assessment.pk].total,
            "normalised": found[assessment.pk].normalised,
            "band": found[assessment.pk].band,
        }
        for assessment in assessments
    ]
    differ = len(set(regimes)) > 1
    # Across instruments only the common 0..1 scale compares.
    figure = "normalised" if differ else "total"
    total_values = {t["assessment"].year: t[figure] for t in totals}
    return {
        "years": years,
        "totals": totals,
        "total_change": change(total_values),
        "instruments_differ": differ,
        "aspects": aspect_rows,
        "indicators": indicator_rows,
    }
