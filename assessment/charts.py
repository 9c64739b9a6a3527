"""Server-side SVG charts: one chart, two places. The web page includes the same markup
that the PDF renders, so what a reviewer sees on screen is what is printed.

Plain strings built with format_html (every label escaped); no JavaScript, no external
resources, so the markup is safe inside WeasyPrint and inside a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

SELF_COLOUR = "#8fb3de"
VERIFIED_COLOUR = "#1f5a99"
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#cccccc"
FONT = "DejaVu Sans, Liberation Sans, sans-serif"


@dataclass(frozen=True)
class AspectBar:
    label: str
    self_level: Decimal | None
    verified_level: Decimal | None
    # What the chart prints beside the bars: the aspect's number in the table beside it.
    # The whole name cost the PDF ~5 ms (WeasyPrint lays out SVG text letter by letter).
    key: str = ""


def aspect_bars(rows: Sequence[dict]) -> list[AspectBar]:
    """The bars for rows of {"aspect", "self", "verified"} (results.aspect_rows, used by
    views.summary and the scorecard), so both places draw from the same numbers. An aspect
    not fully verified has no verified bar."""
    return [
        AspectBar(
            label=f"{row['aspect'].order}. {row['aspect'].name}",
            key=str(row["aspect"].order),
            self_level=row["self"].level if row["self"] else None,
            verified_level=row["verified"].level if row["verified"] else None,
        )
        for row in rows
    ]


def _num(value: float) -> str:
    return f"{value:.1f}"


def scale_ticks(answer_scale: Sequence[dict]) -> list[tuple[Decimal, str]]:
    """Grid lines for an instrument's answer scale: 0, then each level at its value, labelled
    with its score (1-4 for 2019, where the value is the score; 1-5 at 0.2-1.0 for 2026)."""
    return [(Decimal(0), "0")] + [
        (Decimal(str(item["value"])), str(item["score"])) for item in answer_scale
    ]


def aspect_chart(
    bars: Sequence[AspectBar],
    *,
    max_level: int = 4,
    ticks: Sequence[tuple[Decimal, str]] | None = None,
) -> SafeString:
    """Horizontal bars per aspect: the self level and the verified level, on the answer
    scale's values (`ticks`, from scale_ticks); without ticks, levels 0..max_level.

    The bars carry no numbers: the table beside the chart, on the page and in the PDF,
    prints each level with the one rounding (core.formats), so no label can disagree with
    it (the bars once said 2,66 where the table said 2,67). A label per bar also cost the
    PDF about 8 ms of its ~200: WeasyPrint lays out SVG text one letter at a time. For the
    same reason a bar from aspect_bars is keyed by the aspect's number, as the table names it."""
    if ticks is None:
        ticks = [(Decimal(level), str(level)) for level in range(0, max_level + 1)]
    top_value = float(max(value for value, _label in ticks)) or 1.0
    # Keyed bars (the aspect's number) leave the label column narrow; bars without a key
    # (other callers) keep room for their label.
    keyed = all(bar.key for bar in bars)
    label_w, bar_w, row_h, top = (40 if keyed else 250), 300, 26, 28
    width = label_w + bar_w + 50
    height = top + row_h * len(bars) + 24
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" '
            'role="img" aria-label="{}" font-family="{}" font-size="11" class="merit-chart">',
            width,
            height,
            width,
            height,
            _("Level per aspek (bernomor seperti pada tabel): mandiri dan verifikasi"),
            FONT,
        ),
        # Legend.
        format_html(
            '<rect x="{}" y="6" width="12" height="10" fill="{}"/>'
            '<text x="{}" y="15" fill="{}">{}</text>'
            '<rect x="{}" y="6" width="12" height="10" fill="{}"/>'
            '<text x="{}" y="15" fill="{}">{}</text>',
            label_w,
            SELF_COLOUR,
            label_w + 16,
            TEXT_COLOUR,
            _("Mandiri"),
            label_w + 100,
            VERIFIED_COLOUR,
            label_w + 116,
            TEXT_COLOUR,
            _("Verifikasi"),
        ),
    ]
    # Grid lines at the levels.
    for tick, level in ticks:
        x = label_w + bar_w * float(tick) / top_value
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="0.5"/>'
                '<text x="{}" y="{}" fill="{}" text-anchor="middle">{}</text>',
                _num(x),
                top - 4,
                _num(x),
                top + row_h * len(bars),
                GRID_COLOUR,
                _num(x),
                top + row_h * len(bars) + 14,
                TEXT_COLOUR,
                level,
            )
        )
    for index, bar in enumerate(bars):
        y = top + index * row_h
        parts.append(
            format_html(
                '<text x="{}" y="{}" fill="{}" text-anchor="end">{}</text>',
                label_w - 6,
                _num(y + row_h / 2 + 4),
                TEXT_COLOUR,
                bar.key or bar.label[:44],
            )
        )
        for offset, value, colour in (
            (3, bar.self_level, SELF_COLOUR),
            (13, bar.verified_level, VERIFIED_COLOUR),
        ):
            if value is None:
                continue
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="10" fill="{}"/>',
                    label_w,
                    _num(y + offset),
                    _num(bar_w * float(value) / top_value),
                    colour,
                )
            )
    # Every part is already escaped by format_html; joining keeps them safe.
    return format_html("{}</svg>", format_html_join("", "{}", ((part,) for part in parts)))


def category_chart(counts: Sequence[tuple[str, int]]) -> SafeString:
    """Vertical bars: how many agencies fall in each category (label, count)."""
    bar_w, gap, chart_h, top = 70, 18, 140, 16
    width = max(len(counts), 1) * (bar_w + gap) + gap
    height = top + chart_h + 36
    peak = max((count for _label, count in counts), default=0) or 1
    bars = []
    for index, (label, count) in enumerate(counts):
        h = chart_h * count / peak
        x = gap + index * (bar_w + gap)
        y = top + chart_h - h
        bars.append(
            (
                _num(x),
                _num(y),
                bar_w,
                _num(h),
                VERIFIED_COLOUR,
                _num(x + bar_w / 2),
                _num(y - 3),
                TEXT_COLOUR,
                count,
                _num(x + bar_w / 2),
                top + chart_h + 14,
                TEXT_COLOUR,
                label[:14],
            )
        )
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" fill="{}" text-anchor="middle">{}</text>'
        '<text x="{}" y="{}" fill="{}" text-anchor="middle" font-size="10">{}</text>',
        bars,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" aria-label="{}" font-family="{}" font-size="11" class="merit-chart">'
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}"/>{}</svg>',
        width,
        height,
        width,
        height,
        _("Sebaran kategori"),
        FONT,
        top + chart_h,
        width,
        top + chart_h,
        GRID_COLOUR,
        body,
    )
