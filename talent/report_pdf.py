"""The nine-box report of one agency and period as a PDF: the grid with counts, the
distribution chart (the same SVG as the grid page), the talent pool, the succession
candidates per target post and the distribution by unit.

Rendered with the project's PDF helpers (core.pdf: WeasyPrint with a fetcher
that serves only our static files, Debian fonts, "Halaman X dari Y")."""

from __future__ import annotations

from django.utils import timezone, translation

from core.dates import tanggal, tanggal_jam
from core.pdf import render_template_pdf

from . import ninebox, reports, succession
from .models import MappingPeriod, Placement, TargetPost

TEMPLATE = "talent/report_pdf.html"
# A talent pool of a large agency runs to thousands; the PDF lists the first ones and says
# how many more there are (the full list is in the .xlsx export).
POOL_LIMIT = 300
CANDIDATES_PER_POST = 5
BOXES = reports.BOXES


def report_context(period: MappingPeriod, *, now=None) -> dict:
    now = now or timezone.now()
    rules = period.rules
    summary = reports.grid_summary(Placement.objects.filter(period=period), "kotak", rules)
    pool_boxes = sorted(set(rules.suksesi_instansi) | set(rules.suksesi_nasional), reverse=True)
    pool_qs = (
        Placement.objects.filter(period=period, kotak__in=pool_boxes)
        .select_related("employee", "unit", "golongan")
        .order_by("-kotak", "employee__nama")
    )
    pool = list(pool_qs[: POOL_LIMIT + 1])
    posts = list(TargetPost.objects.filter(instansi=period.instansi).order_by("nama_jabatan"))
    referensi = succession.Referensi.load()
    candidate_lists = [
        {
            "post": post,
            "candidates": succession.candidates(
                post, period, limit=CANDIDATES_PER_POST, referensi=referensi
            ),
        }
        for post in posts
    ]
    # The grid's rows are kinerja levels, its columns potensial levels, in the rules' order.
    grid = [{"label": ninebox.KINERJA_LABEL[row[0].kinerja], "cells": row} for row in summary.rows]
    columns = [ninebox.POTENSIAL_LABEL[cell.potensial] for cell in summary.rows[0]]
    return {
        "period": period,
        "instansi": period.instansi,
        "summary": summary,
        "grid": grid,
        "columns": columns,
        "chart": reports.distribution_svg(summary),
        "pool": [
            {"placement": p, "groups": rules.succession_groups(p.kotak)} for p in pool[:POOL_LIMIT]
        ],
        "pool_more": len(pool) > POOL_LIMIT,
        "pool_total": pool_qs.count() if len(pool) > POOL_LIMIT else len(pool),
        "pool_boxes": pool_boxes,
        "succession": candidate_lists,
        "units": reports.by_unit(period),
        "boxes": BOXES,
        "generated": tanggal_jam(now),
        "computed": tanggal_jam(period.dihitung_pada) if period.dihitung_pada else "",
        "today": tanggal(now),
    }


def render_report(period: MappingPeriod, *, now=None) -> bytes:
    # The printed report is Indonesian whatever language the screen uses.
    with translation.override("id"):
        return render_template_pdf(TEMPLATE, report_context(period, now=now))
