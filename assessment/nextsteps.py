"""What each role should do next in the yearly round, with a link and the deadline: the
agency's progress on this year's assessment, the reviewer's queue with days waiting. Each
function costs a fixed number of queries, whatever the number of agencies or indicators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import scoping
from agencies.models import Instansi, User
from core import formats

from . import phases
from .models import Answer, Assessment, Evidence, Transition

S = Assessment.Status
A = Transition.Action


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str
    action: str
    deadline: phases.PhaseWindow | None = None
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def days_left(self) -> int | None:
        return self.deadline.days_left(self.today) if self.deadline else None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def deadline_text(self) -> str:
        return formats.date(self.deadline.ends) if self.deadline else ""


def _progress(assessment: Assessment) -> dict:
    has_evidence = Exists(Evidence.objects.filter(answer=OuterRef("pk"), replaced_by__isnull=True))
    return (
        Answer.objects.filter(assessment=assessment)
        .annotate(has_evidence=has_evidence)
        .aggregate(
            total=Count("pk"),
            answered=Count("pk", filter=Q(level__isnull=False)),
            without_evidence=Count("pk", filter=Q(has_evidence=False)),
            returned=Count("pk", filter=Q(return_requested=True)),
        )
    )


def _first_to_do(assessment: Assessment) -> str:
    """The aspect page of the first indicator still unanswered or without evidence."""
    current = Evidence.objects.filter(answer=OuterRef("pk"), replaced_by__isnull=True)
    answer = (
        Answer.objects.filter(assessment=assessment)
        .filter(Q(level__isnull=True) | ~Exists(current))
        .select_related("indicator__aspect")
        .order_by("indicator__aspect__order", "indicator__order")
        .first()
    )
    if answer is None:
        return reverse("assessment:detail", args=[assessment.pk])
    url = reverse("assessment:aspect", args=[assessment.pk, answer.indicator.aspect.order])
    return f"{url}#indikator-{answer.pk}"


def agency_step(instansi: Instansi, today: dt.date) -> NextStep:
    """The operator's and the agency admin's next step on this year's assessment."""
    year = today.year
    calendar = phases.calendar_for(instansi, year)
    assessment = Assessment.objects.filter(instansi=instansi, year=year).first()
    if assessment is None:
        return NextStep(
            _("Penilaian mandiri %(year)s belum dibuat.") % {"year": year},
            reverse("assessment:create"),
            _("Buat penilaian"),
            calendar[phases.Phase.SELF_ASSESSMENT],
            today,
        )
    window = phases.deadline(assessment, calendar)
    detail = reverse("assessment:detail", args=[assessment.pk])
    if assessment.status == S.DRAFT:
        done = _progress(assessment)
        return NextStep(
            _(
                "Lanjutkan pengisian: %(answered)s/%(total)s indikator, "
                "%(missing)s tanpa bukti, batas %(deadline)s"
            )
            % {
                "answered": done["answered"],
                "total": done["total"],
                "missing": done["without_evidence"],
                "deadline": formats.date(window.ends) if window else "-",
            },
            _first_to_do(assessment),
            _("Lanjutkan pengisian"),
            window,
            today,
        )
    if assessment.status == S.RETURNED:
        done = _progress(assessment)
        return NextStep(
            _("Perbaiki %(n)s indikator yang dikembalikan, batas %(deadline)s")
            % {"n": done["returned"], "deadline": formats.date(window.ends) if window else "-"},
            detail,
            _("Lihat yang dikembalikan"),
            window,
            today,
        )
    if assessment.status in (S.SUBMITTED, S.VERIFIED):
        return NextStep(
            _("Penilaian %(year)s sedang diverifikasi (%(status)s).")
            % {"year": year, "status": assessment.get_status_display().lower()},
            detail,
            _("Lihat penilaian"),
            window,
            today,
        )
    return NextStep(
        _("Penilaian %(year)s sudah final.") % {"year": year},
        detail,
        _("Lihat hasil"),
        None,
        today,
    )


@dataclass(frozen=True)
class Waiting:
    assessment: Assessment
    days: int
    deadline: phases.PhaseWindow | None

    @property
    def url(self) -> str:
        return reverse("assessment:review", args=[self.assessment.pk])


QUEUE_SHOWN = 10


def review_queue(user: User, today: dt.date) -> tuple[list[Waiting], int]:
    """The assessments waiting for this reviewer, longest-waiting first, with the days each
    has waited since it was (re)submitted or verified; and how many wait in all. Three
    queries."""
    waiting = scoping.scope(
        Assessment.objects.filter(status__in=[S.SUBMITTED, S.VERIFIED]).select_related("instansi"),
        user,
    ).annotate(
        since=Max(
            "transitions__created",
            filter=Q(transitions__action__in=[A.SUBMITTED, A.RESUBMITTED, A.VERIFIED, A.REOPENED]),
        )
    )
    total = waiting.count()
    rows = list(waiting.order_by("since", "pk")[:QUEUE_SHOWN])
    years = {a.year for a in rows}
    found: dict[tuple[int, int | None], phases.Calendar] = {}
    for year in years:
        provinces = {phases.province_of(a.instansi) for a in rows if a.year == year}
        for province, calendar in phases.calendars(year, provinces).items():
            found[(year, province)] = calendar
    result = []
    for assessment in rows:
        since = timezone.localtime(assessment.since).date() if assessment.since else today
        calendar = found.get((assessment.year, phases.province_of(assessment.instansi)), {})
        result.append(
            Waiting(assessment, (today - since).days, phases.deadline(assessment, calendar))
        )
    return result, total
