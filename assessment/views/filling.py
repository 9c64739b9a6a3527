"""The agency's side: list, create, fill in per aspect (autosave), evidence, submit.

The reviewer's side is in review.py, the plan and the comparison in insight.py, the
printed and exported reports in reports.py; what they share is in assessment/selectors.py."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies import scoping
from agencies.models import Instansi, User
from agencies.permissions import role_required

from .. import carry, facts, results, workflow
from ..evidence import expiring, library, max_size, max_size_label
from ..forms import AnswerForm, AssessmentCreateForm
from ..models import Answer, Aspect, Assessment, Evidence, EvidenceFile, Level
from ..selectors import (
    AGENCY_ROLES,
    PAGE_SIZE,
    evidence_listing,
    get_assessment,
    search,
    summary,
)


@login_required
def assessment_list(request):
    assessments = scoping.scope(
        Assessment.objects.select_related("instansi", "instrument"), request.user
    ).order_by("-year", "instansi__nama")
    query = request.GET.get("q", "").strip()[:100]
    assessments = search(assessments, query)
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    may_create = request.user.is_superadmin or request.user.role in AGENCY_ROLES
    context = {
        "page": page,
        "rows": results.with_results(page.object_list),
        "may_create": may_create,
        "query": query,
    }
    return render(request, "assessment/list.html", context)


@role_required(*AGENCY_ROLES)
def assessment_create(request):
    user: User = request.user
    form = AssessmentCreateForm(request.POST or None)
    agencies = scoping.editable_instansi(user)
    if user.is_superadmin:
        # A superadmin has no agency of their own: they pick one.
        form.fields["instansi"] = _instansi_field(agencies)
    if request.method == "POST" and form.is_valid():
        instansi = form.cleaned_data.get("instansi") or user.instansi
        try:
            assessment = workflow.assessment_create(
                instansi=instansi,
                year=form.cleaned_data["year"],
                instrument=form.cleaned_data["instrument"],
                actor=user,
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Penilaian %(a)s dibuat.") % {"a": assessment})
            return redirect("assessment:detail", assessment.pk)
    # Evidence that has lapsed or soon will: listed before the new round opens.
    context = {"form": form, "expiring": list(expiring(agencies).select_related("instansi")[:50])}
    return render(request, "assessment/create.html", context)


def _instansi_field(agencies):
    return forms.ModelChoiceField(label=_("Instansi"), queryset=agencies)


@login_required
def assessment_detail(request, pk: int):
    assessment = get_assessment(request.user, pk)
    returned = list(
        assessment.answers.filter(return_requested=True)
        .select_related("indicator__aspect")
        .order_by("indicator__aspect__order", "indicator__order")
    )
    context = {
        "assessment": assessment,
        "actions": workflow.allowed_actions(request.user, assessment),
        "may_fill_in": workflow.may_fill_in(request.user, assessment),
        "returned": returned,
        "problems": (
            workflow.incomplete_answers(assessment)
            if assessment.agency_may_edit and workflow.may_fill_in(request.user, assessment)
            else []
        ),
        "timeline": assessment.transitions.select_related("actor"),
        "carry_source": carry.carry_offer(assessment, request.user),
        "recheck_count": carry.recheck_count(assessment),
        **summary(assessment),
    }
    return render(request, "assessment/detail.html", context)


@login_required
def aspect_page(request, pk: int, order: int):
    assessment = get_assessment(request.user, pk)
    scores = summary(assessment)
    aspect = next((r["aspect"] for r in scores["aspect_rows"] if r["aspect"].order == order), None)
    if aspect is None:
        raise Http404
    answers = list(
        Answer.objects.filter(assessment=assessment, indicator__aspect=aspect)
        .select_related("indicator__sub_aspect", "updated_by")
        .prefetch_related(
            Prefetch("indicator__levels", queryset=Level.objects.order_by("score")),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("uploaded_by", "document").order_by(
                    "uploaded", "pk"
                ),
            ),
        )
        .order_by("indicator__sub_aspect__order", "indicator__order")
    )
    may_fill_in = workflow.may_fill_in(request.user, assessment)
    labels = assessment.instrument.level_names()
    items = [_answer_context(answer, assessment, may_fill_in, labels) for answer in answers]
    fact_lines = facts.lines_for(assessment, answers)
    for item in items:
        item["facts"] = fact_lines.get(item["answer"].pk)
    context = {
        "assessment": assessment,
        "aspect": aspect,
        "items": items,
        "may_fill_in": may_fill_in,
        "max_size": max_size(),
        "max_size_label": max_size_label(),
        "library": library_choices(assessment),
        **scores,
    }
    context.update(_neighbours(context["aspect_rows"], aspect))
    return render(request, "assessment/aspect.html", context)


def _neighbours(rows: list[dict], aspect: Aspect) -> dict:
    """The previous and next aspects (for the buttons), and this one's place (3 of 8)."""
    aspects = [row["aspect"] for row in rows]
    index = next(i for i, a in enumerate(aspects) if a.pk == aspect.pk)
    return {
        "previous_aspect": aspects[index - 1] if index > 0 else None,
        "next_aspect": aspects[index + 1] if index + 1 < len(aspects) else None,
        "aspect_position": index + 1,
        "aspect_count": len(aspects),
    }


def _answer_context(
    answer: Answer, assessment: Assessment, may_fill_in: bool, labels: dict[int, str]
) -> dict:
    return {
        "answer": answer,
        "indicator": answer.indicator,
        # Each level with the scale's name for it (e.g. "Terkelola"), if the scale names it.
        "levels": [(level, labels.get(level.score, "")) for level in answer.indicator.levels.all()],
        **evidence_listing(answer),
        "editable": may_fill_in and answer.agency_may_edit(assessment),
    }


def library_choices(assessment: Assessment) -> list[EvidenceFile]:
    """The agency's library documents an indicator can attach (newest first, at most 200)."""
    agencies = Instansi.objects.filter(pk=assessment.instansi_id)
    return list(library(agencies).order_by("-uploaded", "-pk")[:200])


def _get_answer(request, pk: int, answer_pk: int) -> tuple[Assessment, Answer]:
    assessment = get_assessment(request.user, pk, edit=True)
    try:
        answer = assessment.answers.select_related("indicator__aspect").get(pk=answer_pk)
    except Answer.DoesNotExist as exc:
        raise Http404 from exc
    answer.assessment = assessment
    return assessment, answer


@require_POST
@role_required(*AGENCY_ROLES)
def answer_save(request, pk: int, answer_pk: int):
    assessment, answer = _get_answer(request, pk, answer_pk)
    form = AnswerForm(request.POST, instrument=assessment.instrument)
    error = None
    conflict = False
    if not form.is_valid():
        error = form.level_error
    else:
        try:
            workflow.answer_save(
                answer=answer,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                level=form.cleaned_data["level"],
                justification=form.cleaned_data["justification"],
            )
        except workflow.ConflictError as exc:
            error, conflict = exc.message, True
        except workflow.WorkflowError as exc:
            error = exc.message
    if error:
        # Not saved: show what the database holds (answer_save reloaded it after a save).
        answer.refresh_from_db()
    context = {
        "assessment": assessment,
        "answer": answer,
        "indicator": answer.indicator,
        "error": error,
        "conflict": conflict,
        # Someone saved first: what this user typed is shown beside the newer version to be
        # merged, never thrown away (answer_save checked the version).
        "mine": form.cleaned_data if conflict else None,
        "merged": not error and request.POST.get("merged") == "1",
    }
    if conflict or context["merged"]:
        labels = assessment.instrument.level_names()
        levels = answer.indicator.levels.order_by("score")
        context["item"] = {
            "levels": [(level, labels.get(level.score, "")) for level in levels],
            "editable": True,
        }
    if not request.htmx:
        if conflict:
            return render(request, "assessment/conflict.html", context, status=409)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Jawaban tersimpan."))
        return redirect(_aspect_url(assessment, answer))
    scores = summary(assessment)
    context.update(scores)
    # The phone's compact header (score, aspect pager) is refreshed with the side panel.
    context.update(_neighbours(scores["aspect_rows"], answer.indicator.aspect), compact=True)
    return render(request, "assessment/_saved.html", context)


def _aspect_url(assessment: Assessment, answer: Answer) -> str:
    url = reverse("assessment:aspect", args=[assessment.pk, answer.indicator.aspect.order])
    return f"{url}#indikator-{answer.pk}"


@require_POST
@role_required(*AGENCY_ROLES)
def assessment_submit(request, pk: int):
    assessment = get_assessment(request.user, pk, edit=True)
    try:
        workflow.assessment_submit(assessment=assessment, actor=request.user)
    except workflow.WorkflowError as exc:
        # The overview lists what is incomplete, so the message can stay short.
        messages.error(request, exc.message)
        return redirect("assessment:detail", assessment.pk)
    messages.success(request, _("Penilaian diajukan untuk verifikasi."))
    return redirect("assessment:detail", assessment.pk)
