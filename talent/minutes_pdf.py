"""The minutes (*notulen*) of a calibration meeting as a PDF: who sat, the grid and the
distribution against the expected one, every move with its reason and warning, the
conclusions and a signature line per member. Rendered with core.pdf, in Indonesian."""

from __future__ import annotations

from django.utils import timezone, translation

from core.dates import tanggal, tanggal_jam
from core.pdf import render_template_pdf

from . import reports
from .models import CalibrationMeeting, Placement

TEMPLATE = "talent/minutes_pdf.html"


def minutes_context(meeting: CalibrationMeeting, *, now=None) -> dict:
    now = now or timezone.now()
    period = meeting.period
    summary = reports.grid_summary(Placement.objects.filter(period=period), "kotak", period.rules)
    return {
        "meeting": meeting,
        "period": period,
        "instansi": period.instansi,
        "members": meeting.members(),
        "summary": summary,
        "distribution": reports.unit_distribution(period),
        "boxes": reports.BOXES,
        "moves": list(
            meeting.perpindahan.select_related("employee", "oleh").order_by("waktu", "pk")
        ),
        "tanggal": tanggal(meeting.tanggal),
        "closed": tanggal_jam(meeting.selesai_pada) if meeting.selesai_pada else "",
        "generated": tanggal_jam(now),
    }


def render_minutes(meeting: CalibrationMeeting, *, now=None) -> bytes:
    with translation.override("id"):
        return render_template_pdf(TEMPLATE, minutes_context(meeting, now=now))
