"""The assessment's life: create, fill in, submit, verify, return, resubmit, finalise, reopen.

Each step is a function `assessment_<action>` that checks who may do it and in which state,
then writes the change, a Transition row (the timeline) and an AuditEvent in one transaction.
Views call these and show WorkflowError's message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial, wraps

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import scoping
from agencies.models import AuditEvent, Instansi, User
from core import formats

from . import facts, notices, scorecard
from .models import Answer, Assessment, Evidence, Instrument, SurveySource, Transition
from .results import recompute_totals

S = Assessment.Status
A = Transition.Action


class WorkflowError(Exception):
    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class ConflictError(WorkflowError):
    """Someone else saved the same answer since this user loaded it."""


# --- who may do what --------------------------------------------------------------------


def may_fill_in(user: User, assessment: Assessment) -> bool:
    return (user.is_superadmin or user.role in User.ROLES_SATU_INSTANSI) and scoping.can_edit(
        user, assessment.instansi
    )


def may_review(user: User, assessment: Assessment) -> bool:
    return (user.is_superadmin or user.is_reviewer) and scoping.can_see(user, assessment.instansi)


def verifier_of(assessment: Assessment) -> int | None:
    """Who finished the verification now standing (the latest 'verified' step)."""
    step = assessment.transitions.filter(action=A.VERIFIED).order_by("-created", "-pk").first()
    return step.actor_id if step else None


def finalise_blocked_for(user: User, assessment: Assessment) -> bool:
    """Four-eyes: where the instrument asks for it, the reviewer who finished verification
    may not also finalise."""
    if not assessment.instrument.finalise_by_other_reviewer:
        return False
    return verifier_of(assessment) == user.pk


def allowed_actions(user: User, assessment: Assessment) -> set[str]:
    """The workflow buttons this user gets on this assessment now."""
    actions: set[str] = set()
    if may_fill_in(user, assessment) and assessment.agency_may_edit:
        actions.add("submit")
    if may_review(user, assessment):
        if assessment.under_review:
            actions.update({"verify_answers", "return"})
        if assessment.status == S.SUBMITTED:
            actions.add("verify")
        if assessment.status == S.VERIFIED and not finalise_blocked_for(user, assessment):
            actions.add("finalise")
    if user.is_superadmin and assessment.status == S.FINAL:
        actions.add("reopen")
    return actions


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise WorkflowError(message)


def _record(
    assessment: Assessment, action: str, actor: User, from_status: str, reason: str = "", **detail
) -> Transition:
    step = Transition.objects.create(
        assessment=assessment,
        action=action,
        from_status=from_status,
        to_status=assessment.status,
        actor=actor,
        reason=reason,
        detail=detail,
    )
    AuditEvent.record(
        action=f"assessment.{action}",
        summary=f"Penilaian {assessment} {step.get_action_display().lower()}",
        actor=actor,
        instansi=assessment.instansi,
        assessment=assessment.pk,
        reason=reason,
    )
    return step


def _refreshes_caller(step: Callable[..., Transition]) -> Callable[..., Transition]:
    """A step locks and changes its own copy of the assessment; afterwards the caller's
    instance shows the new state too."""

    @wraps(step)
    def wrapper(*, assessment: Assessment, **kwargs) -> Transition:
        try:
            return step(assessment=assessment, **kwargs)
        finally:
            assessment.refresh_from_db()

    return wrapper


def _move(assessment: Assessment, to: str, action: str, actor: User, reason: str = "", **detail):
    from_status = assessment.status
    assessment.status = to
    assessment.save(update_fields=["status", "updated"])
    step = _record(assessment, action, actor, from_status, reason, **detail)
    # The people concerned hear of it once the step is committed; a failing mail server or
    # notification never fails the step (notices.after_step swallows and logs).
    transaction.on_commit(partial(notices.after_step, assessment.pk, action, actor.pk), robust=True)
    return step


# --- creating and filling in ------------------------------------------------------------


@transaction.atomic
def assessment_create(
    *, instansi: Instansi, year: int, instrument: Instrument, actor: User
) -> Assessment:
    _require(
        (actor.is_superadmin or actor.role in User.ROLES_SATU_INSTANSI)
        and scoping.can_edit(actor, instansi),
        _("Hanya admin atau operator instansi yang dapat membuat penilaian."),
    )
    if Assessment.objects.filter(instansi=instansi, year=year).exists():
        raise WorkflowError(
            _("Penilaian %(instansi)s tahun %(year)s sudah ada.")
            % {"instansi": instansi, "year": year}
        )
    factor = (instrument.scoring_params or {}).get("correction_factor", {}).get("default", 1)
    assessment = Assessment.objects.create(
        instansi=instansi,
        year=year,
        instrument=instrument,
        created_by=actor,
        correction_factor=Decimal(str(factor)),
        # Usually the same head signs every year: start from last year's block.
        **signatory_of_last_year(instansi, year),
    )
    indicators = instrument.aspects.values_list("indicators", flat=True)
    Answer.objects.bulk_create(
        Answer(assessment=assessment, indicator_id=pk) for pk in indicators if pk is not None
    )
    recompute_totals(assessment)
    _record(assessment, A.CREATED, actor, "")
    return assessment


SIGNATORY_FIELDS = ("signing_place", "head_name", "head_title", "head_nip")


def signatory_of_last_year(instansi: Instansi, year: int) -> dict[str, str]:
    """The signature block of the agency's latest earlier assessment that has one."""
    earlier = (
        Assessment.objects.filter(instansi=instansi, year__lt=year)
        .exclude(head_name="")
        .order_by("-year")
        .values(*SIGNATORY_FIELDS)
        .first()
    )
    return dict(earlier) if earlier else {}


def _require_level(instrument: Instrument, level: int | None) -> None:
    """A level, if given, lies on the instrument's scale."""
    scale = instrument.scale()
    if level is not None and level not in scale.values:
        raise WorkflowError(
            _("Isian tidak sah: pilih level %(min)s sampai %(max)s.")
            % {"min": scale.lowest, "max": scale.highest}
        )


def lock_for_answer(answer: Answer) -> Assessment:
    """Inside a transaction: lock the answer's assessment row, as every workflow step does, and
    re-read what decides whether the answer may change (the status, the answer's return flag).

    Without it a save that read the status a moment before a submission or finalisation
    committed would land after it (the database then disagrees with the frozen scorecard);
    with it the save waits for the step and then sees the new status."""
    assessment = (
        Assessment.objects.select_related("instansi", "instrument")
        .select_for_update(of=("self",))
        .get(pk=answer.assessment_id)
    )
    answer.assessment = assessment
    answer.return_requested = (
        Answer.objects.filter(pk=answer.pk).values_list("return_requested", flat=True).get()
    )
    return assessment


_ANSWER_MUTABLE_FIELDS = [
    f.attname for f in Answer._meta.concrete_fields if f.name not in {"indicator", "assessment"}
]


def answer_save(
    *,
    answer: Answer,
    actor: User,
    expected_version: int,
    level: int | None,
    justification: str,
) -> Answer:
    """Save the agency's answer if nobody else saved it since `expected_version`.

    The check and the write are one UPDATE ... WHERE version = expected, so two people saving
    at the same moment cannot both win, on any database."""
    _require_level(answer.assessment.instrument, level)
    with transaction.atomic():
        assessment = lock_for_answer(answer)
        _require(may_fill_in(actor, assessment), _("Anda tidak dapat mengubah penilaian ini."))
        _require(
            answer.agency_may_edit(assessment),
            _("Jawaban ini terkunci: penilaian sedang diverifikasi atau sudah final."),
        )
        updated = Answer.objects.filter(pk=answer.pk, version=expected_version).update(
            level=level,
            justification=justification,
            # Answered again: a suggestion carried from last year has been checked.
            needs_recheck=False,
            version=F("version") + 1,
            updated_by=actor,
            updated=timezone.now(),
        )
        if not updated:
            raise ConflictError(
                _(
                    "Jawaban ini sudah diubah orang lain sejak Anda membukanya. Perubahan Anda "
                    "belum disimpan: gabungkan dengan versi terbaru di bawah, lalu simpan."
                )
            )
        # Everything the UPDATE (or anyone before the lock) may have changed; the indicator
        # and the assessment never change, so the caller's cached ones (with the aspect) stay.
        answer.refresh_from_db(fields=_ANSWER_MUTABLE_FIELDS)
        # simple-history records on save(); the UPDATE above bypasses it, so record here
        # (the record straight from the reloaded answer: no second UPDATE to trigger it).
        Answer.history.bulk_history_create([answer], update=True, default_user=actor)
        recompute_totals(assessment)
    return answer


def answer_explain_facts(*, answer: Answer, actor: User, explanation: str) -> Answer:
    """The agency's answer to a claim Merit's data does not support (#14): kept on the
    answer (its history shows earlier versions) and in the audit trail."""
    with transaction.atomic():
        assessment = lock_for_answer(answer)
        _require(may_fill_in(actor, assessment), _("Anda tidak dapat mengubah penilaian ini."))
        _require(
            answer.agency_may_edit(assessment),
            _("Jawaban ini terkunci: penilaian sedang diverifikasi atau sudah final."),
        )
        answer.fact_explanation = explanation.strip()
        answer.save(update_fields=["fact_explanation"])
    AuditEvent.record(
        action="assessment.fact_explanation",
        summary=f"Penjelasan atas fakta {assessment} indikator {answer.indicator.code}",
        actor=actor,
        instansi=assessment.instansi,
        assessment=assessment.pk,
        answer=answer.pk,
        explanation=answer.fact_explanation,
    )
    return answer


@dataclass(frozen=True)
class Incomplete:
    """One thing that stops a submission, with the indicator it concerns (for a link)."""

    text: str
    answer_pk: int
    aspect_order: int

    def __str__(self) -> str:
        return self.text


def incomplete_answers(assessment: Assessment) -> list[Incomplete]:
    """What stops a submission: unanswered indicators, missing justification or evidence."""
    answers = (
        Answer.objects.filter(assessment=assessment)
        .select_related("indicator__aspect")
        .prefetch_related("evidence")
        .order_by("indicator__aspect__order", "indicator__order")
    )
    problems = []
    for answer in answers:
        code = answer.indicator.code

        def add(text: str, answer: Answer = answer) -> None:
            problems.append(Incomplete(text, answer.pk, answer.indicator.aspect.order))

        if answer.level is None:
            if answer.needs_recheck:
                add(
                    _("Indikator %(code)s: jawaban tahun lalu (level %(level)s) perlu dicek ulang.")
                    % {"code": code, "level": answer.carried_level}
                )
            else:
                add(_("Indikator %(code)s belum dijawab.") % {"code": code})
            continue
        if not answer.justification.strip():
            add(_("Indikator %(code)s belum diberi penjelasan.") % {"code": code})
        missing = missing_evidence(answer)
        if missing:
            add(
                _("Indikator %(code)s belum ada bukti: %(docs)s.")
                % {"code": code, "docs": "; ".join(missing)}
            )
    return problems


def incomplete_items(assessment: Assessment) -> list[str]:
    return [str(problem) for problem in incomplete_answers(assessment)]


def evidence_checklist(answer: Answer) -> list[tuple[int, str, list[Evidence]]]:
    """Each expected document with the current files uploaded for it."""
    current = [e for e in answer.evidence.all() if e.is_current]
    return [
        (index, label, [e for e in current if e.requirement == index])
        for index, label in enumerate(answer.indicator.evidence_expected)
    ]


def missing_evidence(answer: Answer) -> list[str]:
    return [label for _index, label, files in evidence_checklist(answer) if not files]


@_refreshes_caller
@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor: User) -> Transition:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require(may_fill_in(actor, assessment), _("Anda tidak dapat mengajukan penilaian ini."))
    _require(
        assessment.agency_may_edit,
        _("Penilaian ini sudah diajukan dan tidak dapat diajukan lagi sekarang."),
    )
    problems = incomplete_items(assessment)
    if problems:
        raise WorkflowError(_("Penilaian belum lengkap dan belum dapat diajukan."), problems)
    resubmission = assessment.status == S.RETURNED
    if resubmission:
        # The snapshot and reason stay so the reviewer can see what changed since the return.
        for answer in assessment.answers.filter(return_requested=True):
            answer.return_requested = False
            answer.save(update_fields=["return_requested"])
    step = _move(assessment, S.SUBMITTED, A.RESUBMITTED if resubmission else A.SUBMITTED, actor)
    # The facts the reviewer sees are those of the moment of submission (#14).
    facts.snapshot(assessment, facts.SUBMITTED)
    assessment.save(update_fields=["fact_snapshots"])
    recompute_totals(assessment)
    return step


# --- verification -----------------------------------------------------------------------


def answer_verify(
    *,
    answer: Answer,
    actor: User,
    verified_level: int | None,
    note: str,
    return_requested: bool | None = None,
    return_reason: str | None = None,
) -> Answer:
    """The reviewer's level and note for one indicator; with return_requested given, also
    whether it goes back to the agency and why. The two are saved apart on the page (the
    level autosaves, the return has its own button), so a return left as None is kept."""
    _require_level(answer.assessment.instrument, verified_level)
    with transaction.atomic():
        assessment = lock_for_answer(answer)
        _require(may_review(actor, assessment), _("Anda tidak dapat memverifikasi penilaian ini."))
        _require(assessment.under_review, _("Penilaian ini tidak sedang diverifikasi."))
        answer.verified_level = verified_level
        answer.reviewer_note = note
        answer.verified_by = actor
        answer.verified_at = timezone.now()
        answer.save()
        if return_requested is not None:
            answer_mark_return(
                answer=answer,
                actor=actor,
                return_requested=return_requested,
                return_reason=return_reason or "",
            )
        recompute_totals(assessment)
    return answer


def answer_mark_return(
    *, answer: Answer, actor: User, return_requested: bool, return_reason: str
) -> Answer:
    """Mark (or unmark) one indicator to go back to the agency, with a reason of one or more
    lines. Checked here, when the reviewer saves the return, not when the box is ticked."""
    reason = "\n".join(line.rstrip() for line in return_reason.strip().splitlines())
    if return_requested and not reason:
        raise WorkflowError(_("Tuliskan alasan pengembalian indikator ini."))
    with transaction.atomic():
        # Locked and re-checked like every other save (#15): a return saved a moment after
        # finalisation must not land.
        assessment = lock_for_answer(answer)
        _require(may_review(actor, assessment), _("Anda tidak dapat memverifikasi penilaian ini."))
        _require(assessment.under_review, _("Penilaian ini tidak sedang diverifikasi."))
        if return_requested:
            answer.return_requested = True
            answer.return_reason = reason
        elif answer.return_requested:
            # Unticked before the return was sent: no reason to keep.
            answer.return_requested = False
            answer.return_reason = ""
        answer.save(update_fields=["return_requested", "return_reason"])
    return answer


def unverified_count(assessment: Assessment) -> int:
    """How many answered indicators have no verified level yet: what "accept the self
    levels" would change."""
    return assessment.answers.filter(verified_level__isnull=True, level__isnull=False).count()


@transaction.atomic
def accept_self_levels(*, assessment: Assessment, actor: User) -> int:
    """Reviewer shortcut: set the verified level to the self level where none is set yet."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require(may_review(actor, assessment), _("Anda tidak dapat memverifikasi penilaian ini."))
    _require(assessment.under_review, _("Penilaian ini tidak sedang diverifikasi."))
    count = 0
    for answer in assessment.answers.filter(verified_level__isnull=True, level__isnull=False):
        answer.verified_level = answer.level
        answer.verified_by = actor
        answer.verified_at = timezone.now()
        answer.save()
        count += 1
    recompute_totals(assessment)
    return count


def _snapshot(answer: Answer) -> dict:
    return {
        "level": answer.level,
        "justification": answer.justification,
        "evidence": sorted(str(e.public_id) for e in answer.evidence.all() if e.is_current),
    }


@_refreshes_caller
@transaction.atomic
def assessment_return(*, assessment: Assessment, actor: User) -> Transition:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require(may_review(actor, assessment), _("Anda tidak dapat mengembalikan penilaian ini."))
    _require(assessment.under_review, _("Penilaian ini tidak sedang diverifikasi."))
    returned = list(
        assessment.answers.filter(return_requested=True)
        .select_related("indicator")
        .prefetch_related("evidence")
    )
    _require(
        bool(returned),
        _("Tandai minimal satu indikator untuk dikembalikan, dengan alasannya."),
    )
    for answer in returned:
        answer.return_snapshot = _snapshot(answer)
        answer.save(update_fields=["return_snapshot"])
    codes = [a.indicator.code for a in returned]
    return _move(
        assessment,
        S.RETURNED,
        A.RETURNED,
        actor,
        "; ".join(f"{a.indicator.code}: {a.return_reason}" for a in returned),
        indicators=codes,
    )


def changes_since_return(answer: Answer) -> list[str]:
    """What the agency changed on a returned indicator, for the reviewer."""
    before = answer.return_snapshot
    if not before:
        return []
    after = _snapshot(answer)
    changes = []
    if before["level"] != after["level"]:
        changes.append(
            _("Level %(a)s menjadi %(b)s")
            % {"a": before["level"] or "-", "b": after["level"] or "-"}
        )
    if before["justification"] != after["justification"]:
        changes.append(_("Penjelasan diubah"))
    added = set(after["evidence"]) - set(before["evidence"])
    removed = set(before["evidence"]) - set(after["evidence"])
    # A replacement is one change, not a new file plus a removed one: follow each removed
    # file's newer versions to the one now current.
    successor = {
        str(old): str(new)
        for old, new in Evidence.objects.filter(
            answer=answer, replaced_by__isnull=False
        ).values_list("public_id", "replaced_by__public_id")
    }
    replaced = 0
    for public_id in sorted(removed):
        current = successor.get(public_id)
        seen: set[str] = set()
        while current is not None and current not in added and current not in seen:
            seen.add(current)
            current = successor.get(current)
        if current is not None and current in added:
            added.discard(current)
            replaced += 1
    gone = len(removed) - replaced
    if added:
        changes.append(_("%(n)s bukti baru") % {"n": len(added)})
    if replaced:
        changes.append(_("%(n)s bukti diganti") % {"n": replaced})
    if gone:
        changes.append(_("%(n)s bukti dihapus") % {"n": gone})
    return changes


@_refreshes_caller
@transaction.atomic
def assessment_verify(*, assessment: Assessment, actor: User) -> Transition:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require(may_review(actor, assessment), _("Anda tidak dapat memverifikasi penilaian ini."))
    _require(
        assessment.status == S.SUBMITTED, _("Hanya penilaian yang diajukan dapat diverifikasi.")
    )
    unverified = list(
        assessment.answers.filter(verified_level__isnull=True).values_list(
            "indicator__code", flat=True
        )
    )
    if unverified:
        raise WorkflowError(
            _("Masih ada indikator yang belum diverifikasi."),
            [
                _("Indikator %(code)s belum diberi level verifikasi.") % {"code": c}
                for c in unverified
            ],
        )
    returned = assessment.answers.filter(return_requested=True).exists()
    _require(not returned, _("Ada indikator yang ditandai untuk dikembalikan: kembalikan dulu."))
    return _move(assessment, S.VERIFIED, A.VERIFIED, actor)


@_refreshes_caller
@transaction.atomic
def assessment_finalise(*, assessment: Assessment, actor: User) -> Transition:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require(may_review(actor, assessment), _("Anda tidak dapat memfinalkan penilaian ini."))
    _require(assessment.status == S.VERIFIED, _("Selesaikan verifikasi sebelum memfinalkan."))
    _require(
        not finalise_blocked_for(actor, assessment),
        _(
            "Instrumen ini mewajibkan empat mata: penilaian harus difinalkan oleh reviewer lain, "
            "bukan yang menyelesaikan verifikasi."
        ),
    )
    recompute_totals(assessment)
    step = _move(assessment, S.FINAL, A.FINALISED, actor, total=str(assessment.verified_total))
    # Frozen before the scorecard is rendered, so the scorecard shows the frozen facts (#14).
    facts.snapshot(assessment, facts.FINAL)
    assessment.save(update_fields=["fact_snapshots"])
    # The final scorecard is rendered once, here, and served unchanged afterwards.
    try:
        frozen = scorecard.freeze(assessment)
    except OSError as exc:
        # The whole step rolls back: the assessment stays verified, nothing half-final.
        raise WorkflowError(
            _("Kartu nilai final tidak dapat disimpan (penyimpanan berkas gagal). Coba lagi.")
        ) from exc
    step.detail = {**step.detail, "verification_code": frozen.code}
    step.save(update_fields=["detail"])
    return step


@_refreshes_caller
@transaction.atomic
def assessment_reopen(*, assessment: Assessment, actor: User, reason: str) -> Transition:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require(actor.is_superadmin, _("Hanya superadmin yang dapat membuka kembali penilaian."))
    _require(assessment.status == S.FINAL, _("Hanya penilaian final yang dapat dibuka kembali."))
    _require(bool(reason.strip()), _("Tuliskan alasan membuka kembali penilaian ini."))
    # The frozen final scorecard no longer stands: void it (its code then answers
    # "dibatalkan"); finalising again freezes a new one with a new code.
    scorecard.void(assessment, reason.strip())
    return _move(assessment, S.SUBMITTED, A.REOPENED, actor, reason.strip())


# --- the staff survey and the correction factor (Permen PANRB 19/2025) -------------------


@transaction.atomic
def record_survey_result(
    assessment: Assessment,
    *,
    score: Decimal,
    responses: int,
    source: str,
    user: User,
    note: str = "",
) -> None:
    """Store the staff survey's result (0..1) on the assessment: from a survey run in Merit
    (source "merit") or the national survey's result entered by the agency ("nasional")."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require(locked.status != S.FINAL, _("Penilaian final tidak dapat diubah."))
    _require(
        source in SurveySource.values,
        _("Sumber survei tidak dikenal: %(source)s.") % {"source": source},
    )
    score = Decimal(str(score))
    _require(
        score.is_finite() and Decimal(0) <= score <= Decimal(1),
        _("Nilai survei harus antara 0 dan 1."),
    )
    _require(responses >= 0, _("Jumlah responden tidak boleh negatif."))
    locked.survey_score = score.quantize(Decimal("0.0001"))
    locked.survey_responses = responses
    locked.survey_source = source
    locked.survey_note = note.strip()
    locked.save(
        update_fields=[
            "survey_score",
            "survey_responses",
            "survey_source",
            "survey_note",
            "updated",
        ]
    )
    AuditEvent.record(
        action="assessment.survey_recorded",
        summary=f"Hasil survei pegawai {locked} dicatat ({responses} responden)",
        actor=user,
        instansi=locked.instansi,
        assessment=locked.pk,
        score=str(locked.survey_score),
        responses=responses,
        source=source,
    )
    recompute_totals(locked)
    for name in (
        "survey_score",
        "survey_responses",
        "survey_source",
        "survey_note",
        "self_total",
        "verified_total",
    ):
        setattr(assessment, name, getattr(locked, name))


def correction_factor_range(instrument: Instrument) -> tuple[Decimal, Decimal]:
    """The factors a reviewer may set, from the instrument's data; an instrument that defines
    no correction factor allows only 1 (no correction)."""
    spec = (instrument.scoring_params or {}).get("correction_factor") or {}
    return Decimal(str(spec.get("min", 1))), Decimal(str(spec.get("max", 1)))


@transaction.atomic
def record_survey_running(assessment: Assessment) -> None:
    """Mark that the staff survey runs in Merit, so the provisional index says so instead of
    "no survey". A result already recorded (e.g. the national one) stays until closing
    replaces it."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require(locked.status != S.FINAL, _("Penilaian final tidak dapat diubah."))
    if locked.survey_score is not None:
        return
    locked.survey_source = SurveySource.MERIT
    locked.save(update_fields=["survey_source", "updated"])
    assessment.survey_source = locked.survey_source


def set_correction_factor(
    assessment: Assessment, *, factor: Decimal, reason: str, user: User
) -> None:
    """The reviewer's correction factor for violations found (default 1), with its reason."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require(may_review(user, locked), _("Hanya reviewer yang dapat menetapkan faktor koreksi."))
    _require(locked.status != S.FINAL, _("Penilaian final tidak dapat diubah."))
    _require(bool(reason.strip()), _("Tuliskan alasan faktor koreksi."))
    factor = Decimal(str(factor))
    low, high = correction_factor_range(locked.instrument)
    _require(
        factor.is_finite() and low <= factor <= high,
        _("Faktor koreksi harus antara %(low)s dan %(high)s.")
        % {"low": formats.number(low, None), "high": formats.number(high, None)},
    )
    before = locked.correction_factor
    locked.correction_factor = factor
    locked.correction_reason = reason.strip()
    locked.save(update_fields=["correction_factor", "correction_reason", "updated"])
    AuditEvent.record(
        action="assessment.correction_factor",
        summary=f"Faktor koreksi {locked}: {before} menjadi {factor}",
        actor=user,
        instansi=locked.instansi,
        assessment=locked.pk,
        reason=reason.strip(),
        before=str(before),
        after=str(factor),
    )
    recompute_totals(locked)
    assessment.correction_factor = locked.correction_factor
    assessment.correction_reason = locked.correction_reason
    assessment.self_total = locked.self_total
    assessment.verified_total = locked.verified_total
