"""The agency's explanation of a claim Merit's data does not support (#14)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.permissions import role_required

from .. import workflow
from ..models import Answer
from ..selectors import AGENCY_ROLES, get_assessment


class ExplanationForm(forms.Form):
    explanation = forms.CharField(required=False, max_length=2000)


@require_POST
@role_required(*AGENCY_ROLES)
def fact_explanation(request, pk: int, answer_pk: int):
    assessment = get_assessment(request.user, pk, edit=True)
    try:
        answer = assessment.answers.select_related("indicator__aspect").get(pk=answer_pk)
    except Answer.DoesNotExist as exc:
        raise Http404 from exc
    answer.assessment = assessment
    form = ExplanationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Penjelasan paling panjang 2.000 karakter."))
    else:
        try:
            workflow.answer_explain_facts(
                answer=answer, actor=request.user, explanation=form.cleaned_data["explanation"]
            )
            messages.success(request, _("Penjelasan atas data Merit tersimpan."))
        except workflow.WorkflowError as exc:
            messages.error(request, exc.message)
    url = reverse("assessment:aspect", args=[assessment.pk, answer.indicator.aspect.order])
    return redirect(f"{url}#indikator-{answer.pk}")
