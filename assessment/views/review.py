"""The reviewer's side: the queue, verification per indicator, return, verify, finalise; and
the superadmin's reopen."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from agencies import scoping
from agencies.models import User
from agencies.permissions import role_required

from .. import facts, results, workflow
from ..forms import ReasonForm, ReturnForm, VerifyForm
from ..models import Answer, Assessment, Evidence, Level
from ..selectors import PAGE_SIZE, get_assessment, search, summary

S = Assessment.Status


@role_required(User.Role.REVIEWER)
def queue(request):
    """Assessments waiting for this reviewer, oldest first; finished ones below."""
    status = request.GET.get("status", "menunggu")
    assessments = scoping.scope(
        Assessment.objects.select_related("instansi", "instrument"), request.user
    ).annotate(
        verified_count=Count("answers", filter=Q(answers__verified_level__isnull=False)),
        answer_count=Count("answers"),
    )
    if status == "menunggu":
        assessments = assessments.filter(status__in=[S.SUBMITTED, S.VERIFIED])
    elif status in S.values:
        assessments = assessments.filter(status=status)
    query = request.GET.get("q", "").strip()[:100]
    assessments = search(assessments, query)
    page = Paginator(assessments.order_by("updated", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "assessment/queue.html",
        {
            "page": page,
            "rows": results.with_results(page.object_list),
            "status": status,
            "statuses": S.choices,
            "query": query,
        },
    )


@role_required(User.Role.REVIEWER)
def review(request, pk: int):
    assessment = get_assessment(request.user, pk)
    answers = list(
        Answer.objects.filter(assessment=assessment)
        .select_related("indicator__aspect", "updated_by", "verified_by")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.current()
                .select_related("uploaded_by", "document")
                .order_by("requirement", "uploaded", "pk"),
            ),
            Prefetch("indicator__levels", queryset=Level.objects.order_by("score")),
        )
        .order_by("indicator__aspect__order", "indicator__order")
    )
    fact_lines = facts.lines_for(assessment, answers)
    items = [
        {
            "answer": a,
            "changes": workflow.changes_since_return(a),
            "self_level": next(
                (lv for lv in a.indicator.levels.all() if lv.score == a.level), None
            ),
            "facts": fact_lines.get(a.pk),
        }
        for a in answers
    ]
    actions = workflow.allowed_actions(request.user, assessment)
    context = {
        "assessment": assessment,
        "items": items,
        "actions": actions,
        "unverified_count": workflow.unverified_count(assessment),
        # Four-eyes: say why the finalise button is missing for the verifier.
        "four_eyes_blocked": assessment.status == S.VERIFIED
        and workflow.finalise_blocked_for(request.user, assessment),
        "timeline": assessment.transitions.select_related("actor"),
        **summary(assessment),
    }
    return render(request, "assessment/review.html", context)


@require_POST
@role_required(User.Role.REVIEWER)
def verify_answer(request, pk: int, answer_pk: int):
    assessment = get_assessment(request.user, pk)
    try:
        answer = assessment.answers.select_related("indicator").get(pk=answer_pk)
    except Answer.DoesNotExist as exc:
        raise Http404 from exc
    answer.assessment = assessment
    if request.POST.get("part") == "return":
        return _save_return(request, assessment, answer)
    form = VerifyForm(request.POST, instrument=assessment.instrument)
    error = None
    if not form.is_valid():
        error = form.level_error
    else:
        data = form.cleaned_data
        # The page's level form autosaves without the return; a form that sends the return
        # fields with the level (without script) saves both.
        with_return = "return_reason" in request.POST
        try:
            workflow.answer_verify(
                answer=answer,
                actor=request.user,
                verified_level=data["verified_level"],
                note=data["note"],
                return_requested=data["return_requested"] if with_return else None,
                return_reason=data["return_reason"] if with_return else None,
            )
        except workflow.WorkflowError as exc:
            error = exc.message
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("assessment:review", assessment.pk)
    return render(
        request,
        "assessment/_verified.html",
        {"assessment": assessment, "answer": answer, "error": error, **summary(assessment)},
    )


def _save_return(request, assessment: Assessment, answer: Answer):
    form = ReturnForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("Alasan pengembalian terlalu panjang (maksimal 2000 huruf).")
    else:
        try:
            workflow.answer_mark_return(answer=answer, actor=request.user, **form.cleaned_data)
        except workflow.WorkflowError as exc:
            error = exc.message
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("assessment:review", assessment.pk)
    return render(
        request,
        "assessment/_return_state.html",
        {"assessment": assessment, "answer": answer, "error": error},
    )


def _step(request, pk: int, step, success: str, **kwargs):
    assessment = get_assessment(request.user, pk)
    try:
        step(assessment=assessment, actor=request.user, **kwargs)
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
        for problem in exc.problems[:10]:
            messages.warning(request, problem)
    else:
        messages.success(request, success)
    return redirect("assessment:review", assessment.pk)


@require_POST
@role_required(User.Role.REVIEWER)
def accept_self_levels(request, pk: int):
    assessment = get_assessment(request.user, pk)
    try:
        count = workflow.accept_self_levels(assessment=assessment, actor=request.user)
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext(
                "Level mandiri diterima untuk %(n)s indikator yang belum diverifikasi.",
                "Level mandiri diterima untuk %(n)s indikator yang belum diverifikasi.",
                count,
            )
            % {"n": count},
        )
    return redirect("assessment:review", assessment.pk)


@require_POST
@role_required(User.Role.REVIEWER)
def return_assessment(request, pk: int):
    return _step(
        request, pk, workflow.assessment_return, _("Penilaian dikembalikan untuk perbaikan.")
    )


@require_POST
@role_required(User.Role.REVIEWER)
def verify_assessment(request, pk: int):
    return _step(request, pk, workflow.assessment_verify, _("Verifikasi selesai."))


@require_POST
@role_required(User.Role.REVIEWER)
def finalise(request, pk: int):
    return _step(request, pk, workflow.assessment_finalise, _("Penilaian difinalkan."))


@role_required(User.Role.SUPERADMIN)
def reopen(request, pk: int):
    assessment = get_assessment(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.assessment_reopen(
                assessment=assessment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Penilaian dibuka kembali."))
            return redirect("assessment:detail", assessment.pk)
    return render(request, "assessment/reopen.html", {"assessment": assessment, "form": form})
