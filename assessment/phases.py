"""The yearly round's phases and their deadlines.

The usual calendar (self-assessment January-February, verification March-April, correction
May, results June) applies unless the superadmin set other dates for the year, nationally or
for one province (PhaseDate rows, in the admin). One query answers for any number of
agencies."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from agencies.models import Instansi

from .models import Assessment, Phase, PhaseDate

# (first month, last month) of each phase in the usual calendar.
USUAL_MONTHS = {
    Phase.SELF_ASSESSMENT: (1, 2),
    Phase.VERIFICATION: (3, 4),
    Phase.CORRECTION: (5, 5),
    Phase.RESULTS: (6, 6),
}

# Which phase's deadline an assessment in each state is working towards.
PHASE_OF_STATUS: dict[str, str] = {
    Assessment.Status.DRAFT: Phase.SELF_ASSESSMENT,
    Assessment.Status.RETURNED: Phase.CORRECTION,
    Assessment.Status.SUBMITTED: Phase.VERIFICATION,
    Assessment.Status.VERIFIED: Phase.RESULTS,
}


@dataclass(frozen=True)
class PhaseWindow:
    phase: str
    starts: dt.date
    ends: dt.date
    # True when nobody set the dates for the year: the usual calendar is assumed.
    usual: bool

    @property
    def label(self) -> str:
        return str(Phase(self.phase).label)

    def days_left(self, today: dt.date) -> int:
        return (self.ends - today).days


Calendar = dict[str, PhaseWindow]


def usual_calendar(year: int) -> Calendar:
    windows: Calendar = {}
    for phase, (first, last) in USUAL_MONTHS.items():
        end_day = _calendar.monthrange(year, last)[1]
        windows[phase] = PhaseWindow(
            phase, dt.date(year, first, 1), dt.date(year, last, end_day), usual=True
        )
    return windows


def province_of(instansi: Instansi) -> int | None:
    """The province whose dates apply: its own for a province, its parent's for a kabupaten
    or kota, none for a ministry."""
    if instansi.jenis == Instansi.Jenis.PROVINSI:
        return instansi.pk
    return instansi.provinsi_id


def calendars(year: int, provinces: Iterable[int | None]) -> dict[int | None, Calendar]:
    """Each province's calendar for the year (None: agencies under no province). One query."""
    wanted = set(provinces)
    rows = PhaseDate.objects.filter(year=year).filter(
        Q(provinsi__isnull=True) | Q(provinsi_id__in=[p for p in wanted if p is not None])
    )
    national = usual_calendar(year)
    by_province: dict[int, list[PhaseDate]] = {}
    for row in rows:
        window = PhaseWindow(row.phase, row.starts, row.ends, usual=False)
        if row.provinsi_id is None:
            national[row.phase] = window
        else:
            by_province.setdefault(row.provinsi_id, []).append(row)
    result: dict[int | None, Calendar] = {}
    for province in wanted | {None}:
        own = dict(national)
        for row in by_province.get(province, []) if province is not None else []:
            own[row.phase] = PhaseWindow(row.phase, row.starts, row.ends, usual=False)
        result[province] = own
    return result


def calendar_for(instansi: Instansi, year: int) -> Calendar:
    province = province_of(instansi)
    return calendars(year, [province])[province]


def deadline(assessment: Assessment, calendar: Calendar) -> PhaseWindow | None:
    """The phase the assessment is working towards now, with its deadline; none when final."""
    phase = PHASE_OF_STATUS.get(assessment.status)
    return calendar.get(phase) if phase else None


def current_phase(calendar: Calendar, today: dt.date) -> PhaseWindow | None:
    for window in calendar.values():
        if window.starts <= today <= window.ends:
            return window
    return None
