"""What the competency pages and the PDF show, built once for both: an employee's profile
(radar, gap table, strengths, development areas against the current and a target post; the
nine-box follow-up of the latest box) and the summary of a unit or agency (JPM categories,
weakest competencies), each in a fixed number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from agencies.models import Instansi
from employees.models import Employee, HasilKompetensi, Kompetensi

from . import competency
from .competency_chart import Series, radar_svg
from .models import Placement, RencanaPengembangan, StandarKompetensi, TargetPost

COLOUR_ACHIEVED = "#1f4e79"
COLOUR_STANDARD = "#6c757d"
COLOUR_TARGET = "#d9822b"


@dataclass
class GapLine:
    kompetensi: Kompetensi
    standar: int | None
    capaian: int | None
    target: int | None

    @property
    def selisih(self) -> int | None:
        if self.standar is None or self.capaian is None:
            return None
        return self.capaian - self.standar

    @property
    def selisih_target(self) -> int | None:
        if self.target is None or self.capaian is None:
            return None
        return self.capaian - self.target


@dataclass
class Target:
    """A post the employee is measured against: its name and its standard (if any)."""

    key: str  # "t<pk>" for a target post, "s<pk>" for a named standard
    nama: str
    standar: StandarKompetensi | None


def target_choices(instansi: Instansi) -> list[Target]:
    """The agency's target posts and its posts with a standard of their own (two queries
    plus the resolver's two)."""
    resolver = competency.StandardResolver.for_instansi(instansi.pk)
    choices = [
        Target(
            f"t{post.pk}",
            post.nama_jabatan,
            resolver.for_post(post.nama_jabatan, post.jenis_jabatan_id),
        )
        for post in TargetPost.objects.filter(instansi=instansi).order_by("nama_jabatan")
    ]
    named = {c.nama.casefold() for c in choices}
    for standar in resolver.by_name.values():
        if standar.nama_jabatan.casefold() not in named:
            choices.append(Target(f"s{standar.pk}", standar.nama_jabatan, standar))
    return sorted(choices, key=lambda c: c.nama.casefold())


def profile(employee: Employee, target_key: str = "") -> dict:
    """Everything the competency page and its PDF show for one employee."""
    kompetensi = list(Kompetensi.objects.filter(aktif=True).order_by("urutan", "kode"))
    result = competency.latest_result(employee)
    achieved = result.levels() if result else {}
    resolver = competency.StandardResolver.for_instansi(employee.instansi_id)
    current = resolver.for_employee(employee)
    targets = target_choices(employee.instansi)
    target = next((t for t in targets if t.key == target_key), None)
    standard = current.levels() if current else {}
    target_levels = target.standar.levels() if target and target.standar else {}
    bands = result.metode if result else None
    jpm = competency.job_person_match(achieved, standard, bands=bands)
    jpm_target = (
        competency.job_person_match(achieved, target_levels, bands=bands) if target else None
    )
    shown = [
        k for k in kompetensi if k.kode in achieved or k.kode in standard or k.kode in target_levels
    ]
    lines = [
        GapLine(k, standard.get(k.kode), achieved.get(k.kode), target_levels.get(k.kode))
        for k in shown
    ]
    names = {k.kode: k for k in kompetensi}
    against = target_levels or standard
    gap_lines = competency.gaps(achieved, against, order=[k.kode for k in shown])
    series = []
    if standard:
        series.append(Series("Standar jabatan saat ini", standard, COLOUR_STANDARD, dashed=True))
    if target_levels:
        series.append(Series(f"Standar {target.nama}", target_levels, COLOUR_TARGET, dashed=True))  # type: ignore[union-attr]
    if achieved:
        series.append(Series("Capaian", achieved, COLOUR_ACHIEVED, fill=True))
    radar = radar_svg(
        [(k.kode, k.nama) for k in shown],
        series,
        title=f"Kompetensi {employee.nama}: standar dan capaian",
    )
    return {
        "employee": employee,
        "result": result,
        "results": list(
            HasilKompetensi.objects.filter(employee=employee).order_by("-tanggal", "-pk")[:10]
        ),
        "current": current,
        "targets": targets,
        "target": target,
        "jpm": jpm,
        "jpm_target": jpm_target,
        "lines": lines,
        "strengths": [names[g.kode] for g in competency.strengths(gap_lines) if g.kode in names],
        "development": [
            (names[g.kode], g) for g in competency.development_areas(gap_lines) if g.kode in names
        ],
        "radar": radar,
        "box": latest_box(employee),
        "plan": list(
            RencanaPengembangan.objects.filter(employee=employee)
            .select_related("kompetensi")
            .order_by("status", "tenggat", "pk")
        ),
        "band_sets": competency.band_sets(),
    }


@dataclass
class BoxFollowUp:
    placement: Placement
    box: int
    label: str
    actions: tuple[str, ...]


def latest_box(employee: Employee) -> BoxFollowUp | None:
    """The employee's box in the newest computed period, with that period's follow-up."""
    placement = (
        Placement.objects.filter(employee=employee, kotak__isnull=False)
        .select_related("period")
        .order_by("-period__tahun_skp", "-period__pk")
        .first()
    )
    if placement is None or placement.kotak is None:
        return None
    rules = placement.period.rules
    return BoxFollowUp(
        placement,
        placement.kotak,
        rules.label(placement.kotak),
        rules.recommendation(placement.kotak),
    )


@dataclass
class UnitSummary:
    nama: str
    counts: Counter = field(default_factory=Counter)  # kategori kode -> employees
    assessed: int = 0
    no_standard: int = 0
    total: int = 0

    cells: list[int] = field(default_factory=list)  # per category of the band set, in order

    @property
    def incomplete(self) -> int:
        return self.counts["tidak_lengkap"]

    @property
    def not_assessed(self) -> int:
        return self.total - self.assessed


@dataclass
class WeakCompetency:
    kompetensi: Kompetensi
    below: int  # employees below their post's standard
    measured: int  # employees with both a level and a required level
    mean_gap: Decimal  # mean of achieved - required (negative: short)

    @property
    def mean_gap_text(self) -> str:
        return f"{self.mean_gap:+.2f}".replace(".", ",").replace("-", "−")


def summary(employees: QuerySet[Employee], bands: str = competency.DEFAULT_SET) -> dict:
    """JPM categories per unit and in all, and the competencies most often below standard,
    for the given employees (one agency). A fixed number of queries whatever their count."""
    rows = list(
        employees.order_by().values_list(
            "pk", "instansi_id", "unit__nama", "jabatan", "jenis_jabatan_id", "jenjang_fungsional"
        )
    )
    band_set = competency.band_set(bands)
    levels = competency.latest_levels([row[0] for row in rows])
    resolvers: dict[int, competency.StandardResolver] = {}
    units: dict[str, UnitSummary] = {}
    total = UnitSummary("Seluruh unit")
    gaps: dict[str, list[int]] = defaultdict(list)
    for pk, instansi_id, unit, jabatan, jenis_id, jenjang in rows:
        resolver = resolvers.get(instansi_id)
        if resolver is None:
            resolver = resolvers[instansi_id] = competency.StandardResolver.for_instansi(
                instansi_id
            )
        line = units.setdefault(unit or "-", UnitSummary(unit or "-"))
        for target in (line, total):
            target.total += 1
        if pk not in levels:
            continue
        _metode, achieved = levels[pk]
        for target in (line, total):
            target.assessed += 1
        standar = resolver.for_post(jabatan, jenis_id, jenjang)
        if standar is None:
            for target in (line, total):
                target.no_standard += 1
            continue
        required = standar.levels()
        result = competency.job_person_match(achieved, required, bands=band_set)
        kode = result.band or "tidak_lengkap"
        for target in (line, total):
            target.counts[kode] += 1
        for k, need in required.items():
            if achieved.get(k):
                gaps[k].append(achieved[k] - need)
    names = {k.kode: k for k in Kompetensi.objects.all()}
    weakest = sorted(
        (
            WeakCompetency(
                names[k],
                sum(1 for g in values if g < 0),
                len(values),
                (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01")),
            )
            for k, values in gaps.items()
            if k in names and values
        ),
        key=lambda w: (w.mean_gap, -w.below, w.kompetensi.urutan),
    )
    for line in (*units.values(), total):
        line.cells = [line.counts[k.kode] for k in band_set.kategori]
    return {
        "units": [units[name] for name in sorted(units)],
        "total": total,
        "band_set": band_set,
        "weakest": weakest,
    }
