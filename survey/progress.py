"""What the agency's admin sees of a running survey: the count against the target and the
response rate per unit, with small groups suppressed (scoring.breakdown). Three queries,
whatever the number of responses or units."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from agencies.models import UnitKerja
from employees.models import Employee

from . import scoring
from .models import Response, Survey


@dataclass(frozen=True)
class Progress:
    responses: int
    target: int
    min_group_size: int
    breakdown: scoring.Breakdown

    @property
    def percent(self) -> int:
        """Of the target, for the progress bar (at most 100)."""
        if not self.target:
            return 100 if self.responses else 0
        return min(100, round(100 * self.responses / self.target))

    @property
    def target_reached(self) -> bool:
        return self.responses >= self.target


def unit_groups(survey: Survey) -> list[scoring.Group]:
    instansi_id = survey.assessment.instansi_id
    answered = dict(
        Response.objects.filter(survey=survey)
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    staff = dict(
        Employee.objects.filter(instansi_id=instansi_id, aktif=True, unit__isnull=False)
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    groups = [
        scoring.Group(
            key=unit.pk,
            label=unit.nama,
            responses=answered.get(unit.pk, 0),
            staff=staff.get(unit.pk),
        )
        for unit in UnitKerja.objects.filter(instansi_id=instansi_id).only("pk", "nama")
    ]
    known = {group.key for group in groups}
    # Answers without a unit, and any whose unit was deleted since, form one group.
    without = sum(n for unit, n in answered.items() if unit not in known)
    groups.append(scoring.Group(key=None, label=_("Tidak menyebutkan unit"), responses=without))
    return groups


def progress(survey: Survey) -> Progress:
    groups = unit_groups(survey)
    return Progress(
        responses=sum(g.responses for g in groups),
        target=survey.target_responses,
        min_group_size=survey.min_group_size,
        breakdown=scoring.breakdown(groups, survey.min_group_size),
    )
