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
before that it would count the unverified ones as the lowest level and mislead.

Under an index instrument (Permen PANRB 19/2025) the result also carries the index's parts:
maturity, the staff survey (with its response count) and the correction factor, the inputs
still missing (a maturity without survey is a provisional index), and the value on the
common 0..1 scale used to compare years across instruments."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from . import scoring
from .models import Answer, Assessment, CategoryBand, Instrument, SurveySource

SELF = "self"
PROVISIONAL = "provisional"
VERIFIED = "verified"

# (aspect key, aspect weight, sub-aspect key, its weight within the aspect, self level,
# verified level): one row per indicator; the sub-aspect is None where the aspect has none.
LevelRow = tuple[object, Decimal, object, Decimal | None, int | None, int | None]
LEVEL_ROW_FIELDS = (
    "indicator__aspect_id",
    "indicator__aspect__weight",
    "indicator__sub_aspect_id",
    "indicator__sub_aspect__weight",
    "level",
    "verified_level",
)


@dataclass(frozen=True)
class AssessmentResult:
    kind: str  # SELF, PROVISIONAL or VERIFIED
    total: Decimal | None
    band: CategoryBand | None
    verified_count: int
    indicator_count: int
    is_provisional: bool  # the figure may still change: self, provisional, or inputs missing
    label: str
    # The index's parts (None for a points instrument such as 2019's).
    is_index: bool = False
    maturity: Decimal | None = None
    survey: Decimal | None = None
    survey_responses: int | None = None
    correction_factor: Decimal | None = None
    # Inputs still missing: "survey" (the index counts it as 0 until it is in).
    missing: tuple[str, ...] = ()
    # The missing survey is running in Merit: its score counts once the admin closes it.
    survey_running: bool = False
    # The total on the common 0..1 scale (instrument data: total / 400 for 2019, marked U).
    normalised: Decimal | None = None

    @property
    def is_verified(self) -> bool:
        return self.kind == VERIFIED

    @property
    def is_self(self) -> bool:
        return self.kind == SELF

    @property
    def survey_missing(self) -> bool:
        return "survey" in self.missing

    @property
    def category(self) -> str:
        return self.band.label if self.band else ""

    @property
    def band_word(self) -> str:
        """What the instrument calls its bands: a level (tingkat) or a category."""
        return _("Tingkat") if self.is_index else _("Kategori")


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


def inputs_from_rows(
    rows: Sequence[LevelRow], pick: Callable[[int | None, int | None], int | None]
) -> list[scoring.AspectInput]:
    """The scoring method's inputs from level rows, the level of each indicator chosen by
    `pick(self level, verified level)`: the one place the aspect tree is built."""
    aspects: dict[object, tuple[Decimal, dict[object, tuple[Decimal | None, list]]]] = {}
    for key, weight, sub, sub_weight, level, verified in rows:
        parts = aspects.setdefault(key, (weight, {}))[1]
        parts.setdefault(sub, (sub_weight, []))[1].append(pick(level, verified))
    inputs = []
    for key, (weight, parts) in aspects.items():
        if None in parts:
            inputs.append(scoring.AspectInput(key=key, weight=weight, levels=parts[None][1]))
            continue
        inputs.append(
            scoring.AspectInput(
                key=key,
                weight=weight,
                levels=[],
                parts=[
                    scoring.AspectInput(key=sub, weight=sub_weight or Decimal(0), levels=levels)
                    for sub, (sub_weight, levels) in parts.items()
                ],
            )
        )
    return inputs


def scoring_context(assessment: Assessment) -> scoring.ScoringContext:
    """What the method needs beyond the answers: the instrument's data (scale, rounding,
    parameters) and the assessment's survey result and correction factor."""
    instrument = assessment.instrument
    return scoring.ScoringContext(
        scale=instrument.scale(),
        decimals=instrument.decimals,
        params=instrument.scoring_params,
        survey=assessment.survey_score,
        correction_factor=assessment.correction_factor,
    )


def _score_kind(assessment: Assessment, rows: Sequence[LevelRow], kind: str) -> scoring.Result:
    inputs = inputs_from_rows(rows, lambda level, verified: counting_level(kind, level, verified))
    return scoring.score(
        assessment.instrument.scoring_method, inputs, [], scoring_context(assessment)
    )


def result_from_rows(assessment: Assessment, rows: Sequence[LevelRow]) -> AssessmentResult:
    """The result from the assessment's stored totals and its answers' levels (no query when
    the instrument's bands are prefetched)."""
    verified_count = sum(1 for row in rows if row[5] is not None)
    kind = result_kind(assessment, verified_count)
    instrument = assessment.instrument
    figures = None
    if rows and (kind == PROVISIONAL or instrument.is_index):
        figures = _score_kind(assessment, rows, kind)
    if kind == VERIFIED:
        total = assessment.verified_total
        if total is None:  # verified without any verified level: nothing else to show
            total = assessment.self_total
    elif kind == PROVISIONAL and figures is not None:
        total = figures.total
    else:
        total = assessment.self_total
    index = instrument.is_index
    missing: tuple[str, ...] = ()
    if index and assessment.survey_score is None:
        missing = ("survey",)
    label = _label(assessment, kind, verified_count, len(rows))
    survey_running = bool(missing) and assessment.survey_source == SurveySource.MERIT
    if survey_running:
        label = _(
            "%(label)s; indeks sementara: survei pegawai sedang berjalan, dihitung setelah ditutup"
        ) % {"label": label}
    elif missing:
        label = _("%(label)s; indeks sementara: survei pegawai belum ada") % {"label": label}
    return AssessmentResult(
        kind=kind,
        total=total,
        band=instrument.band_for(total),
        verified_count=verified_count,
        indicator_count=len(rows),
        is_provisional=kind != VERIFIED or bool(missing),
        label=label,
        is_index=index,
        maturity=figures.maturity if figures is not None else None,
        survey=assessment.survey_score if index else None,
        survey_responses=assessment.survey_responses if index else None,
        correction_factor=assessment.correction_factor if index else None,
        missing=missing,
        survey_running=survey_running,
        normalised=instrument.normalise(total),
    )


def _level_rows(assessments: Iterable[Assessment]) -> dict[int, list[LevelRow]]:
    found: dict[int, list[LevelRow]] = {}
    values = (
        Answer.objects.filter(assessment__in=list(assessments))
        .order_by("assessment_id", "indicator__aspect__order", "indicator__order")
        .values_list("assessment_id", *LEVEL_ROW_FIELDS)
    )
    for pk, *row in values:
        found.setdefault(pk, []).append(tuple(row))
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


def level_rows(assessment: Assessment) -> list[LevelRow]:
    """The assessment's level rows, in aspect and indicator order: one query."""
    return list(
        Answer.objects.filter(assessment=assessment)
        .order_by("indicator__aspect__order", "indicator__order")
        .values_list(*LEVEL_ROW_FIELDS)
    )


def score_inputs(
    assessment: Assessment, rows: Sequence[LevelRow] | None = None
) -> dict[str, list[scoring.AspectInput]]:
    """The scoring module's inputs, self and verified, from one query over the answers (none
    when the rows are given). An aspect with sub-aspects gives them as parts, each with its
    weight within the aspect."""
    if rows is None:
        rows = level_rows(assessment)
    return {
        "level": inputs_from_rows(rows, lambda level, verified: level),
        "verified_level": inputs_from_rows(rows, lambda level, verified: verified),
    }


def compute(
    assessment: Assessment, rows: Sequence[LevelRow] | None = None
) -> tuple[scoring.Result, scoring.Result]:
    """(self result, verified result) for the assessment's current answers."""
    inputs = score_inputs(assessment, rows)
    bands = bands_for(assessment.instrument)
    method = assessment.instrument.scoring_method
    context = scoring_context(assessment)
    return (
        scoring.score(method, inputs["level"], bands, context),
        scoring.score(method, inputs["verified_level"], bands, context),
    )


def compute_with_result(
    assessment: Assessment,
) -> tuple[scoring.Result, scoring.Result, AssessmentResult]:
    """compute() and assessment_result() together, as every page's score panel needs them:
    one query over the answers and one over the instrument's bands (instead of two each)."""
    prefetch_related_objects([assessment.instrument], "bands")
    rows = level_rows(assessment)
    self_result, verified = compute(assessment, rows)
    return self_result, verified, result_from_rows(assessment, rows)


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
