"""Competency against the post: job-person match (JPM), its category, the gap per competency,
strengths and development areas. One home for these rules (Permen PANRB 38/2017 levels 1-5;
JPM bands from talent/data/jpm_kategori.json, provisional data, never constants here).

Pure part (no database): `job_person_match`, `gaps`, `strengths`, `development_areas`,
`band_sets`. Query part: `standard_for_employee`, `standard_for_target`, `latest_result`,
`jpm_for`, `jpm_for_many` (one target, many candidates), `jpm_for_current_posts` (each
against their own post), `latest_levels`, `StandardResolver` (an agency's standards in two
queries).

    >>> r = job_person_match({"integritas": 3, "komunikasi": 2}, {"integritas": 3, "komunikasi": 3})
    >>> r.percent, r.band, str(r)
    (Decimal('83.33'), 'cukup_optimal', '83,33 % (Cukup optimal)')
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from functools import cache
from pathlib import Path

from employees.models import Employee, HasilKompetensi, NilaiKompetensi

from .models import StandarKompetensi, TargetPost

BANDS_FILE = Path(__file__).resolve().parent / "data" / "jpm_kategori.json"
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# The band set used when a result does not say its method.
DEFAULT_SET = "pemetaan"


@dataclass(frozen=True)
class Kategori:
    kode: str
    nama: str
    minimal: Decimal  # the lowest JPM % in this category (inclusive)

    def __str__(self) -> str:
        return self.nama


@dataclass(frozen=True)
class SetKategori:
    """One band set (mapping, or competency test): categories from the highest minimum."""

    kode: str
    nama: str
    kategori: tuple[Kategori, ...]
    sementara: bool = True

    def classify(self, total: int, standard_total: int, *, cap: bool = False) -> Kategori:
        """The category of total / standard_total, decided on the exact ratio: 89.999... %
        is below a 90 % edge even though it displays as 89,99."""
        achieved = Decimal(total) * HUNDRED
        if cap:
            achieved = min(achieved, HUNDRED * standard_total)
        for kategori in self.kategori:
            if achieved >= kategori.minimal * standard_total:
                return kategori
        return self.kategori[-1]

    @property
    def ranges(self) -> list[tuple[Kategori, str]]:
        """Each category with its range as people write it: ">= 90 %", "78 - < 90 %", "< 78 %"."""

        def num(value: Decimal) -> str:
            text = f"{value:f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return text.replace(".", ",")

        result = []
        upper: Decimal | None = None
        for kategori in self.kategori:
            if upper is None:
                text = f"≥ {num(kategori.minimal)} %"
            elif kategori.minimal == 0:
                text = f"< {num(upper)} %"
            else:
                text = f"{num(kategori.minimal)} – < {num(upper)} %"
            result.append((kategori, text))
            upper = kategori.minimal
        return result


def parse_band_sets(data: Mapping) -> tuple[dict[str, SetKategori], bool]:
    """The band sets of a jpm_kategori.json document, and whether JPM is capped at 100 %."""
    sets = {}
    for kode, spec in data["set"].items():
        kategori = tuple(
            sorted(
                (
                    Kategori(k["kode"], k["nama"], Decimal(str(k["minimal"])))
                    for k in spec["kategori"]
                ),
                key=lambda k: k.minimal,
                reverse=True,
            )
        )
        if not kategori or kategori[-1].minimal != 0:
            raise ValueError(f"Set kategori {kode!r} harus punya kategori dengan minimal 0.")
        sets[kode] = SetKategori(kode, spec["nama"], kategori, bool(data.get("sementara", True)))
    return sets, bool(data.get("batasi_100", False))


@cache
def _loaded() -> tuple[dict[str, SetKategori], bool]:
    return parse_band_sets(json.loads(BANDS_FILE.read_text(encoding="utf-8")))


def band_sets() -> dict[str, SetKategori]:
    """The band sets by method code ("pemetaan", "uji_kompetensi")."""
    return _loaded()[0]


def band_set(kode: str | None) -> SetKategori:
    sets = band_sets()
    return sets.get(kode or DEFAULT_SET) or sets[DEFAULT_SET]


@dataclass(frozen=True)
class JpmResult:
    """percent: None when it cannot be computed (no standard, or a required competency
    without a level: never silently counted as zero); floored to 0.01 for display, the
    category decided on the exact ratio."""

    percent: Decimal | None
    kategori: Kategori | None
    total: int
    standard_total: int
    missing: tuple[str, ...] = ()
    set_kode: str = DEFAULT_SET

    @property
    def band(self) -> str:
        return self.kategori.kode if self.kategori else ""

    @property
    def computed(self) -> bool:
        return self.percent is not None

    @property
    def percent_text(self) -> str:
        """83,33 % (Indonesian decimal comma); a dash when not computed."""
        if self.percent is None:
            return "—"
        text = f"{self.percent:f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{text} %"

    def __str__(self) -> str:
        if self.percent is None:
            return "—"
        return f"{self.percent_text} ({self.kategori})"


def job_person_match(
    achieved: Mapping[str, int],
    standard: Mapping[str, int],
    *,
    bands: SetKategori | str | None = None,
    cap: bool | None = None,
) -> JpmResult:
    """JPM = the employee's total over the standard's competencies / the standard's total.

    Competencies the standard does not require are ignored; a required one the employee has
    no level for makes the result incomputable (listed in `missing`). `bands`: a SetKategori
    or its code (default: mapping); `cap`: limit to 100 % (default: the data file's choice)."""
    chosen = bands if isinstance(bands, SetKategori) else band_set(bands)
    if cap is None:
        cap = _loaded()[1]
    required = {kode: level for kode, level in standard.items() if level}
    standard_total = sum(required.values())
    missing = tuple(kode for kode in required if not achieved.get(kode))
    total = sum(achieved.get(kode) or 0 for kode in required)
    if not standard_total or missing:
        return JpmResult(None, None, total, standard_total, missing, chosen.kode)
    percent = (Decimal(total) * HUNDRED / Decimal(standard_total)).quantize(
        CENT, rounding=ROUND_FLOOR
    )
    if cap:
        percent = min(percent, HUNDRED.quantize(CENT))
    kategori = chosen.classify(total, standard_total, cap=cap)
    return JpmResult(percent, kategori, total, standard_total, (), chosen.kode)


@dataclass(frozen=True)
class Gap:
    kode: str
    standar: int | None
    capaian: int | None

    @property
    def selisih(self) -> int | None:
        """achieved - required: negative is a gap, positive a surplus."""
        if self.standar is None or self.capaian is None:
            return None
        return self.capaian - self.standar


def gaps(
    achieved: Mapping[str, int], standard: Mapping[str, int], order: Iterable[str] = ()
) -> list[Gap]:
    """One line per competency in `order` (then any other competency either side names)."""
    codes = list(dict.fromkeys([*order, *standard, *achieved]))
    return [
        Gap(kode, standard.get(kode), achieved.get(kode))
        for kode in codes
        if kode in standard or kode in achieved
    ]


def strengths(lines: Iterable[Gap]) -> list[Gap]:
    """Competencies that meet or exceed the standard, the largest surplus first."""
    met = [g for g in lines if g.selisih is not None and g.selisih >= 0]
    return sorted(met, key=lambda g: (-(g.selisih or 0), -(g.capaian or 0)))


def development_areas(lines: Iterable[Gap]) -> list[Gap]:
    """Competencies below the standard, the largest gap first."""
    short = [g for g in lines if g.selisih is not None and g.selisih < 0]
    return sorted(short, key=lambda g: g.selisih or 0)


# --- queries ----------------------------------------------------------------------------


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class StandardResolver:
    """Every standard of one agency with its levels (two queries), answering "which
    standard applies to this post": the post's own by name, else its post type's (with the
    functional level, else without)."""

    by_name: dict[str, StandarKompetensi] = field(default_factory=dict)
    by_type: dict[tuple[int | None, str], StandarKompetensi] = field(default_factory=dict)

    @classmethod
    def for_instansi(cls, instansi_id: int) -> StandardResolver:
        resolver = cls()
        standards = StandarKompetensi.objects.filter(instansi_id=instansi_id).prefetch_related(
            "level_set__kompetensi"
        )
        for standar in standards:
            if standar.nama_jabatan:
                resolver.by_name[_fold(standar.nama_jabatan)] = standar
            else:
                resolver.by_type[(standar.jenis_jabatan_id, standar.jenjang_fungsional)] = standar
        return resolver

    def for_post(
        self, nama_jabatan: str, jenis_jabatan_id: int | None, jenjang: str = ""
    ) -> StandarKompetensi | None:
        if nama_jabatan and (own := self.by_name.get(_fold(nama_jabatan))):
            return own
        if jenis_jabatan_id is None:
            return None
        return self.by_type.get((jenis_jabatan_id, jenjang or "")) or self.by_type.get(
            (jenis_jabatan_id, "")
        )

    def for_employee(self, employee: Employee) -> StandarKompetensi | None:
        return self.for_post(
            employee.jabatan, employee.jenis_jabatan_id, employee.jenjang_fungsional
        )


def standard_for_employee(employee: Employee) -> StandarKompetensi | None:
    """The standard of the employee's current post."""
    return StandardResolver.for_instansi(employee.instansi_id).for_employee(employee)


def standard_for_target(target: TargetPost) -> StandarKompetensi | None:
    """The standard of a target post (by its name, else its post type)."""
    return StandardResolver.for_instansi(target.instansi_id).for_post(
        target.nama_jabatan, target.jenis_jabatan_id
    )


def latest_result(employee: Employee | int) -> HasilKompetensi | None:
    """The employee's newest competency result with its levels."""
    pk = employee if isinstance(employee, int) else employee.pk
    return (
        HasilKompetensi.objects.filter(employee_id=pk)
        .prefetch_related("nilai__kompetensi")
        .order_by("-tanggal", "-pk")
        .first()
    )


def latest_levels(employee_ids: Iterable[int]) -> dict[int, tuple[str, dict[str, int]]]:
    """employee id -> (method, {kompetensi kode: level}) of each one's newest result; one
    query whatever the number of employees."""
    latest = HasilKompetensi.objects.filter(
        employee_id__in=list(employee_ids)
    ).latest_per_employee()
    found: dict[int, tuple[str, dict[str, int]]] = {}
    rows = NilaiKompetensi.objects.filter(hasil__in=latest.values("pk")).values_list(
        "hasil__employee_id", "hasil__metode", "kompetensi__kode", "level"
    )
    for employee_id, metode, kode, level in rows:
        found.setdefault(employee_id, (metode, {}))[1][kode] = level
    return found


def _standard_levels(
    standard: StandarKompetensi | TargetPost | Mapping[str, int] | None,
) -> Mapping[str, int]:
    if isinstance(standard, TargetPost):
        standard = standard_for_target(standard)
    if isinstance(standard, StandarKompetensi):
        return standard.levels()
    return standard or {}


def jpm_for(
    employee: Employee,
    post_or_standard: StandarKompetensi | TargetPost | Mapping[str, int] | None = None,
) -> JpmResult:
    """The employee's JPM (newest result) against a target post, a standard or a levels
    mapping; None: against the standard of the employee's current post."""
    if post_or_standard is None:
        post_or_standard = standard_for_employee(employee)
    standard = _standard_levels(post_or_standard)
    result = latest_result(employee)
    if result is None:
        return job_person_match({}, standard)
    return job_person_match(result.levels(), standard, bands=result.metode)


def jpm_for_many(
    employee_ids: Iterable[int],
    post_or_standard: StandarKompetensi | TargetPost | Mapping[str, int] | None,
) -> dict[int, JpmResult]:
    """JPM of many employees against ONE target post or standard (for ranking succession
    candidates): a fixed number of queries. Employees without a result get an
    incomputable JpmResult."""
    ids = list(employee_ids)
    standard = _standard_levels(post_or_standard)
    levels = latest_levels(ids)
    results = {}
    for pk in ids:
        metode, achieved = levels.get(pk, (DEFAULT_SET, {}))
        results[pk] = job_person_match(achieved, standard, bands=metode)
    return results


def jpm_for_current_posts(employees: Iterable[Employee]) -> dict[int, JpmResult]:
    """Each employee's JPM against the standard of their own current post (a list page):
    one query for the levels and two per agency for the standards."""
    employees = list(employees)
    levels = latest_levels([e.pk for e in employees])
    resolvers: dict[int, StandardResolver] = {}
    results = {}
    for employee in employees:
        resolver = resolvers.get(employee.instansi_id)
        if resolver is None:
            resolver = resolvers[employee.instansi_id] = StandardResolver.for_instansi(
                employee.instansi_id
            )
        standar = resolver.for_employee(employee)
        metode, achieved = levels.get(employee.pk, (DEFAULT_SET, {}))
        results[employee.pk] = job_person_match(
            achieved, standar.levels() if standar else {}, bands=metode
        )
    return results
