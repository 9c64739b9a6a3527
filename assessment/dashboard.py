"""The reviewer dashboard: every agency in the reviewer's scope with its assessment for one
year, filtered and sorted. Four queries whatever the number of agencies (agencies, their
assessments for the year, the instruments' bands, the answers' levels); each row's result
(which total counts, its category, what kind of figure it is) is results.assessment_result,
the same rule as everywhere else."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from agencies import scoping
from agencies.models import Instansi, User

from . import results
from .models import Assessment, CategoryBand, Instrument

NOT_STARTED = "belum"
# Each sort key gives the value to sort on, or None for "nothing yet" (always listed last).
SORTS = {
    "instansi": lambda r: r.instansi.nama.lower(),
    "status": lambda r: r.status_order,
    "mandiri": lambda r: r.self_total,
    "verifikasi": lambda r: r.verified_total,
    "kategori": lambda r: r.category_code or None,
    "diubah": lambda r: r.updated,
}
STATUS_ORDER = {
    NOT_STARTED: 0,
    Assessment.Status.DRAFT: 1,
    Assessment.Status.RETURNED: 2,
    Assessment.Status.SUBMITTED: 3,
    Assessment.Status.VERIFIED: 4,
    Assessment.Status.FINAL: 5,
}


@dataclass
class Row:
    instansi: Instansi
    province: Instansi | None
    assessment: Assessment | None
    result: results.AssessmentResult | None = None

    @property
    def status(self) -> str:
        return self.assessment.status if self.assessment else NOT_STARTED

    @property
    def status_label(self) -> str:
        if self.assessment is None:
            return _("Belum dimulai")
        return self.assessment.get_status_display()

    @property
    def status_order(self) -> int:
        return STATUS_ORDER.get(self.status, 9)

    @property
    def self_total(self) -> Decimal | None:
        return self.assessment.self_total if self.assessment else None

    @property
    def verified_total(self) -> Decimal | None:
        """The verification figure: final, or provisional while verification runs (the
        row's result_label says which); None while the result is self-assessed."""
        if self.result is None or self.result.is_self:
            return None
        return self.result.total

    @property
    def updated(self) -> dt.datetime | None:
        return self.assessment.updated if self.assessment else None

    @property
    def category_code(self) -> str:
        return self.result.band.code if self.result and self.result.band else ""

    @property
    def category(self) -> str:
        return self.result.category if self.result else ""

    @property
    def result_label(self) -> str:
        return self.result.label if self.result else ""

    @property
    def is_verified(self) -> bool:
        return self.result is not None and self.result.is_verified


@dataclass(frozen=True)
class Filters:
    year: int
    status: str = ""
    category: str = ""
    province: int | None = None
    sort: str = "instansi"
    descending: bool = False


def years(user: User) -> list[int]:
    found = list(
        scoping.scope(Assessment.objects.all(), user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return found or [dt.date.today().year]


def all_rows(user: User, year: int) -> list[Row]:
    """Every agency in scope with its assessment for the year (or none yet) and the result
    that counts now (results.py): self, provisional or verified, labelled."""
    agencies = list(scoping.visible_instansi(user).select_related("provinsi").order_by("nama"))
    assessments = {
        a.instansi_id: a
        for a in scoping.scope(Assessment.objects.filter(year=year), user)
        .select_related("instrument")
        .prefetch_related("instrument__bands")
    }
    found = results.results_for(list(assessments.values()))
    rows = []
    for instansi in agencies:
        assessment = assessments.get(instansi.pk)
        if assessment is not None:
            # Reuse the fetched agency so templates never query it again.
            assessment.instansi = instansi
        province = instansi if instansi.jenis == Instansi.Jenis.PROVINSI else instansi.provinsi
        row = Row(instansi=instansi, province=province, assessment=assessment)
        if assessment is not None:
            row.result = found[assessment.pk]
        rows.append(row)
    return rows


def apply(rows: list[Row], filters: Filters) -> list[Row]:
    if filters.status:
        rows = [r for r in rows if r.status == filters.status]
    if filters.category:
        rows = [r for r in rows if r.category_code == filters.category]
    if filters.province:
        rows = [r for r in rows if r.province and r.province.pk == filters.province]
    key = SORTS.get(filters.sort, SORTS["instansi"])
    rows = sorted(rows, key=lambda r: r.instansi.nama.lower())  # ties stay alphabetical
    present = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    return sorted(present, key=key, reverse=filters.descending) + missing


def provinces(rows: list[Row]) -> list[Instansi]:
    seen = {r.province.pk: r.province for r in rows if r.province is not None}
    return sorted(seen.values(), key=lambda p: p.nama)


def band_labels(rows: list[Row], year: int) -> list[tuple[str, str]]:
    """The categories (levels, for the index) of the instruments the year's assessments use,
    or of the instruments current for the year when none has started; lowest first within
    each instrument: (code, label). A year under two regimes lists both sets."""
    used = {r.assessment.instrument_id for r in rows if r.assessment is not None}
    instruments = used or set(Instrument.objects.for_year(year).values_list("pk", flat=True))
    seen: dict[str, str] = {}
    for band in CategoryBand.objects.filter(instrument__in=instruments).order_by(
        "instrument__year_from", "instrument_id", "lower"
    ):
        seen.setdefault(band.code, band.label)
    return list(seen.items())


def distribution(rows: list[Row], bands: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """(category label, number of agencies) for every category, counting only verified and
    final results; then one bar for every agency without a verified result yet (not
    started, self-assessed or verification in progress)."""
    counts = Counter(r.category_code for r in rows if r.is_verified and r.category_code)
    result = [(label, counts.get(code, 0)) for code, label in bands]
    unverified = sum(1 for r in rows if not (r.is_verified and r.category_code))
    if unverified:
        result.append((_("Belum verif."), unverified))
    return result
