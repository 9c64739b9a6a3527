"""The survey's steps: open, answer, invite, close, and enter a national result instead.

Each checks who may do it and in which state, then writes in one transaction with an audit
event (answers excepted: an answer is anonymous, so it leaves no trace of who or when).
The survey's result reaches the assessment only through
assessment.workflow.record_survey_result."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import scoping
from agencies.models import AuditEvent, Instansi, UnitKerja, User
from assessment import workflow as assessment_workflow
from assessment.evidence import check_upload
from assessment.models import Assessment

from . import definition, scoring
from .models import Invitation, NationalSurveyResult, Response, Survey

MAX_INVITATIONS_AT_ONCE = 1000


class SurveyError(assessment_workflow.WorkflowError):
    """A step refused, with a message for the person."""


class SurveyClosed(SurveyError):
    pass


class InvitationUsed(SurveyError):
    pass


def may_manage(user: User, instansi: Instansi) -> bool:
    """The agency's admin (or a superadmin) runs its survey."""
    return (user.is_superadmin or user.is_admin_instansi) and scoping.can_edit(user, instansi)


def _require_manager(user: User, instansi: Instansi) -> None:
    if not may_manage(user, instansi):
        raise SurveyError(_("Hanya admin instansi yang dapat mengelola survei pegawai."))


def _require_not_final(assessment: Assessment) -> None:
    if assessment.status == Assessment.Status.FINAL:
        raise SurveyError(_("Penilaian ini sudah final; hasil survei tidak dapat diubah lagi."))


@transaction.atomic
def survey_open(*, assessment: Assessment, actor: User, invitation_only: bool = False) -> Survey:
    _require_manager(actor, assessment.instansi)
    _require_not_final(assessment)
    spec = definition.of_instrument(assessment.instrument)
    if spec is None:
        raise SurveyError(
            _("Instrumen %(name)s tidak memuat survei pegawai.")
            % {"name": assessment.instrument.name}
        )
    if Survey.objects.filter(assessment=assessment).exists():
        raise SurveyError(_("Survei pegawai untuk penilaian ini sudah pernah dibuka."))
    survey = Survey.objects.create(
        assessment=assessment,
        invitation_only=invitation_only,
        items=spec.items,
        scale=spec.scale,
        target_responses=spec.target_responses,
        min_group_size=spec.min_group_size,
        provisional=spec.provisional,
        note=spec.note,
        opened_by=actor,
    )
    assessment_workflow.record_survey_running(assessment)
    AuditEvent.record(
        action="survey.open",
        summary=f"Survei pegawai {assessment} dibuka",
        actor=actor,
        instansi=assessment.instansi,
        assessment=assessment.pk,
        survey=survey.pk,
    )
    return survey


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


def check_values(survey: Survey, values: Mapping[str, int]) -> dict[str, int]:
    """Exactly one value on the scale for every item."""
    allowed = set(survey.scale_values)
    codes = survey.item_codes
    if set(values) != set(codes) or any(int(values[code]) not in allowed for code in codes):
        raise SurveyError(_("Jawab setiap pernyataan dengan salah satu pilihan yang tersedia."))
    return {code: int(values[code]) for code in codes}


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    values: Mapping[str, int],
    unit: UnitKerja | None = None,
    invitation: Invitation | None = None,
) -> Response:
    survey = _locked(survey)
    if not survey.is_open:
        raise SurveyClosed(_("Survei ini sudah ditutup."))
    clean = check_values(survey, values)
    if unit is not None and unit.instansi_id != survey.assessment.instansi_id:
        unit = None
    if unit is not None and unit.induk_id is not None:
        unit = unit.path()[0]  # a bidang answers for its dinas: groups stay large
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.survey_id != survey.pk:
            raise SurveyError(_("Tautan undangan ini bukan untuk survei ini."))
        if invitation.used:
            raise InvitationUsed(_("Tautan undangan ini sudah dipakai."))
        invitation.used = True
        invitation.save(update_fields=["used"])
    elif survey.invitation_only:
        raise SurveyError(_("Survei ini hanya dapat diisi melalui tautan undangan."))
    return Response.objects.create(survey=survey, unit=unit, values=clean)


@transaction.atomic
def invitations_create(*, survey: Survey, actor: User, count: int) -> list[Invitation]:
    survey = _locked(survey)
    _require_manager(actor, survey.assessment.instansi)
    if not survey.is_open:
        raise SurveyClosed(_("Survei ini sudah ditutup."))
    if not 1 <= count <= MAX_INVITATIONS_AT_ONCE:
        raise SurveyError(
            _("Jumlah undangan 1 sampai %(max)s sekali buat.") % {"max": MAX_INVITATIONS_AT_ONCE}
        )
    created = Invitation.objects.bulk_create(Invitation(survey=survey) for _ in range(count))
    AuditEvent.record(
        action="survey.invitations",
        summary=f"{count} undangan survei pegawai {survey.assessment} dibuat",
        actor=actor,
        instansi=survey.assessment.instansi,
        survey=survey.pk,
        count=count,
    )
    return created


def current_score(survey: Survey) -> scoring.Score | None:
    values = survey.scale_values
    answers = Response.objects.filter(survey=survey).values_list("values", flat=True)
    return scoring.survey_score(answers.iterator(), values[0], values[-1])


@transaction.atomic
def survey_close(*, survey: Survey, actor: User) -> Survey:
    """Close the survey, fix its score and record it on the assessment (source "merit")."""
    survey = _locked(survey)
    assessment = survey.assessment
    _require_manager(actor, assessment.instansi)
    if not survey.is_open:
        raise SurveyClosed(_("Survei ini sudah ditutup."))
    _require_not_final(assessment)
    result = current_score(survey)
    if result is None:
        raise SurveyError(_("Belum ada jawaban: survei tanpa jawaban tidak dapat ditutup."))
    survey.status = Survey.Status.CLOSED
    survey.closed = timezone.now()
    survey.closed_by = actor
    survey.score = result.score
    survey.mean = result.mean
    survey.closed_responses = result.responses
    survey.save()
    values = survey.scale_values
    note = _(
        "Survei pegawai Merit: %(n)s jawaban (target %(target)s), rata-rata %(mean)s pada "
        "skala %(low)s-%(high)s."
    ) % {
        "n": result.responses,
        "target": survey.target_responses,
        "mean": result.mean,
        "low": values[0],
        "high": values[-1],
    }
    assessment_workflow.record_survey_result(
        assessment,
        score=result.score,
        responses=result.responses,
        source="merit",
        user=actor,
        note=note,
    )
    AuditEvent.record(
        action="survey.close",
        summary=f"Survei pegawai {assessment} ditutup: {result.responses} jawaban, "
        f"nilai {result.score}",
        actor=actor,
        instansi=assessment.instansi,
        assessment=assessment.pk,
        survey=survey.pk,
        responses=result.responses,
        score=str(result.score),
    )
    return survey


@transaction.atomic
def national_result_enter(
    *,
    assessment: Assessment,
    actor: User,
    score: Decimal,
    responses: int,
    upload: UploadedFile,
    note: str = "",
) -> NationalSurveyResult:
    """The national survey's result, run outside Merit, with its evidence (source
    "nasional"). Refused while Merit's own survey for the assessment is still open."""
    _require_manager(actor, assessment.instansi)
    _require_not_final(assessment)
    if not Decimal(0) <= score <= Decimal(1):
        raise SurveyError(_("Nilai survei harus antara 0 dan 1."))
    if Survey.objects.filter(assessment=assessment, status=Survey.Status.OPEN).exists():
        raise SurveyError(
            _("Survei pegawai di Merit untuk penilaian ini masih dibuka; tutup dulu survei itu.")
        )
    content_type = check_upload(upload)
    result = NationalSurveyResult.objects.create(
        assessment=assessment,
        score=score,
        responses=responses,
        note=note,
        file=upload,
        original_name=(upload.name or "")[:255],
        content_type=content_type,
        size=upload.size or 0,
        entered_by=actor,
    )
    assessment_workflow.record_survey_result(
        assessment,
        score=score,
        responses=responses,
        source="nasional",
        user=actor,
        note=note or _("Hasil survei nasional, bukti: %(name)s") % {"name": result.original_name},
    )
    AuditEvent.record(
        action="survey.import",
        summary=f"Hasil survei nasional {assessment} dimasukkan: {responses} responden, "
        f"nilai {score}",
        actor=actor,
        instansi=assessment.instansi,
        assessment=assessment.pk,
        national_result=str(result.public_id),
    )
    return result
