"""The province's coaching view: how its kabupaten/kota stand aspect by aspect (the heatmap),
where most of them are weakest (the coordination meeting's agenda), where each one is in the
workflow, the follow-ups the province records, the joint commitment, and an anonymous peer
comparison. One level up, a national reviewer coaches the provinces the same way.

The level shown for an aspect is the mean of its indicators' levels on the answer scale
(1-4, 1-5): the self figure from the agency's answers, the verified one only once every
indicator of the aspect is verified (results.verified_aspect's rule). Which of the two counts
is results.counting_level for the kind of result (results.py). Every list here costs a fixed
number of queries whatever the number of agencies."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import scoping
from agencies.models import AuditEvent, Instansi, User

from . import facts, results, workflow
from .evidence import check_upload
from .models import (
    Answer,
    Aspect,
    Assessment,
    Commitment,
    FollowUp,
    Indicator,
    Instrument,
    Transition,
)

# A peer group smaller than this is not shown: with two others, an agency could work out
# each one's levels from its own and the median.
MIN_PEER_GROUP = 3
# How many indicators the meeting's agenda lists.
AGENDA_SIZE = 5
ONE_DECIMAL = Decimal("0.1")


# --- whom the reviewer coaches ---


def coached_agencies(user: User, province: int | None = None) -> QuerySet[Instansi]:
    """The agencies a reviewer coaches: a provincial reviewer, the kabupaten/kota of the
    province; a national reviewer (or superadmin), the provinces, or one province's
    kabupaten/kota when `province` is given. Always inside scoping.visible_instansi."""
    visible = scoping.visible_instansi(user)
    if user.is_superadmin or user.is_national_reviewer:
        if province:
            return visible.filter(provinsi_id=province)
        return visible.filter(jenis=Instansi.Jenis.PROVINSI)
    if user.is_reviewer and user.instansi_id:
        return visible.filter(provinsi_id=user.instansi_id)
    return visible.none()


def mean_level(levels: Iterable[int | None], *, complete: bool = False) -> Decimal | None:
    """The mean of the given levels to one decimal; None without any, or (complete=True)
    when one is missing."""
    values = list(levels)
    if complete and any(v is None for v in values):
        return None
    present = [v for v in values if v is not None]
    if not present:
        return None
    mean = Decimal(sum(present)) / Decimal(len(present))
    return mean.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


# --- the heatmap ---


@dataclass
class Cell:
    self_level: Decimal | None = None
    verified_level: Decimal | None = None
    # The level that counts in the agency's result (self, provisional or verified).
    counting: Decimal | None = None
    name: str = ""  # the scale's word for the counting level, rounded
    tone: int | None = None  # 0 (the scale's lowest) .. 4 (its highest): the colour

    @property
    def heat(self) -> int | None:
        """The counting level rounded to a whole level."""
        if self.counting is None:
            return None
        return int(self.counting.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Column:
    pk: int
    code: str
    name: str


@dataclass
class HeatRow:
    instansi: Instansi
    assessment: Assessment | None
    result: results.AssessmentResult | None
    cells: list[Cell]
    previous: results.AssessmentResult | None = None
    previous_year: int | None = None
    other_instrument: Instrument | None = None  # assessed under another instrument this year
    # Claims the facts frozen at submission do not support (#14), in all and per aspect pk.
    contradictions: int | None = None
    contradictions_by_aspect: list[tuple[str, int]] = field(default_factory=list)

    @property
    def movement(self) -> Decimal | None:
        """The change of the result on the common 0..1 scale since last year."""
        if self.result is None or self.previous is None:
            return None
        if self.result.normalised is None or self.previous.normalised is None:
            return None
        return self.result.normalised - self.previous.normalised


@dataclass
class WeakIndicator:
    indicator: Indicator
    # (agency, the level that counts there) for the agencies where it is among the lowest.
    agencies: list[tuple[Instansi, int]]
    mean: Decimal | None
    answered: int


@dataclass
class Heatmap:
    year: int
    instrument: Instrument | None
    instruments: list[Instrument]
    aspect: Aspect | None  # the aspect whose indicators are the columns, or None
    columns: list[Column]
    rows: list[HeatRow]
    weakest: list[WeakIndicator] = field(default_factory=list)
    level_names: dict[int, str] = field(default_factory=dict)
    levels: list[int] = field(default_factory=list)

    @property
    def legend(self) -> list[tuple[int, str, int | None]]:
        """(level, its word, its colour tone) for each level of the scale."""
        if not self.levels:
            return []
        low, high = self.levels[0], self.levels[-1]
        return [(n, self.level_names.get(n, ""), tone(Decimal(n), low, high)) for n in self.levels]


# (assessment, indicator, aspect, level, verified level)
_Row = tuple[int, int, int, int | None, int | None]


def _answer_rows(assessments: Sequence[Assessment]) -> tuple[dict, dict]:
    """One query over the answers: the results' level rows and the heatmap's own rows."""
    level_rows: dict[int, list[results.LevelRow]] = defaultdict(list)
    own: dict[int, list[_Row]] = defaultdict(list)
    values = (
        Answer.objects.filter(assessment__in=[a.pk for a in assessments])
        .order_by("assessment_id", "indicator__aspect__order", "indicator__order")
        .values_list("assessment_id", "indicator_id", *results.LEVEL_ROW_FIELDS)
    )
    for pk, indicator, aspect, weight, sub, sub_weight, level, verified in values:
        level_rows[pk].append((aspect, weight, sub, sub_weight, level, verified))
        own[pk].append((pk, indicator, aspect, level, verified))
    return level_rows, own


def tone(level: Decimal | None, lowest: int, highest: int) -> int | None:
    """Where a level sits on the scale, in five steps (0..4), so a 1-4 and a 1-5 scale
    share one set of colours."""
    if level is None:
        return None
    span = Decimal(highest - lowest) or Decimal(1)
    step = (Decimal(4) * (level - lowest) / span).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(0, min(4, int(step)))


def _cells(
    rows: list[_Row],
    columns: list[Column],
    kind: str,
    by_indicator: bool,
    instrument: Instrument,
    names: dict,
) -> list[Cell]:
    grouped: dict[int, list[tuple[int | None, int | None]]] = defaultdict(list)
    for _pk, indicator, aspect, level, verified in rows:
        grouped[indicator if by_indicator else aspect].append((level, verified))
    cells = []
    for column in columns:
        pairs = grouped.get(column.pk, [])
        if not pairs:
            cells.append(Cell())
            continue
        cell = Cell(
            self_level=mean_level(p[0] for p in pairs),
            verified_level=mean_level((p[1] for p in pairs), complete=True),
            counting=mean_level(results.counting_level(kind, *p) for p in pairs),
        )
        if cell.heat is not None:
            cell.name = names.get(cell.heat, "")
            cell.tone = tone(cell.counting, instrument.min_level, instrument.max_level)
        cells.append(cell)
    return cells


def heatmap(
    user: User,
    year: int,
    *,
    instrument: int | None = None,
    aspect: int | None = None,
    province: int | None = None,
) -> Heatmap:
    """Every coached agency's aspect levels (or one aspect's indicator levels) for the year
    under one instrument (the one most of them use, unless chosen), self and verified, the
    change of the result since the previous year, and the weakest indicators. Seven queries."""
    agencies = list(coached_agencies(user, province).order_by("nama"))
    assessments = list(
        Assessment.objects.filter(instansi__in=[a.pk for a in agencies], year__in=[year, year - 1])
        .select_related("instrument")
        .prefetch_related("instrument__bands")
    )
    level_rows, own = _answer_rows(assessments)
    found = {a.pk: results.result_from_rows(a, level_rows.get(a.pk, [])) for a in assessments}
    current = {a.instansi_id: a for a in assessments if a.year == year}
    previous = {a.instansi_id: a for a in assessments if a.year == year - 1}
    used = Counter(a.instrument_id for a in current.values())
    instruments = {a.instrument_id: a.instrument for a in current.values()}
    chosen = instruments.get(instrument or 0)
    if chosen is None and used:
        chosen = instruments[used.most_common(1)[0][0]]
    if chosen is None:
        return Heatmap(year, None, [], None, [], [_empty_row(a) for a in agencies])
    names = chosen.level_names()
    shown_aspect = None
    if aspect:
        shown_aspect = Aspect.objects.filter(instrument=chosen, pk=aspect).first()
    if shown_aspect is not None:
        columns = [
            Column(i.pk, i.code, i.question)
            for i in Indicator.objects.filter(aspect=shown_aspect).order_by("order")
        ]
    else:
        columns = [Column(a.pk, a.code, a.name) for a in chosen.aspects.order_by("order")]
    flags = facts.frozen_contradictions(current.values())
    rows = []
    for instansi in agencies:
        mine = current.get(instansi.pk)
        row = _empty_row(instansi)
        if mine is not None:
            mine.instansi = instansi
            row.assessment, row.result = mine, found[mine.pk]
            if mine.pk in flags:
                row.contradictions = sum(flags[mine.pk].values())
                if shown_aspect is None:
                    row.contradictions_by_aspect = [
                        (c.name, flags[mine.pk][c.pk]) for c in columns if c.pk in flags[mine.pk]
                    ]
            if mine.instrument_id == chosen.pk:
                row.cells = _cells(
                    own[mine.pk],
                    columns,
                    row.result.kind,
                    shown_aspect is not None,
                    chosen,
                    names,
                )
            else:
                row.other_instrument = mine.instrument
        before = previous.get(instansi.pk)
        if before is not None:
            row.previous, row.previous_year = found[before.pk], before.year
        rows.append(row)
    by_pk = {a.pk: a for a in agencies}
    ours = [a for a in current.values() if a.instrument_id == chosen.pk]
    weakest = weakest_indicators(
        {a.pk: own[a.pk] for a in ours},
        {a.pk: found[a.pk].kind for a in ours},
        {a.pk: by_pk[a.instansi_id] for a in ours},
    )
    return Heatmap(
        year=year,
        instrument=chosen,
        instruments=sorted(instruments.values(), key=lambda i: (-used[i.pk], i.code)),
        aspect=shown_aspect,
        columns=columns,
        rows=rows,
        weakest=weakest,
        level_names=names,
        levels=chosen.level_range,
    )


def _empty_row(instansi: Instansi) -> HeatRow:
    return HeatRow(instansi, None, None, [])


def weakest_indicators(
    rows: dict[int, list[_Row]],
    kinds: dict[int, str],
    agencies: dict[int, Instansi],
    size: int = AGENDA_SIZE,
) -> list[WeakIndicator]:
    """The indicators that most agencies have among their lowest: for each agency, the
    indicators at its lowest counting level; ranked by how many agencies share them, then
    by the lowest mean level. One query (the indicators named)."""
    lowest_at: dict[int, list[tuple[Instansi, int]]] = defaultdict(list)
    levels: dict[int, list[int]] = defaultdict(list)
    for pk, answers in rows.items():
        counted = [
            (indicator, results.counting_level(kinds[pk], level, verified))
            for _a, indicator, _aspect, level, verified in answers
        ]
        present = [(i, v) for i, v in counted if v is not None]
        if not present:
            continue
        floor = min(v for _i, v in present)
        for indicator, value in present:
            levels[indicator].append(value)
            if value == floor:
                lowest_at[indicator].append((agencies[pk], value))
    ranked = sorted(
        lowest_at,
        key=lambda i: (-len(lowest_at[i]), mean_level(levels[i]) or Decimal(0), i),
    )[:size]
    if not ranked:
        return []
    indicators = Indicator.objects.select_related("aspect").in_bulk(ranked)
    return [
        WeakIndicator(
            indicator=indicators[pk],
            agencies=sorted(lowest_at[pk], key=lambda item: item[0].nama),
            mean=mean_level(levels[pk]),
            answered=len(levels[pk]),
        )
        for pk in ranked
    ]


@dataclass
class IndicatorRow:
    instansi: Instansi
    assessment: Assessment | None
    level: int | None = None
    verified_level: int | None = None
    counting: int | None = None
    missing_evidence: list[str] = field(default_factory=list)


def indicator_view(user: User, indicator: Indicator, year: int, province: int | None = None):
    """One indicator across the coached agencies: each one's level (self, verified, the one
    that counts) and the evidence still missing. Five queries."""
    agencies = list(coached_agencies(user, province).order_by("nama"))
    assessments = {
        a.instansi_id: a
        for a in Assessment.objects.filter(
            instansi__in=[a.pk for a in agencies],
            year=year,
            instrument_id=indicator.aspect.instrument_id,
        )
    }
    verified_counts = dict(
        Answer.objects.filter(assessment__in=[a.pk for a in assessments.values()])
        .values_list("assessment_id")
        .annotate(n=Count("pk", filter=Q(verified_level__isnull=False)))
    )
    answers = {
        a.assessment_id: a
        for a in Answer.objects.filter(
            assessment__in=[a.pk for a in assessments.values()], indicator=indicator
        )
        .select_related("indicator")
        .prefetch_related("evidence")
    }
    rows = []
    for instansi in agencies:
        assessment = assessments.get(instansi.pk)
        row = IndicatorRow(instansi, assessment)
        answer = answers.get(assessment.pk) if assessment else None
        if assessment is not None and answer is not None:
            kind = results.result_kind(assessment, verified_counts.get(assessment.pk, 0))
            row.level, row.verified_level = answer.level, answer.verified_level
            row.counting = results.counting_level(kind, answer.level, answer.verified_level)
            row.missing_evidence = workflow.missing_evidence(answer)
        rows.append(row)
    return sorted(rows, key=lambda r: (r.counting is None, r.counting or 0, r.instansi.nama))


# --- where each agency is in the workflow ---


@dataclass
class Stage:
    instansi: Instansi
    assessment: Assessment | None
    since: dt.datetime | None = None
    returns: int = 0
    unanswered: int = 0
    missing_evidence: int = 0

    def days_waiting(self, today: dt.date) -> int | None:
        """Days in the current phase (since the last workflow step)."""
        if self.since is None:
            return None
        return (today - timezone.localdate(self.since)).days

    @property
    def waiting_on(self) -> str:
        """Whose move it is."""
        if self.assessment is None or self.assessment.agency_may_edit:
            return _("instansi")
        if self.assessment.under_review:
            return _("reviewer")
        return ""


def stages(user: User, year: int, province: int | None = None) -> list[Stage]:
    """Per coached agency: its assessment's phase, since when, how many times it came back
    for correction, and what is still missing. Five queries."""
    agencies = list(coached_agencies(user, province).order_by("nama"))
    assessments = {
        a.instansi_id: a
        for a in Assessment.objects.filter(instansi__in=[a.pk for a in agencies], year=year)
    }
    pks = [a.pk for a in assessments.values()]
    steps = {
        row["assessment_id"]: row
        for row in Transition.objects.filter(assessment__in=pks)
        .values("assessment_id")
        .annotate(
            returns=Count("pk", filter=Q(action=Transition.Action.RETURNED)), last=Max("created")
        )
    }
    unanswered: Counter[int] = Counter()
    missing: Counter[int] = Counter()
    for answer in (
        Answer.objects.filter(assessment__in=pks)
        .select_related("indicator")
        .prefetch_related("evidence")
    ):
        if answer.level is None:
            unanswered[answer.assessment_id] += 1
            continue
        # The submission's own rule: each expected document needs a current file.
        missing[answer.assessment_id] += len(workflow.missing_evidence(answer))
    found = []
    for instansi in agencies:
        assessment = assessments.get(instansi.pk)
        stage = Stage(instansi, assessment)
        if assessment is not None:
            assessment.instansi = instansi
            step = steps.get(assessment.pk)
            stage.since = (step["last"] if step else None) or assessment.created
            stage.returns = step["returns"] if step else 0
            stage.unanswered = unanswered[assessment.pk]
            stage.missing_evidence = missing[assessment.pk]
        found.append(stage)
    return found


# --- follow-ups (pembinaan) ---


def followups(user: User, *, year: int | None = None) -> QuerySet[FollowUp]:
    """The follow-ups the user may see, soonest due first."""
    found = scoping.scope(FollowUp.objects.select_related("instansi", "indicator"), user)
    if year is not None:
        found = found.filter(year=year)
    return found.order_by("due", "pk")


def overdue(queryset: QuerySet[FollowUp], today: dt.date) -> QuerySet[FollowUp]:
    """FollowUp.is_overdue as a query: open and past due."""
    return queryset.exclude(status__in=FollowUp.CLOSED).filter(due__lt=today)


def may_coach(user: User, instansi: Instansi) -> bool:
    """Reviewers (and superadmins) coach the agencies they may see."""
    return (user.is_reviewer or user.is_superadmin) and scoping.can_see(user, instansi)


@transaction.atomic
def followup_save(*, followup: FollowUp, actor: User) -> FollowUp:
    """Record a new follow-up or a change to one (the province's side), audited."""
    if not may_coach(actor, followup.instansi):
        raise workflow.WorkflowError(_("Anda tidak membina instansi ini."))
    created = followup.pk is None
    if created:
        followup.created_by = actor
    followup.save()
    AuditEvent.record(
        action="assessment.followup_create" if created else "assessment.followup_update",
        summary=(
            f"Tindak lanjut pembinaan {'dicatat' if created else 'diubah'} untuk "
            f"{followup.instansi}: {followup.action[:200]} ({followup.get_status_display()})"
        ),
        actor=actor,
        instansi=followup.instansi,
        followup=followup.pk,
        due=followup.due.isoformat(),
        status=followup.status,
    )
    return followup


# What the agency may set when it answers: it works on it or reports it done; cancelling
# is the province's call.
AGENCY_STATUSES = (FollowUp.Status.IN_PROGRESS, FollowUp.Status.DONE)


@transaction.atomic
def followup_respond(*, followup: FollowUp, actor: User, response: str, status: str) -> FollowUp:
    """The agency's answer to a follow-up, audited."""
    if not scoping.can_edit(actor, followup.instansi):
        raise workflow.WorkflowError(_("Anda tidak dapat menanggapi tindak lanjut ini."))
    if status not in AGENCY_STATUSES:
        raise workflow.WorkflowError(_("Status ini tidak dapat dipilih oleh instansi."))
    followup.response = response.strip()
    followup.status = status
    followup.responded_by = actor
    followup.responded = timezone.now()
    followup.save()
    AuditEvent.record(
        action="assessment.followup_respond",
        summary=f"Tanggapan atas tindak lanjut pembinaan: {followup.response[:200]}",
        actor=actor,
        instansi=followup.instansi,
        followup=followup.pk,
        status=status,
    )
    return followup


# --- the joint commitment ---


@dataclass
class CommitmentRow:
    instansi: Instansi
    commitment: Commitment | None


def commitments(user: User, year: int, province: int | None = None) -> list[CommitmentRow]:
    """Every coached agency with its signed commitment for the year, or None. Two queries."""
    agencies = list(coached_agencies(user, province).order_by("nama"))
    signed = {
        c.instansi_id: c
        for c in Commitment.objects.filter(instansi__in=[a.pk for a in agencies], year=year)
    }
    return [CommitmentRow(a, signed.get(a.pk)) for a in agencies]


@transaction.atomic
def commitment_save(
    *,
    instansi: Instansi,
    year: int,
    signed_on: dt.date,
    upload: UploadedFile[bytes],
    actor: User,
) -> Commitment:
    """Store (or replace) an agency's signed commitment for the year: the file is checked
    like evidence (content and size), stored under a random private path. Audited."""
    if not may_coach(actor, instansi):
        raise workflow.WorkflowError(_("Anda tidak membina instansi ini."))
    content_type = check_upload(upload)
    commitment = Commitment.objects.filter(instansi=instansi, year=year).first()
    replaced = commitment is not None
    commitment = commitment or Commitment(instansi=instansi, year=year)
    commitment.signed_on = signed_on
    commitment.file = upload
    commitment.original_name = (upload.name or "")[:255]
    commitment.content_type = content_type
    commitment.size = upload.size or 0
    commitment.uploaded_by = actor
    commitment.save()
    AuditEvent.record(
        action="assessment.commitment",
        summary=(
            f"Komitmen bersama {year} {instansi} {'diganti' if replaced else 'diunggah'} "
            f"(ditandatangani {signed_on:%d-%m-%Y})"
        ),
        actor=actor,
        instansi=instansi,
        commitment=commitment.pk,
    )
    return commitment


# --- the peer comparison ---


@dataclass
class PeerAspect:
    aspect: Aspect
    own: Decimal | None
    province: Decimal | None
    kind: Decimal | None


@dataclass
class PeerComparison:
    assessment: Assessment | None
    rows: list[PeerAspect]
    province_size: int
    kind_size: int
    min_size: int = MIN_PEER_GROUP

    @property
    def province_shown(self) -> bool:
        return self.province_size >= self.min_size

    @property
    def kind_shown(self) -> bool:
        return self.kind_size >= self.min_size


def _aspect_levels(rows: list[results.LevelRow], kind: str) -> dict[object, Decimal | None]:
    grouped: dict[object, list[int | None]] = defaultdict(list)
    for aspect, _w, _s, _sw, level, verified in rows:
        grouped[aspect].append(results.counting_level(kind, level, verified))
    return {aspect: mean_level(levels) for aspect, levels in grouped.items()}


def _median(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    return Decimal(statistics.median(present)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def peer_comparison(instansi: Instansi, year: int) -> PeerComparison:
    """The agency's aspect levels (those that count in its result) against the median of
    the other agencies of its province and of the other agencies of its kind (kabupaten or
    kota, nationwide), on the same instrument and year. No other agency is named, and a
    group of fewer than MIN_PEER_GROUP others is not shown at all. Four queries."""
    own = (
        Assessment.objects.filter(instansi=instansi, year=year).select_related("instrument").first()
    )
    if own is None:
        return PeerComparison(None, [], 0, 0)
    peers_filter = Q(jenis=instansi.jenis)
    if instansi.provinsi_id:
        peers_filter |= Q(provinsi_id=instansi.provinsi_id)
    peers = list(
        Assessment.objects.filter(year=year, instrument_id=own.instrument_id)
        .filter(instansi__in=Instansi.objects.filter(peers_filter).exclude(pk=instansi.pk))
        .select_related("instansi")
    )
    level_rows, _own_rows = _answer_rows([own, *peers])
    levels = {}
    for assessment in [own, *peers]:
        rows = level_rows.get(assessment.pk, [])
        kind = results.result_kind(assessment, sum(1 for r in rows if r[5] is not None))
        levels[assessment.pk] = _aspect_levels(rows, kind)
    same_province = [
        p for p in peers if instansi.provinsi_id and p.instansi.provinsi_id == instansi.provinsi_id
    ]
    same_kind = [p for p in peers if p.instansi.jenis == instansi.jenis]
    comparison = PeerComparison(own, [], len(same_province), len(same_kind))
    for aspect in own.instrument.aspects.order_by("order"):
        comparison.rows.append(
            PeerAspect(
                aspect=aspect,
                own=levels[own.pk].get(aspect.pk),
                province=_median([levels[p.pk].get(aspect.pk) for p in same_province])
                if comparison.province_shown
                else None,
                kind=_median([levels[p.pk].get(aspect.pk) for p in same_kind])
                if comparison.kind_shown
                else None,
            )
        )
    return comparison
