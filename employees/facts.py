"""The data-quality index as a fact for the assessment (#14), computed exactly as the
data-quality page computes it (employees.quality); registered from EmployeesConfig.ready."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.facts import FactValue, register

from . import quality
from .models import Employee


@register("indeks_kualitas_data", _("Indeks kualitas data ASN"), url_name="employees:data_quality")
def data_quality_index(instansi_id: int, year: int) -> FactValue:
    report = quality.agency_report(Employee.objects.filter(instansi_id=instansi_id))
    if not report.total:
        return FactValue(None, 0, 0)
    return FactValue(round(report.index, 1), None, report.total)
