"""The data-quality index as a fact for the assessment (#14), computed exactly as the
data-quality page computes it (employees.quality); registered from EmployeesConfig.ready.

The checks run in Python over every active record (about a second for 20,000 on a busy
machine), so the index is cached under a key that changes whenever the records can have:
their count, their latest change and the day (the plausibility rules read today's date). One
aggregate query on a hit."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.facts import FactValue, register

from . import quality
from .models import Employee


@register("indeks_kualitas_data", _("Indeks kualitas data ASN"), url_name="employees:data_quality")
def data_quality_index(instansi_id: int, year: int) -> FactValue:
    employees = Employee.objects.filter(instansi_id=instansi_id)
    state = employees.aggregate(n=Count("pk"), latest=Max("updated"))
    if not state["n"]:
        return FactValue(None, 0, 0)
    latest = state["latest"].isoformat() if state["latest"] else ""
    key = f"facts:dq:{instansi_id}:{state['n']}:{latest}:{timezone.localdate().isoformat()}"
    cached = cache.get(key)
    if cached is None:
        report = quality.agency_report(employees)
        cached = (round(report.index, 1), report.total) if report.total else (None, 0)
        cache.set(key, cached, 24 * 3600)
    return FactValue(cached[0], None, cached[1])
