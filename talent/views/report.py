"""The nine-box report PDF of one period (see report_pdf.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required

from agencies.models import AuditEvent
from core.downloads import download
from core.ratelimit import pdf_limited

from ..report_pdf import render_report
from ..selectors import get_period


@login_required
@pdf_limited
def period_report(request, pk: int):
    """Whoever may see the period's grid may print it; another agency's period is 404."""
    period = get_period(request.user, pk)
    content = render_report(period)
    AuditEvent.record(
        action="talent.period.report",
        summary=f"Laporan nine-box periode {period.nama} diunduh",
        actor=request.user,
        instansi=period.instansi,
        period=period.pk,
    )
    filename = f"nine-box-{period.instansi.kode_bkn}-{period.nama}.pdf".replace(" ", "-")
    return download(content, filename=filename, content_type="application/pdf")
