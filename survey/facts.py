"""The staff survey's response rate as a fact for the assessment (#14); registered from
SurveyConfig.ready. The rate is the responses received against the agency's active ASN (the
people the survey is for), or against the invitations sent when the survey is by invitation."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.facts import FactValue, register, share
from employees.models import Employee

from .models import Invitation, Response, Survey


@register("survei_respons", _("Tingkat respons survei pegawai"))
def response_rate(instansi_id: int, year: int) -> FactValue:
    def count(model: type[Invitation] | type[Response]) -> Coalesce:
        sub = (
            model.objects.filter(survey=OuterRef("pk"))
            .values("survey")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(sub), 0)

    row = (
        Survey.objects.filter(assessment__instansi_id=instansi_id, assessment__year=year)
        .annotate(n_responses=count(Response), n_invitations=count(Invitation))
        .values("invitation_only", "n_responses", "n_invitations")
        .first()
    )
    if row is None:
        return FactValue(None)
    if row["invitation_only"]:
        return share(row["n_responses"], row["n_invitations"])
    active = Employee.objects.filter(instansi_id=instansi_id, aktif=True).count()
    return share(row["n_responses"], active)
