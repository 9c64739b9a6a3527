"""An assessment's scores as the rules compute them from its current answers.

Both the workflow (totals after each change) and the scorecard (its figures) read them here,
so neither imports the other for it."""

from __future__ import annotations

from decimal import Decimal

from . import scoring
from .models import Answer, Assessment, Instrument


def bands_for(instrument: Instrument) -> list[scoring.Band]:
    return [
        scoring.Band(code=b.code, name=b.name, lower=b.lower, upper=b.upper)
        for b in instrument.bands.all()
    ]


def score_inputs(assessment: Assessment) -> dict[str, list[scoring.AspectInput]]:
    """The scoring module's inputs, self and verified, from one query over the answers."""
    rows = (
        Answer.objects.filter(assessment=assessment)
        .order_by("indicator__aspect__order", "indicator__order")
        .values_list("indicator__aspect_id", "indicator__aspect__weight", "level", "verified_level")
    )
    aspects: dict[int, tuple[Decimal, list[int | None], list[int | None]]] = {}
    for aspect_id, weight, level, verified in rows:
        entry = aspects.setdefault(aspect_id, (weight, [], []))
        entry[1].append(level)
        entry[2].append(verified)
    return {
        field: [
            scoring.AspectInput(key=key, weight=weight, levels=entry[index])
            for key, (weight, *entry) in aspects.items()
        ]
        for index, field in enumerate(["level", "verified_level"])
    }


def compute(assessment: Assessment) -> tuple[scoring.Result, scoring.Result]:
    """(self result, verified result) for the assessment's current answers."""
    inputs = score_inputs(assessment)
    bands = bands_for(assessment.instrument)
    method = assessment.instrument.scoring_method
    return (
        scoring.score(method, inputs["level"], bands),
        scoring.score(method, inputs["verified_level"], bands),
    )


def any_verified(result: scoring.Result) -> bool:
    return any(a.answered for a in result.aspects)


def recompute_totals(assessment: Assessment) -> None:
    self_result, verified = compute(assessment)
    verified_total = verified.total if any_verified(verified) else None
    Assessment.objects.filter(pk=assessment.pk).update(
        self_total=self_result.total, verified_total=verified_total
    )
    assessment.self_total = self_result.total
    assessment.verified_total = verified_total


# --- submitting -------------------------------------------------------------------------
