"""Performance (SKP) and potential records, edited in the browser by the agency's admin."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import AuditEvent
from agencies.permissions import role_required
from agencies.scoping import get_for_user, scope
from employees import nip as nip_rules

from ..forms import PerformanceRecordForm, PotentialRecordForm
from ..models import PerformanceRecord, PotentialRecord
from ..permissions import MANAGER_ROLES, managed_instansi
from ..selectors import PAGE_SIZE

KINDS = {
    "kinerja": {
        "model": PerformanceRecord,
        "form": PerformanceRecordForm,
        "title": gettext_lazy("Data kinerja (SKP)"),
        "order": ("-tahun", "employee__nama"),
    },
    "potensial": {
        "model": PotentialRecord,
        "form": PotentialRecordForm,
        "title": gettext_lazy("Data potensial"),
        "order": ("-tanggal", "employee__nama"),
    },
}


def _kind(kind: str) -> dict:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


@role_required(*MANAGER_ROLES)
def record_list(request, kind: str):
    spec = _kind(kind)
    records = scope(
        spec["model"].objects.select_related("employee", "employee__instansi"),
        request.user,
        "employee__instansi",
        edit=True,
    )
    query = request.GET.get("q", "").strip()
    if query:
        digits = nip_rules.normalise(query)
        records = records.filter(
            Q(employee__nip__startswith=digits)
            if digits.isdigit()
            else Q(employee__nama__icontains=query)
        )
    page = Paginator(records.order_by(*spec["order"]), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/record_list.html",
        {"page": page, "kind": kind, "title": spec["title"], "query": query},
    )


@role_required(*MANAGER_ROLES)
def record_edit(request, kind: str, pk: int | None = None):
    spec = _kind(kind)
    if pk is None:
        instance = None
        instansi = managed_instansi(request)
    else:
        instance = get_for_user(
            spec["model"].objects.select_related("employee__instansi"),
            request.user,
            "employee__instansi",
            edit=True,
            pk=pk,
        )
        instansi = instance.employee.instansi
    # "Lengkapi data" links from the not-mappable list name the employee.
    initial = {"nip": request.GET["nip"]} if pk is None and request.GET.get("nip") else None
    form = spec["form"](request.POST or None, instance=instance, instansi=instansi, initial=initial)
    if request.method == "POST" and form.is_valid():
        record = form.save()
        AuditEvent.record(
            action=f"talent.{kind}.{'update' if pk else 'create'}",
            summary=f"{spec['title']} {record.employee.nip}: {record}",
            actor=request.user,
            instansi=instansi,
            record=record.pk,
        )
        messages.success(request, _("Data disimpan untuk %(nama)s.") % {"nama": record.employee})
        return redirect("talent:record_list", kind=kind)
    return render(
        request,
        "talent/record_form.html",
        {"form": form, "kind": kind, "title": spec["title"], "record": instance},
    )
