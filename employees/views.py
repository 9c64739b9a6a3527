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
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agencies.models import AuditEvent, User
from agencies.permissions import role_required
from agencies.scoping import get_for_user, scope
from core.downloads import download
from core.spreadsheets import CSV_TYPE, XLSX_TYPE, write_csv, write_table

from .forms import DeactivateForm, EmployeeFilterForm, EmployeeForm
from .history import history_entries
from .models import Employee
from .pegawai_import import EXPORT_HEADERS, export_rows

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
    return render(request, "employees/employee_form.html", {"form": form})


@role_required(*EDITORS)
def employee_edit(request, pk: int):
    employee = get_for_user(Employee.objects.all(), request.user, edit=True, pk=pk)
    form = EmployeeForm(request.POST or None, instance=employee, instansi=employee.instansi)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Data %(name)s disimpan.") % {"name": employee.nama})
        return redirect("employees:detail", pk=employee.pk)
    return render(request, "employees/employee_form.html", {"form": form, "employee": employee})


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
        content, mime = write_csv(EXPORT_HEADERS, rows), CSV_TYPE
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
