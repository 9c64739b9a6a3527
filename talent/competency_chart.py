"""The competency radar (spider-web) chart: standard against achieved level per competency,
as plain SVG rendered on the server, so the page and the PDF show the same picture."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_LEVEL = 5
SIZE = 460
CENTRE = SIZE / 2
RADIUS = 150
PAD_X = 70  # room for the axis labels left and right of the square
LEGEND_LINE = 20


@dataclass(frozen=True)
class Series:
    label: str
    levels: Mapping[str, int | None]  # kompetensi kode -> level (missing: not drawn)
    colour: str
    dashed: bool = False
    fill: bool = False


def _point(index: int, count: int, level: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * level / MAX_LEVEL
    return CENTRE + r * math.cos(angle), CENTRE + r * math.sin(angle)


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _short(label: str, limit: int = 22) -> list[str]:
    """A label on at most two lines of about `limit` characters."""
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])[: limit - 1] + "…"]
    return lines


def radar_svg(
    axes: Sequence[tuple[str, str]], series: Sequence[Series], *, title: str = ""
) -> SafeString:
    """axes: (kode, label) per competency, clockwise from the top; series drawn in order.
    With fewer than three axes a radar says nothing: a note is drawn instead."""
    count = len(axes)
    title = title or "Kompetensi: standar dan capaian"
    height = SIZE + LEGEND_LINE * len(series) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-PAD_X} 0 {SIZE + 2 * PAD_X} '
        f'{height}" '
        f'width="100%" role="img" aria-labelledby="radar-judul" data-testid="radar-chart" '
        f'font-family="sans-serif">',
        f'<title id="radar-judul">{escape(title)}</title>',
    ]
    if count < 3:
        parts.append(
            f'<text x="{CENTRE}" y="{CENTRE}" text-anchor="middle" font-size="14" fill="#555">'
            "Data kompetensi belum cukup untuk grafik radar.</text></svg>"
        )
        return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
    for level in range(1, MAX_LEVEL + 1):
        ring = " ".join(
            f"{_fmt(x)},{_fmt(y)}" for x, y in (_point(i, count, level) for i in range(count))
        )
        parts.append(f'<polygon points="{ring}" fill="none" stroke="#d0d7de" stroke-width="1"/>')
        x, y = _point(0, count, level)
        parts.append(
            f'<text x="{_fmt(x + 4)}" y="{_fmt(y + 4)}" font-size="10" fill="#888">{level}</text>'
        )
    for index, (_kode, label) in enumerate(axes):
        x, y = _point(index, count, MAX_LEVEL)
        parts.append(
            f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{_fmt(x)}" y2="{_fmt(y)}" stroke="#d0d7de"/>'
        )
        lx, ly = _point(index, count, MAX_LEVEL + 0.55)
        anchor = "middle" if abs(lx - CENTRE) < 20 else ("start" if lx > CENTRE else "end")
        for line_no, line in enumerate(_short(label)):
            parts.append(
                f'<text x="{_fmt(lx)}" y="{_fmt(ly + line_no * 13)}" font-size="11.5" '
                f'text-anchor="{anchor}" fill="#333">{escape(line)}</text>'
            )
    for item in series:
        points = [
            _point(i, count, value)
            for i, (kode, _label) in enumerate(axes)
            if (value := item.levels.get(kode))
        ]
        if not points:
            continue
        coords = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)
        dash = ' stroke-dasharray="6 4"' if item.dashed else ""
        fill = f'fill="{item.colour}" fill-opacity="0.18"' if item.fill else 'fill="none"'
        shape = "polygon" if len(points) == count else "polyline"
        parts.append(
            f'<{shape} points="{coords}" {fill} stroke="{item.colour}" stroke-width="2.2"{dash}>'
            f"<title>{escape(item.label)}</title></{shape}>"
        )
        for x, y in points:
            parts.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3" fill="{item.colour}"/>')
    for row, item in enumerate(series):
        dash = ' stroke-dasharray="6 4"' if item.dashed else ""
        y = SIZE + LEGEND_LINE * row
        parts.append(
            f'<line x1="40" y1="{y}" x2="70" y2="{y}" '
            f'stroke="{item.colour}" stroke-width="2.5"{dash}/>'
            f'<text x="78" y="{y + 4}" font-size="13" fill="#333">{escape(item.label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
