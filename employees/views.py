"""Screens for ASN records: list, detail with history, create, edit, deactivate, export.

Everyone who may see an agency reads its records; only the agency's admin (and the
superadmin) changes them. Every fetch goes through agencies.scoping: another agency's
record answers 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agencies.models import AuditEvent, User
from agencies.permissions import role_required
from agencies.scoping import get_for_user, scope
from core.downloads import download
from core.spreadsheets import CSV_TYPE, XLSX_TYPE, write_csv, write_table

from . import nip as nip_rules
from . import quality
from .forms import (
    DataQualityForm,
    DeactivateForm,
    EmployeeFilterForm,
    EmployeeForm,
    TransferRequestForm,
)
from .history import history_entries
from .models import Employee, TransferRequest
from .pegawai_import import EXPORT_HEADERS, export_rows
from .transfer import NIP_NOT_HERE, transfer_request_create

PAGE_SIZE = 50
EDITORS = (User.Role.ADMIN_INSTANSI,)


def can_edit_employees(user: User) -> bool:
    return user.is_superadmin or user.role in EDITORS


def _filtered(request) -> tuple[EmployeeFilterForm, QuerySet[Employee]]:
    form = EmployeeFilterForm(request.GET or None, user=request.user)
    employees = scope(Employee.objects.all(), request.user)
    return form, form.filter(employees)


@login_required
def employee_list(request):
    form, employees = _filtered(request)
    employees = employees.select_related("golongan", "jenis_jabatan", "unit", "instansi")
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employees/employee_list.html",
        {"form": form, "page": page, "can_edit": can_edit_employees(request.user)},
    )


@login_required
def employee_detail(request, pk: int):
    employee = get_for_user(
        Employee.objects.select_related(
            "golongan", "jenis_jabatan", "unit", "instansi", "pendidikan"
        ),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "employees/employee_detail.html",
        {
            "employee": employee,
            "history": history_entries(employee),
            "can_edit": can_edit_employees(request.user),
        },
    )


@role_required(*EDITORS)
def employee_create(request):
    instansi = request.user.instansi
    if instansi is None:
        # A superadmin adds records through an agency's import or the admin site.
        raise PermissionDenied
    form = EmployeeForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        employee = form.save()
        messages.success(request, _("Pegawai %(name)s ditambahkan.") % {"name": employee.nama})
        return redirect("employees:detail", pk=employee.pk)
    return render(request, "employees/employee_form.html", _form_context(form))


@role_required(*EDITORS)
def employee_edit(request, pk: int):
    employee = get_for_user(Employee.objects.all(), request.user, edit=True, pk=pk)
    form = EmployeeForm(request.POST or None, instance=employee, instansi=employee.instansi)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Data %(name)s disimpan.") % {"name": employee.nama})
        return redirect("employees:detail", pk=employee.pk)
    return render(request, "employees/employee_form.html", _form_context(form, employee))


def _form_context(form: EmployeeForm, employee: Employee | None = None) -> dict:
    # Another agency's NIP: offer the transfer request beside the form.
    not_here = NIP_NOT_HERE in form.errors.get("nip", [])
    transfer_nip = nip_rules.normalise(form["nip"].value()) if not_here else None
    return {"form": form, "employee": employee, "transfer_nip": transfer_nip}


@role_required(*EDITORS)
def employee_deactivate(request, pk: int):
    employee = get_for_user(Employee.objects.all(), request.user, edit=True, pk=pk)
    if not employee.aktif:
        messages.info(request, _("Pegawai ini sudah nonaktif."))
        return redirect("employees:detail", pk=pk)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        employee.deactivate(form.cleaned_data["alasan"], form.cleaned_data["keterangan"])
        messages.success(request, _("%(name)s dinonaktifkan.") % {"name": employee.nama})
        return redirect("employees:detail", pk=pk)
    return render(
        request, "employees/employee_deactivate.html", {"form": form, "employee": employee}
    )


@role_required(*EDITORS)
def employee_reactivate(request, pk: int):
    employee = get_for_user(Employee.objects.all(), request.user, edit=True, pk=pk)
    if request.method != "POST":
        return render(request, "employees/employee_reactivate.html", {"employee": employee})
    employee.reactivate()
    messages.success(request, _("%(name)s diaktifkan kembali.") % {"name": employee.nama})
    return redirect("employees:detail", pk=pk)


@role_required(User.Role.ADMIN_INSTANSI, User.Role.REVIEWER)
def employee_export(request, fmt: str):
    form, employees = _filtered(request)
    rows = export_rows(employees)
    stamp = dt.date.today().strftime("%Y%m%d")
    if fmt == "csv":
        # NIP with SIASN's apostrophe; the .xlsx (the default) stores it as a text cell.
        content, mime = write_csv(EXPORT_HEADERS, rows, text_columns=[0]), CSV_TYPE
    else:
        content, mime = write_table(EXPORT_HEADERS, rows, text_columns=[0]), XLSX_TYPE
    AuditEvent.record(
        action="employees.export",
        summary=f"Ekspor data pegawai ({fmt})",
        actor=request.user,
        instansi=request.user.instansi,
        format=fmt,
        filter={k: v for k, v in request.GET.items() if k != "page"},
    )
    return download(content, filename=f"pegawai-{stamp}.{fmt}", content_type=mime)


def _quality(request) -> tuple[DataQualityForm, object, quality.Report | None, str | None]:
    """The data-quality form, the agency, its report and the chosen check, all scoped: an
    agency the user may not see answers 404."""
    form = DataQualityForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        raise Http404
    instansi = form.agency()
    if instansi is None:
        return form, None, None, None
    employees = scope(Employee.objects.filter(instansi=instansi), request.user)
    report = quality.agency_report(employees)
    check = form.cleaned_data.get("cek") if form.is_bound else ""
    return form, instansi, report, check or None


@login_required
def data_quality(request):
    """An agency's data quality in BKN's four dimensions; each figure opens its rows."""
    form, instansi, report, check = _quality(request)
    context = {"form": form, "instansi": instansi, "report": report}
    if report is not None:
        context["dimensions"] = list(report.dimensions())
    if check:
        context["check"] = quality.CHECK_BY_KEY[check]
        context["page"] = Paginator(quality.findings(report, check), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(request, "employees/data_quality.html", context)


@role_required(User.Role.ADMIN_INSTANSI, User.Role.REVIEWER)
def data_quality_export(request):
    """The rows behind the figures (one check's, or all) as .xlsx, formulas neutralised."""
    form, instansi, report, check = _quality(request)
    if report is None:
        raise Http404
    rows = (
        [
            f.record["nip"],
            f.record["nama"],
            f.record["unit__nama"] or "",
            str(quality.DIMENSIONS[f.check.dimension]),
            str(f.check.label),
            f.detail,
        ]
        for f in quality.findings(report, check)
    )
    headers = ["NIP", "NAMA", "UNIT KERJA", "DIMENSI", "PEMERIKSAAN", "KETERANGAN"]
    content = write_table(headers, rows, text_columns=[0])
    AuditEvent.record(
        action="employees.data_quality_export",
        summary=f"Ekspor kualitas data pegawai {instansi}",
        actor=request.user,
        instansi=instansi,
        check=check or "",
    )
    stamp = dt.date.today().strftime("%Y%m%d")
    filename = f"kualitas-data-{instansi.kode_bkn}-{check or 'semua'}-{stamp}.xlsx"
    return download(content, filename=filename, content_type=XLSX_TYPE)


@role_required(*EDITORS)
def transfer_request(request):
    """Ask the province's reviewer to move a record here. The answer is the same whether the
    NIP exists anywhere or not (employees.transfer)."""
    instansi = request.user.instansi
    if instansi is None:
        raise PermissionDenied
    form = TransferRequestForm(request.POST or None, initial={"nip": request.GET.get("nip")})
    if request.method == "POST" and form.is_valid():
        transfer_request_create(instansi=instansi, actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Permintaan pindah untuk NIP %(nip)s dikirim ke reviewer provinsi.")
            % {"nip": form.cleaned_data["nip"]},
        )
        return redirect("employees:list")
    return render(request, "employees/transfer_request.html", {"form": form})


@role_required(User.Role.REVIEWER)
def transfer_list(request):
    """The reviewer's list of transfer requests from the agencies they review."""
    requests = scope(
        TransferRequest.objects.select_related("instansi", "requested_by"), request.user
    )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employees/transfer_list.html", {"page": page})
