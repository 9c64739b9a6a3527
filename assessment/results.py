"""Which result of an assessment counts now, and what kind of figure it is: the one rule
every page, the reviewer dashboard, its export and chart, and the scorecard PDF follow.
The workflow (totals after each change) and the scorecard read the scoring method's figures
here too, so neither imports the other for them.

- "self": the agency's own total (draft, returned, or submitted with nothing verified yet).
- "provisional": verification in progress (submitted, some indicators verified). The total
  takes the verified level where the reviewer set one and the agency's level elsewhere, the
  same figure "accept the self levels" would make final; it still changes.
- "verified": verification finished (verified) or final: the verified total.

An aspect's verified level is shown only once every indicator of the aspect is verified;
before that it would count the unverified ones as the lowest level and mislead."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from . import scoring
from .models import Answer, Assessment, CategoryBand, Instrument

SELF = "self"
PROVISIONAL = "provisional"
VERIFIED = "verified"

# (aspect key, aspect weight, self level, verified level): one row per indicator.
LevelRow = tuple[object, Decimal, int | None, int | None]


@dataclass(frozen=True)
class AssessmentResult:
    kind: str  # SELF, PROVISIONAL or VERIFIED
    total: Decimal | None
    band: CategoryBand | None
    verified_count: int
    indicator_count: int
    is_provisional: bool  # the figure may still change: self or provisional
    label: str

    @property
    def is_verified(self) -> bool:
        return self.kind == VERIFIED

    @property
    def is_self(self) -> bool:
        return self.kind == SELF

    @property
    def category(self) -> str:
        return f"{self.band.code} {self.band.name}" if self.band else ""


def result_kind(assessment: Assessment, verified_count: int) -> str:
    S = Assessment.Status
    if assessment.status in (S.VERIFIED, S.FINAL):
        return VERIFIED
    if assessment.status == S.SUBMITTED and verified_count:
        return PROVISIONAL
    return SELF


def _label(assessment: Assessment, kind: str, verified_count: int, indicator_count: int) -> str:
    if kind == PROVISIONAL:
        return _(
            "Nilai verifikasi sementara (%(verified)s dari %(count)s indikator terverifikasi)"
        ) % {"verified": verified_count, "count": indicator_count}
    if kind == VERIFIED:
        return _("Nilai akhir") if assessment.is_final else _("Nilai verifikasi")
    return _("Nilai mandiri")


def counting_level(kind: str, level: int | None, verified: int | None) -> int | None:
    """An indicator's level that counts in a result of this kind."""
    if kind == VERIFIED:
        return verified
    if kind == PROVISIONAL:
        return verified if verified is not None else level
    return level


def _provisional_total(assessment: Assessment, rows: Sequence[LevelRow]) -> Decimal:
    aspects: dict[object, tuple[Decimal, list[int | None]]] = {}
    for key, weight, level, verified in rows:
        aspects.setdefault(key, (weight, []))[1].append(
            counting_level(PROVISIONAL, level, verified)
        )
    inputs = [
        scoring.AspectInput(key=key, weight=weight, levels=levels)
        for key, (weight, levels) in aspects.items()
    ]
    return scoring.score(assessment.instrument.scoring_method, inputs, []).total


def result_from_rows(assessment: Assessment, rows: Sequence[LevelRow]) -> AssessmentResult:
    """The result from the assessment's stored totals and its answers' levels (no query when
    the instrument's bands are prefetched)."""
    verified_count = sum(1 for row in rows if row[3] is not None)
    kind = result_kind(assessment, verified_count)
    if kind == VERIFIED:
        total = assessment.verified_total
        if total is None:  # verified without any verified level: nothing else to show
            total = assessment.self_total
    elif kind == PROVISIONAL:
        total = _provisional_total(assessment, rows)
    else:
        total = assessment.self_total
    return AssessmentResult(
        kind=kind,
        total=total,
        band=assessment.instrument.band_for(total),
        verified_count=verified_count,
        indicator_count=len(rows),
        is_provisional=kind != VERIFIED,
        label=_label(assessment, kind, verified_count, len(rows)),
    )


def _level_rows(assessments: Iterable[Assessment]) -> dict[int, list[LevelRow]]:
    found: dict[int, list[LevelRow]] = {}
    values = (
        Answer.objects.filter(assessment__in=list(assessments))
        .order_by("assessment_id", "indicator__aspect__order", "indicator__order")
        .values_list(
            "assessment_id",
            "indicator__aspect_id",
            "indicator__aspect__weight",
            "level",
            "verified_level",
        )
    )
    for pk, aspect, weight, level, verified in values:
        found.setdefault(pk, []).append((aspect, weight, level, verified))
    return found


def assessment_result(assessment: Assessment) -> AssessmentResult:
    """The total that counts now, its band and what kind of figure it is."""
    return result_from_rows(assessment, _level_rows([assessment]).get(assessment.pk, []))


def results_for(assessments: Sequence[Assessment]) -> dict[int, AssessmentResult]:
    """assessment_result for many assessments in two queries (answers, bands) at most."""
    if not assessments:
        return {}
    prefetch_related_objects(list(assessments), "instrument__bands")
    rows = _level_rows(assessments)
    return {a.pk: result_from_rows(a, rows.get(a.pk, [])) for a in assessments}


def with_results(assessments: Sequence[Assessment]) -> list[tuple[Assessment, AssessmentResult]]:
    """(assessment, its result) for a page of a list, in the page's order."""
    assessments = list(assessments)
    found = results_for(assessments)
    return [(a, found[a.pk]) for a in assessments]


def verified_aspect(aspect: scoring.AspectResult | None) -> scoring.AspectResult | None:
    """An aspect's verified result, only once every indicator of it is verified."""
    if aspect is None or aspect.count == 0 or aspect.answered < aspect.count:
        return None
    return aspect


def aspect_rows(
    aspects: Iterable, self_result: scoring.Result, verified: scoring.Result
) -> list[dict]:
    """Per aspect (in the given order): {"aspect", "self", "verified", "verified_count"},
    where "verified" is the verified aspect result only when the aspect is fully verified."""
    self_by = {a.key: a for a in self_result.aspects}
    verified_by = {a.key: a for a in verified.aspects}
    rows = []
    for aspect in aspects:
        theirs = verified_by.get(aspect.pk)
        rows.append(
            {
                "aspect": aspect,
                "self": self_by.get(aspect.pk),
                "verified": verified_aspect(theirs),
                "verified_count": theirs.answered if theirs else 0,
            }
        )
    return rows


# --- the scoring method's figures, self and verified (the workflow stores their totals) ---


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
