"""The agency admin's side of the staff survey: open it, follow it, print its poster and
invitations, close it, or enter the national survey's result instead.

Every object comes through agencies.scoping (another agency's survey answers 404)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import scoping
from agencies.models import AuditEvent, User
from agencies.permissions import role_required
from assessment.models import Assessment
from assessment.selectors import get_assessment
from assessment.workflow import WorkflowError
from core.downloads import download
from core.ratelimit import pdf_limited

from . import definition, poster, progress, workflow
from .forms import InvitationForm, NationalResultForm, OpenForm
from .models import NationalSurveyResult, Survey

MANAGERS = (User.Role.ADMIN_INSTANSI,)
# Invitation cards per printed PDF (WeasyPrint draws each QR code: ~7 s for 100).
SHEET = 100


def get_survey(user: User, pk: int) -> Survey:
    queryset = Survey.objects.select_related("assessment__instansi", "assessment__instrument")
    return scoping.get_for_user(queryset, user, "assessment__instansi", edit=True, pk=pk)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    return download(content, filename=filename, content_type="application/pdf")


@role_required(*MANAGERS)
def survey_index(request):
    """The agency's assessments with their surveys; says plainly when this year's
    assessment does not exist yet and who creates it."""
    user: User = request.user
    year = timezone.localdate().year
    assessments = list(
        scoping.scope(
            Assessment.objects.select_related("instansi", "instrument", "staff_survey"),
            user,
            edit=True,
        )
        .prefetch_related(
            Prefetch(
                "national_survey_results",
                queryset=NationalSurveyResult.objects.order_by("-created", "-pk"),
            )
        )
        .order_by("-year", "instansi__nama")[:50]
    )
    missing_this_year = user.instansi_id is not None and not any(
        a.year == year and a.instansi_id == user.instansi_id for a in assessments
    )
    rows = [
        {
            "assessment": a,
            "survey": getattr(a, "staff_survey", None),
            "national": a.national_survey_results.all()[:1],
            "has_survey_definition": definition.of_instrument(a.instrument) is not None,
        }
        for a in assessments
    ]
    context = {"rows": rows, "year": year, "missing_this_year": missing_this_year}
    return render(request, "survey/index.html", context)


@role_required(*MANAGERS)
def survey_open(request, pk: int):
    assessment = get_assessment(request.user, pk, edit=True)
    existing = Survey.objects.filter(assessment=assessment).first()
    if existing is not None:
        return redirect("survey:detail", existing.pk)
    spec = definition.of_instrument(assessment.instrument)
    # Every field is optional: an empty POST is still a submitted form.
    form = OpenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = workflow.survey_open(
                assessment=assessment,
                actor=request.user,
                invitation_only=form.cleaned_data["invitation_only"],
            )
        except workflow.SurveyError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Survei pegawai dibuka."))
            return redirect("survey:detail", survey.pk)
    context = {"assessment": assessment, "spec": spec, "form": form}
    return render(request, "survey/open.html", context)


@role_required(*MANAGERS)
def survey_detail(request, pk: int):
    survey = get_survey(request.user, pk)
    context = {
        "survey": survey,
        "assessment": survey.assessment,
        "progress": progress.progress(survey),
        "answer_url": poster.answer_url(request, survey),
        "invitations_total": survey.invitations.count(),
    }
    return render(request, "survey/detail.html", context)


@role_required(*MANAGERS)
def survey_progress(request, pk: int):
    """The live count and per-unit rates that htmx polls while the survey runs."""
    survey = get_survey(request.user, pk)
    context = {"survey": survey, "progress": progress.progress(survey)}
    return render(request, "survey/_progress.html", context)


@role_required(*MANAGERS)
@pdf_limited
def survey_poster(request, pk: int):
    survey = get_survey(request.user, pk)
    content = poster.poster_pdf(request, survey)
    AuditEvent.record(
        action="survey.poster",
        summary=f"Poster survei pegawai {survey.assessment} diunduh",
        actor=request.user,
        instansi=survey.assessment.instansi,
        survey=survey.pk,
    )
    instansi = survey.assessment.instansi
    return pdf_response(content, f"poster-survei-{instansi.kode_bkn}-{survey.assessment.year}.pdf")


@role_required(*MANAGERS)
@pdf_limited
def survey_invitations(request, pk: int):
    survey = get_survey(request.user, pk)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = workflow.invitations_create(
                survey=survey, actor=request.user, count=form.cleaned_data["count"]
            )
        except workflow.SurveyError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(n)s undangan dibuat.") % {"n": len(created)})
            return redirect("survey:invitations", survey.pk)
    counts = {
        "total": survey.invitations.count(),
        "used": survey.invitations.filter(used=True).count(),
    }
    unused = counts["total"] - counts["used"]
    parts = [
        {"number": n + 1, "first": n * SHEET + 1, "last": min((n + 1) * SHEET, unused)}
        for n in range(-(-unused // SHEET))
    ]
    context = {"survey": survey, "form": form, "counts": counts, "parts": parts}
    return render(request, "survey/invitations.html", context)


@role_required(*MANAGERS)
def survey_invitations_pdf(request, pk: int):
    """The unused invitations as printable cards with link and QR code, SHEET at a time
    (?bagian=2 for the next ones): 100 render in about 7 s."""
    survey = get_survey(request.user, pk)
    part = request.GET.get("bagian", "1")
    part = int(part) if part.isdigit() and 0 < int(part) < 10_000 else 1
    unused = list(
        survey.invitations.filter(used=False)
        .select_related("survey")
        .order_by("pk")[(part - 1) * SHEET : part * SHEET]
    )
    if not unused:
        messages.error(request, _("Tidak ada undangan yang belum dipakai untuk dicetak."))
        return redirect("survey:invitations", survey.pk)
    content = poster.invitations_pdf(request, survey, unused)
    AuditEvent.record(
        action="survey.invitations_print",
        summary=f"{len(unused)} undangan survei pegawai {survey.assessment} dicetak",
        actor=request.user,
        instansi=survey.assessment.instansi,
        survey=survey.pk,
    )
    instansi = survey.assessment.instansi
    return pdf_response(
        content, f"undangan-survei-{instansi.kode_bkn}-{survey.assessment.year}-{part}.pdf"
    )


@role_required(*MANAGERS)
def survey_close(request, pk: int):
    """A confirmation page; closing fixes the score and records it on the assessment."""
    survey = get_survey(request.user, pk)
    if not survey.is_open:
        return redirect("survey:detail", survey.pk)
    error = ""
    if request.method == "POST":
        try:
            workflow.survey_close(survey=survey, actor=request.user)
        except WorkflowError as exc:
            error = exc.message
        else:
            messages.success(request, _("Survei ditutup; nilainya dicatat pada penilaian."))
            return redirect("survey:detail", survey.pk)
    context = {
        "survey": survey,
        "assessment": survey.assessment,
        "progress": progress.progress(survey),
        "error": error,
    }
    return render(request, "survey/close.html", context)


@role_required(*MANAGERS)
def national_result(request, pk: int):
    assessment = get_assessment(request.user, pk, edit=True)
    form = NationalResultForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workflow.national_result_enter(
                assessment=assessment,
                actor=request.user,
                score=data["score"],
                responses=data["responses"],
                upload=data["file"],
                note=data["note"],
            )
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Hasil survei nasional dicatat pada penilaian."))
            return redirect("survey:index")
    previous = assessment.national_survey_results.all()
    context = {"assessment": assessment, "form": form, "previous": previous}
    return render(request, "survey/national.html", context)


@role_required(*MANAGERS)
def national_evidence(request, public_id):
    queryset = NationalSurveyResult.objects.select_related("assessment__instansi")
    result = scoping.get_for_user(
        queryset, request.user, "assessment__instansi", edit=True, public_id=public_id
    )
    AuditEvent.record(
        action="survey.evidence_download",
        summary=f"Bukti survei nasional {result.assessment} diunduh",
        actor=request.user,
        instansi=result.assessment.instansi,
        national_result=str(result.public_id),
    )
    return FileResponse(
        result.file.open("rb"),
        content_type=result.content_type,
        as_attachment=True,
        filename=result.original_name,
    )
