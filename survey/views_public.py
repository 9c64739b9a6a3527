"""The public answer page: no login, CSRF-protected, in Indonesian, usable on a phone.

Anyone holding the survey's link (or its poster's QR code) answers once per device; a
single-use invitation link answers once per invitation. Nothing about the person is kept:
see models.Response and abuse.py."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render

from . import abuse, workflow
from .forms import ResponseForm
from .models import Invitation, Survey


def _survey(code: str) -> Survey:
    try:
        return Survey.objects.select_related("assessment__instansi").get(code=code)
    except Survey.DoesNotExist as exc:
        raise Http404 from exc


def _invitation(survey: Survey, token: str) -> Invitation:
    try:
        return Invitation.objects.get(survey=survey, token=token)
    except Invitation.DoesNotExist as exc:
        raise Http404 from exc


def _notice(request, survey: Survey, kind: str, status: int = 200):
    return render(
        request, "survey/public/notice.html", {"survey": survey, "kind": kind}, status=status
    )


def answer(request, code: str):
    return _answer(request, _survey(code), invitation=None)


def answer_invitation(request, code: str, token: str):
    survey = _survey(code)
    return _answer(request, survey, invitation=_invitation(survey, token))


def _answer(request, survey: Survey, invitation: Invitation | None):
    if not survey.is_open:
        return _notice(request, survey, "closed")
    if invitation is None and survey.invitation_only:
        return _notice(request, survey, "invitation_only", status=403)
    if invitation is not None and invitation.used:
        return _notice(request, survey, "invitation_used", status=409)
    if invitation is None and abuse.answered_on_this_device(request, survey):
        return _notice(request, survey, "already_answered", status=409)
    form = ResponseForm(request.POST if request.method == "POST" else None, survey=survey)
    if request.method == "POST":
        if not abuse.allow_answer(request, survey):
            return _notice(request, survey, "rate_limited", status=429)
        if form.is_valid():
            try:
                workflow.response_submit(
                    survey=survey,
                    values=form.values(),
                    unit=form.cleaned_data["unit"],
                    invitation=invitation,
                )
            except workflow.SurveyClosed:
                return _notice(request, survey, "closed")
            except workflow.InvitationUsed:
                return _notice(request, survey, "invitation_used", status=409)
            except workflow.SurveyError as exc:
                form.add_error(None, exc.message)
            else:
                response = redirect("survey:thanks", code=survey.code)
                if invitation is None:
                    abuse.mark_device(response, survey)
                return response
    return render(
        request,
        "survey/public/answer.html",
        {"survey": survey, "form": form, "invitation": invitation},
    )


def thanks(request, code: str):
    return _notice(request, _survey(code), "thanks")
