"""The new regime's own steps: carry last year's answers forward (the agency) and set the
correction factor (the reviewer)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import User
from agencies.permissions import role_required

from .. import carry, workflow
from ..forms import CorrectionFactorForm
from ..selectors import AGENCY_ROLES, get_assessment


@require_POST
@role_required(*AGENCY_ROLES)
def carry_forward(request, pk: int):
    assessment = get_assessment(request.user, pk, edit=True)
    try:
        result = carry.assessment_carry_forward(assessment=assessment, actor=request.user)
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "%(n)s jawaban dari %(source)s dibawa sebagai usulan yang perlu dicek ulang; "
                "%(files)s berkas bukti dipakai ulang."
            )
            % {"n": result.carried, "source": result.source, "files": result.evidence},
        )
    return redirect("assessment:detail", assessment.pk)


@require_POST
@role_required(User.Role.REVIEWER)
def correction_factor(request, pk: int):
    assessment = get_assessment(request.user, pk)
    form = CorrectionFactorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi faktor koreksi (angka) dan alasannya."))
        return redirect("assessment:review", assessment.pk)
    try:
        workflow.set_correction_factor(
            assessment,
            factor=form.cleaned_data["factor"],
            reason=form.cleaned_data["reason"],
            user=request.user,
        )
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Faktor koreksi disimpan."))
    return redirect("assessment:review", assessment.pk)
