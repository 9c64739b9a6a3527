"""What the talent pages show, computed in the database with a constant number of queries:
the grid counts, the distribution chart, transitions between periods and a person's movement
(succession candidates: talent/succession.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from employees.models import Employee

from . import ninebox
from .models import MappingPeriod, Placement


@dataclass
class Cell:
    box: int
    label: str
    kinerja: str
    potensial: str
    count: int = 0
    percent: float = 0.0
    groups: list[str] = field(default_factory=list)

    @property
    def kinerja_title(self) -> str:
        return ninebox.KINERJA_TITLE[self.kinerja]


@dataclass
class GridSummary:
    rows: list[list[Cell]]
    cells: dict[int, Cell]
    mapped: int
    not_mappable: int

    @property
    def total(self) -> int:
        return self.mapped + self.not_mappable

    @property
    def potensial_titles(self) -> list[str]:
        """Column headings in drawing order (the map may number boxes differently)."""
        return [ninebox.POTENSIAL_TITLE[cell.potensial] for cell in self.rows[0]]


def grid_summary(
    placements: QuerySet[Placement], box_field: str, rules: ninebox.Pengaturan
) -> GridSummary:
    """Counts per box in one GROUP BY query; percentages are of the mapped employees."""
    counts = dict(
        placements.order_by()
        .values_list(box_field)
        .annotate(n=Count("pk"))
        .values_list(box_field, "n")
    )
    not_mappable = counts.pop(None, 0)
    mapped = sum(counts.values())
    cells: dict[int, Cell] = {}
    rows = []
    for row in rules.rows():
        cell_row = []
        for box in row:
            kinerja, potensial = rules.levels(box)
            count = counts.get(box, 0)
            cell = Cell(
                box=box,
                label=rules.label(box),
                kinerja=kinerja,
                potensial=potensial,
                count=count,
                percent=round(100 * count / mapped, 1) if mapped else 0.0,
                groups=rules.succession_groups(box),
            )
            cells[box] = cell
            cell_row.append(cell)
        rows.append(cell_row)
    return GridSummary(rows=rows, cells=cells, mapped=mapped, not_mappable=not_mappable)


def distribution_svg(summary: GridSummary) -> SafeString:
    """A horizontal bar chart of the nine boxes, 9 on top: plain SVG, so the same picture goes
    into the page and into a PDF."""
    width, label_width, bar_height, gap = 400, 64, 22, 8
    top = max((c.count for c in summary.cells.values()), default=0) or 1
    bars = []
    for index, box in enumerate(range(9, 0, -1)):
        cell = summary.cells[box]
        y = index * (bar_height + gap)
        bar = round((width - label_width - 100) * cell.count / top)
        bars.append(
            {
                "cell": cell,
                "y": y,
                "text_y": y + round(bar_height * 0.7),
                "width": bar,
                "value_x": label_width + bar + 6,
                "succession": bool(cell.groups),
            }
        )
    return render_to_string(
        "talent/distribution.svg",
        {
            "bars": bars,
            "width": width,
            "height": 9 * (bar_height + gap),
            "bar_height": bar_height,
            "label_width": label_width,
        },
    )


def transition_table(
    earlier: MappingPeriod, later: MappingPeriod, box_field: str = "kotak"
) -> dict:
    """How many employees moved from each box of `earlier` to each box of `later`, in one
    query. Row/column 0 collects those without a box (not mappable or not in that period)."""
    previous = Placement.objects.filter(period=earlier, employee=OuterRef("employee")).values(
        box_field
    )[:1]
    rows = (
        Placement.objects.filter(period=later)
        .annotate(dari=Subquery(previous))
        .order_by()
        .values_list("dari", box_field)
        .annotate(n=Count("pk"))
    )
    matrix: dict[int, dict[int, int]] = {a: dict.fromkeys(range(10), 0) for a in range(10)}
    for dari, ke, n in rows:
        matrix[dari or 0][ke or 0] += n
    order = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
    return {
        "order": order,
        "rows": [(a, [matrix[a][b] for b in order], sum(matrix[a].values())) for a in order],
        "totals": [sum(matrix[a][b] for a in order) for b in order],
        "moved": sum(matrix[a][b] for a in range(1, 10) for b in range(1, 10) if a != b),
        "stayed": sum(matrix[a][a] for a in range(1, 10)),
    }


def movement(employee: Employee, periods: QuerySet[MappingPeriod]) -> list[Placement]:
    """The employee's placement in each of the given periods, oldest first."""
    return list(
        Placement.objects.filter(employee=employee, period__in=periods)
        .select_related("period")
        .order_by("period__tahun_skp", "period__nama")
    )


BOXES = [9, 8, 7, 6, 5, 4, 3, 2, 1]


def by_unit(period: MappingPeriod) -> list[dict]:
    """Per unit: employees per box (9..1), not mappable, total. One GROUP BY query."""
    counts = (
        Placement.objects.filter(period=period)
        .order_by()
        .values_list("unit__nama", "kotak")
        .annotate(n=Count("pk"))
    )
    units: dict[str, dict] = {}
    for unit, box, n in counts:
        row = units.setdefault(
            unit or "-", {"unit": unit or "-", "boxes": dict.fromkeys(BOXES, 0), "none": 0}
        )
        if box is None:
            row["none"] += n
        else:
            row["boxes"][box] += n
    result = []
    for name in sorted(units):
        row = units[name]
        row["cells"] = [row["boxes"][b] for b in BOXES]
        row["total"] = sum(row["cells"]) + row["none"]
        result.append(row)
    return result


def unit_distribution(period: MappingPeriod) -> dict:
    """Per unit and for the agency: the share of mapped employees in each box (9..1) beside
    the expected distribution of the period's settings, and the difference. One query."""
    expected = period.rules.distribusi_harapan
    units = by_unit(period)
    totals = dict.fromkeys(BOXES, 0)
    for row in units:
        for box in BOXES:
            totals[box] += row["boxes"][box]

    def shares(counts: dict[int, int]) -> list[dict]:
        mapped = sum(counts.values())
        cells = []
        for box in BOXES:
            percent = round(100 * counts[box] / mapped, 1) if mapped else 0.0
            hope = float(expected.get(box, 0))
            cells.append(
                {
                    "box": box,
                    "count": counts[box],
                    "percent": percent,
                    "expected": hope,
                    "diff": round(percent - hope, 1),
                }
            )
        return cells

    for row in units:
        row["shares"] = shares(row["boxes"])
        row["mapped"] = sum(row["boxes"].values())
    return {
        "units": units,
        "agency": shares(totals),
        "mapped": sum(totals.values()),
        "expected": [float(expected.get(box, 0)) for box in BOXES],
    }


def not_mappable_counts(placements: QuerySet[Placement]) -> list[tuple[str, str, int]]:
    """(code, label, count) per reason of the not-mappable placements, most first; one
    GROUP BY."""
    rows = (
        placements.filter(kotak_hitung__isnull=True)
        .order_by()
        .values_list("alasan")
        .annotate(n=Count("pk"))
        .values_list("alasan", "n")
    )
    counts = [(code, ninebox.ALASAN_LABEL.get(code, code or "-"), n) for code, n in rows]
    return sorted(counts, key=lambda row: (-row[2], row[1]))
