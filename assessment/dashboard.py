"""The reviewer dashboard: every agency in the reviewer's scope with its assessment for one
year, filtered and sorted. Three queries whatever the number of agencies (agencies, their
assessments for the year, the category bands); the category is computed in Python from the
stored totals with scoring.category, the same rule as everywhere else."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from agencies import scoping
from agencies.models import Instansi, User

from . import scoring
from .models import Assessment, CategoryBand

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
    category_code: str = ""
    category_name: str = ""

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
        return self.assessment.verified_total if self.assessment else None

    @property
    def updated(self) -> dt.datetime | None:
        return self.assessment.updated if self.assessment else None

    @property
    def category(self) -> str:
        return f"{self.category_code} {self.category_name}".strip()


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


def _bands_by_instrument() -> dict[int, list[scoring.Band]]:
    bands: dict[int, list[scoring.Band]] = {}
    for band in CategoryBand.objects.all():
        bands.setdefault(band.instrument_id, []).append(
            scoring.Band(code=band.code, name=band.name, lower=band.lower, upper=band.upper)
        )
    return bands


def all_rows(user: User, year: int) -> list[Row]:
    """Every agency in scope with its assessment for the year (or none yet). The category
    is the verified one once there is a verified total, else the self-assessed one."""
    agencies = list(scoping.visible_instansi(user).select_related("provinsi").order_by("nama"))
    assessments = {
        a.instansi_id: a
        for a in scoping.scope(Assessment.objects.filter(year=year), user).select_related(
            "instrument"
        )
    }
    bands = _bands_by_instrument()
    rows = []
    for instansi in agencies:
        assessment = assessments.get(instansi.pk)
        if assessment is not None:
            # Reuse the fetched agency so templates never query it again.
            assessment.instansi = instansi
        province = instansi if instansi.jenis == Instansi.Jenis.PROVINSI else instansi.provinsi
        row = Row(instansi=instansi, province=province, assessment=assessment)
        if assessment is not None:
            total = assessment.verified_total
            if total is None:
                total = assessment.self_total
            band = (
                scoring.category(total, bands.get(assessment.instrument_id, []))
                if total is not None
                else None
            )
            if band:
                row.category_code, row.category_name = band.code, band.name
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


def band_labels() -> list[tuple[str, str]]:
    """Every category of the instruments in use, lowest first: (code, "code name")."""
    seen: dict[str, str] = {}
    for code, name in CategoryBand.objects.order_by("lower").values_list("code", "name"):
        seen.setdefault(code, f"{code} {name}")
    return list(seen.items())


def distribution(rows: list[Row], bands: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """(category label, number of agencies) for every category, then "no score yet"."""
    counts = Counter(r.category_code for r in rows)
    result = [(label, counts.get(code, 0)) for code, label in bands]
    if counts.get(""):
        result.append((_("Belum ada"), counts[""]))
    return result
