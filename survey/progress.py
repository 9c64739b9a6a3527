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


def survey_units(instansi_id: int):
    """The units a respondent chooses from: the agency's top-level units (dinas, badan),
    not their bidang and seksi, so that groups are large enough to be shown."""
    return UnitKerja.objects.filter(instansi_id=instansi_id, induk__isnull=True).order_by("nama")


def top_units(instansi_id: int) -> dict[int, int]:
    """Each unit of the agency mapped to its top-level unit (one query for the whole tree)."""
    parent = dict(UnitKerja.objects.filter(instansi_id=instansi_id).values_list("pk", "induk_id"))
    tops: dict[int, int] = {}
    for pk in parent:
        node, seen = pk, set()
        while parent.get(node) is not None and node not in seen:  # bad data must not hang
            seen.add(node)
            node = parent[node]
        tops[pk] = node
    return tops


def _per_top_unit(rows, tops: dict[int, int]) -> dict[int | None, int]:
    counts: dict[int | None, int] = {}
    for unit, n in rows:
        key = tops.get(unit)
        counts[key] = counts.get(key, 0) + n
    return counts


def unit_groups(survey: Survey) -> list[scoring.Group]:
    """Responses and active staff per top-level unit (a bidang counts in its dinas), and
    one group for the answers that name no unit."""
    instansi_id = survey.assessment.instansi_id
    tops = top_units(instansi_id)
    answered = _per_top_unit(
        Response.objects.filter(survey=survey)
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n"),
        tops,
    )
    staff = _per_top_unit(
        Employee.objects.filter(instansi_id=instansi_id, aktif=True, unit__isnull=False)
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n"),
        tops,
    )
    groups = [
        scoring.Group(
            key=unit.pk,
            label=unit.nama,
            responses=answered.get(unit.pk, 0),
            staff=staff.get(unit.pk),
        )
        for unit in survey_units(instansi_id).only("pk", "nama")
    ]
    # Answers without a unit (and any whose unit was deleted since) form one group.
    groups.append(
        scoring.Group(key=None, label=_("Tidak menyebutkan unit"), responses=answered.get(None, 0))
    )
    return groups


def progress(survey: Survey) -> Progress:
    groups = unit_groups(survey)
    return Progress(
        responses=sum(g.responses for g in groups),
        target=survey.target_responses,
        min_group_size=survey.min_group_size,
        breakdown=scoring.breakdown(groups, survey.min_group_size),
    )
