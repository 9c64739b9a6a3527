"""An employee's competency profile as a PDF: the same radar SVG, gap table, strengths,
development areas and IDP as the page (talent.competency_report.profile)."""

from __future__ import annotations

from django.utils import timezone, translation

from core.dates import tanggal_jam
from core.pdf import render_template_pdf
from employees.models import Employee

from .competency_report import profile

TEMPLATE = "talent/competency_pdf.html"


def render_profile(employee: Employee, target_key: str = "", *, now=None) -> bytes:
    with translation.override("id"):
        context = profile(employee, target_key)
        context["generated"] = tanggal_jam(now or timezone.now())
        return render_template_pdf(TEMPLATE, context)
