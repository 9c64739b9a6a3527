"""Paper against practice (#14): the facts an indicator names, computed over the agency's own
data (core.facts, registered by the apps that own the data), set beside the claimed level.

An indicator's `facts` are instrument data: which fact, and what each level expects of it
(">= 50" means the value must be at least 50 for that level). A claim is *not supported* when
the value misses the expectation of the claimed level, or of the highest level below it that
states one. A fact without a value (e.g. no active ASN) supports nothing and flags nothing.

Values are frozen at submission and at finalisation (snapshot()); once frozen, pages show the
frozen values, so the record does not move with later data changes."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core import facts as registry

from .models import Answer, Assessment, Indicator

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "=": operator.eq,
}
_EXPECTATION = re.compile(r"^\s*(>=|<=|>|<|=)\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")

SUBMITTED = "diajukan"
FINAL = "final"


class ExpectationError(ValueError):
    pass


@dataclass(frozen=True)
class Expectation:
    op: str
    number: float

    def met(self, value: float) -> bool:
        return OPERATORS[self.op](value, self.number)

    def __str__(self) -> str:
        symbol = {">=": "≥", "<=": "≤"}.get(self.op, self.op)
        return f"{symbol} {_number(self.number)}"


def parse_expectation(text: object) -> Expectation:
    match = _EXPECTATION.match(str(text))
    if not match:
        raise ExpectationError(
            _("harapan '%(text)s' tidak terbaca; tulis misalnya '>= 50'.") % {"text": text}
        )
    return Expectation(match[1], float(match[2].replace(",", ".")))


def _number(value: float) -> str:
    # Indonesian decimals: 12,5 not 12.5; whole numbers without a decimal part.
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def validate_spec(raw: object, scores: Iterable[int]) -> tuple[list[dict], list[str]]:
    """The `fakta:` of one indicator in the instrument file, normalised, with the problems
    found (in Indonesian, without the indicator's name: the loader adds where)."""
    if raw in (None, []):
        return [], []
    if not isinstance(raw, list):
        return [], [_("'fakta' harus berupa daftar.")]
    allowed = set(scores)
    problems: list[str] = []
    spec: list[dict] = []
    known = registry.codes()
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("kode"), str):
            problems.append(_("fakta ke-%(n)s harus berisi 'kode'.") % {"n": number})
            continue
        code = item["kode"]
        if code not in known:
            problems.append(
                _("fakta '%(code)s' tidak dikenal; yang ada: %(known)s.")
                % {"code": code, "known": ", ".join(known)}
            )
        levels = item.get("level") or {}
        if not isinstance(levels, dict) or not levels:
            problems.append(
                _(
                    "fakta '%(code)s': 'level' harus memetakan level ke harapan, misalnya "
                    "{3: '>= 50'}."
                )
                % {"code": code}
            )
            continue
        clean: dict[str, str] = {}
        for level, text in levels.items():
            try:
                score = int(level)
            except (TypeError, ValueError):
                score = None
            if score not in allowed:
                problems.append(
                    _("fakta '%(code)s': level %(level)s tidak ada pada skala.")
                    % {"code": code, "level": level}
                )
                continue
            try:
                parse_expectation(text)
            except ExpectationError as exc:
                problems.append(f"fakta '{code}': {exc}")
                continue
            clean[str(score)] = str(text).strip()
        spec.append({"kode": code, "level": clean})
    return spec, problems


def _required(spec: dict, claimed: int) -> tuple[int, Expectation] | None:
    """The expectation that applies to a claim: that of the claimed level, or of the highest
    level below it that states one."""
    levels = sorted((int(k), v) for k, v in spec["level"].items() if int(k) <= claimed)
    if not levels:
        return None
    level, text = levels[-1]
    return level, parse_expectation(text)


@dataclass
class FactLine:
    code: str
    label: str
    value: float | None
    numerator: int | None
    denominator: int | None
    unit: str
    computed_at: object  # datetime
    url: str
    level: int | None  # the level whose expectation applies to the claim
    expectation: Expectation | None
    contradicts: bool
    frozen: bool
    claimed: int | None = None

    @property
    def value_text(self) -> str:
        if self.value is None:
            return _("belum ada data")
        return f"{_number(self.value)} {self.unit}".replace(" %", " %")

    @property
    def sentence(self) -> str:
        """The fact in words, for the page and for a reviewer citing it in a reason."""
        text = _("Data Merit: %(value)s %(label)s") % {
            "value": self.value_text,
            "label": self.label.lower() if self.value is not None else f"({self.label})",
        }
        if self.denominator and self.numerator is not None:
            text += _(" (%(n)s dari %(d)s)") % {"n": self.numerator, "d": self.denominator}
        return text

    @property
    def flag(self) -> str:
        """The contradiction in words, e.g. "Diklaim level 4; data Merit: 0 % ASN aktif
        terpetakan di nine-box tahun ini (0 dari 120); level 4 mengharapkan ≥ 80 %."."""
        if not self.contradicts:
            return ""
        sentence = self.sentence
        return _("Diklaim level %(claimed)s; %(fact)s; level %(level)s mengharapkan %(exp)s.") % {
            "claimed": self.claimed,
            "fact": sentence[0].lower() + sentence[1:],
            "level": self.level,
            "exp": f"{self.expectation} {self.unit}",
        }


def _link(fact: registry.Fact) -> str:
    if not fact.url_name:
        return ""
    try:
        url = reverse(fact.url_name, kwargs=dict(fact.url_kwargs))
    except NoReverseMatch:
        return ""
    return f"{url}?{fact.url_query}" if fact.url_query else url


def _codes(indicators: Iterable[Indicator]) -> list[str]:
    return [spec["kode"] for ind in indicators for spec in ind.facts]


def snapshot(assessment: Assessment, moment: str) -> dict:
    """Compute the facts every indicator of the instrument names and freeze them under
    `moment` (SUBMITTED or FINAL). The caller saves the assessment."""
    indicators = Indicator.objects.filter(aspect__instrument=assessment.instrument_id)
    codes = _codes(indicators.exclude(facts=[]).only("facts"))
    values = registry.compute(codes, assessment.instansi_id, assessment.year)
    frozen = {
        "computed_at": timezone.now().isoformat(),
        "values": {c: [v.value, v.numerator, v.denominator] for c, v in values.items()},
    }
    assessment.fact_snapshots = {**assessment.fact_snapshots, moment: frozen}
    return frozen


def current_values(assessment: Assessment, codes: Iterable[str]) -> tuple[dict, object, bool]:
    """(values, computed_at, frozen): the final snapshot once final, the submission snapshot
    while under review, live values while the agency is filling in."""
    frozen = None
    if assessment.is_final:
        frozen = assessment.fact_snapshots.get(FINAL)
    elif not assessment.agency_may_edit:
        frozen = assessment.fact_snapshots.get(SUBMITTED)
    if frozen is not None:
        values = {c: registry.FactValue(*triple) for c, triple in frozen["values"].items()}
        return values, parse_datetime(frozen["computed_at"]), True
    return registry.compute(codes, assessment.instansi_id, assessment.year), timezone.now(), False


def lines_for(assessment: Assessment, answers: Iterable[Answer]) -> dict[int, list[FactLine]]:
    """Per answer (by pk), its indicator's facts beside the claimed level. The facts are
    computed once per page, whatever the number of indicators naming them."""
    answers = list(answers)
    values, computed_at, frozen = current_values(assessment, _codes(a.indicator for a in answers))
    result: dict[int, list[FactLine]] = {}
    for answer in answers:
        lines = []
        for spec in answer.indicator.facts:
            fact = registry.get(spec["kode"])
            if fact is None:
                continue
            value = values.get(fact.code, registry.FactValue(None))
            required = _required(spec, answer.level) if answer.level else None
            contradicts = bool(
                required and value.value is not None and not required[1].met(value.value)
            )
            lines.append(
                FactLine(
                    code=fact.code,
                    label=str(fact.label),
                    value=value.value,
                    numerator=value.numerator,
                    denominator=value.denominator,
                    unit=fact.unit,
                    computed_at=computed_at,
                    url=_link(fact),
                    level=required[0] if required else None,
                    expectation=required[1] if required else None,
                    contradicts=contradicts,
                    frozen=frozen,
                    claimed=answer.level,
                )
            )
        if lines:
            result[answer.pk] = lines
    return result


def contradictions(assessment: Assessment, answers: Iterable[Answer]) -> list[tuple[Answer, str]]:
    """The claims the facts do not support, each in words."""
    answers = list(answers)
    per_answer = lines_for(assessment, answers)
    return [
        (a, line.flag) for a in answers for line in per_answer.get(a.pk, []) if line.contradicts
    ]


@dataclass
class ScorecardFact:
    answer: Answer
    line: FactLine
    unresolved: bool  # the level that counts (verified, else claimed) is still not supported


def scorecard_sections(assessment: Assessment, answers: Iterable[Answer]) -> list[dict]:
    """Per aspect (in order), its indicators' facts and the contradictions that remain: a
    claim the facts do not support whose verified level (when set) is not supported either."""
    answers = list(answers)
    per_answer = lines_for(assessment, answers)
    sections: dict[int, dict] = {}
    for answer in answers:
        for line in per_answer.get(answer.pk, []):
            unresolved = line.contradicts
            if unresolved and answer.verified_level is not None:
                spec = next(s for s in answer.indicator.facts if s["kode"] == line.code)
                required = _required(spec, answer.verified_level)
                unresolved = bool(
                    required and line.value is not None and not required[1].met(line.value)
                )
            aspect = answer.indicator.aspect
            section = sections.setdefault(
                aspect.pk, {"aspect": aspect, "facts": [], "unresolved": 0}
            )
            section["facts"].append(ScorecardFact(answer, line, unresolved))
            section["unresolved"] += unresolved
    return sorted(sections.values(), key=lambda s: s["aspect"].order)


def frozen_contradictions(assessments: Iterable[Assessment]) -> dict[int, dict[int, int]]:
    """Per assessment, per aspect: how many claims the *frozen* facts do not support, for the
    province's coaching view. Only assessments whose facts are frozen (submitted or later)
    count: computing live facts for every agency would cost queries per agency. One query."""
    frozen = {}
    for assessment in assessments:
        snapshot = assessment.fact_snapshots.get(FINAL) or assessment.fact_snapshots.get(SUBMITTED)
        if snapshot:
            frozen[assessment.pk] = snapshot["values"]
    counts: dict[int, dict[int, int]] = {pk: {} for pk in frozen}
    if not frozen:
        return counts
    rows = (
        Answer.objects.filter(assessment__in=list(frozen), level__isnull=False)
        .exclude(indicator__facts=[])
        .values_list("assessment_id", "indicator__aspect_id", "level", "indicator__facts")
    )
    for pk, aspect, level, specs in rows:
        for spec in specs:
            value = frozen[pk].get(spec["kode"], [None])[0]
            required = _required(spec, level) if level is not None else None
            if required and value is not None and not required[1].met(value):
                counts[pk][aspect] = counts[pk].get(aspect, 0) + 1
    return counts
