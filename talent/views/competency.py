"""Competency of each ASN: the list, an employee's profile (radar, gaps, IDP) and its PDF,
the agency summary, results, post standards and IDP items (edited by the agency's admin,
audited). Every object is fetched through agencies.scoping: another agency's is 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import AuditEvent, Instansi
from agencies.permissions import role_required
from agencies.scoping import get_for_user, get_instansi_for_user, scope
from core.downloads import download
from core.ratelimit import pdf_limited
from employees.models import Employee, HasilKompetensi

from .. import competency, competency_report
from ..competency_forms import (
    HasilKompetensiForm,
    RencanaPengembanganForm,
    StandarKompetensiForm,
    SummaryFilterForm,
)
from ..competency_pdf import render_profile
from ..models import RencanaPengembangan, StandarKompetensi
from ..permissions import MANAGER_ROLES, can_manage, managed_instansi
from ..selectors import PAGE_SIZE


def _employee(request, pk: int, *, edit: bool = False) -> Employee:
    return get_for_user(
        Employee.objects.select_related("instansi", "unit", "jenis_jabatan"),
        request.user,
        edit=edit,
        pk=pk,
    )


def _record(request, model: type[Model], employee: Employee, pk: int | None) -> Any:
    """One of the employee's own records to edit (a competency result, an IDP item), or
    None for a new one: another employee's or agency's answers 404."""
    if pk is None:
        return None
    return get_for_user(
        model.objects.all(), request.user, "employee__instansi", edit=True, pk=pk, employee=employee
    )


def _form_page(
    request,
    form: forms.BaseForm,
    employee: Employee,
    title: str,
    *,
    delete: tuple[str, str] | None = None,
) -> HttpResponse:
    """The edit page of one of the employee's records, back to their competency profile;
    `delete`, for a stored record: the URL that deletes it and the question asked first."""
    return render(
        request,
        "talent/competency_form.html",
        {
            "form": form,
            "title": title % {"nama": employee.nama_lengkap},
            "back": ("talent:competency_profile", employee.pk),
            "delete": delete,
        },
    )


def _deletion(
    url_name: str, employee: Employee, record: Model | None, question: str
) -> tuple[str, str] | None:
    """What the edit page of a stored record offers to delete it: its URL and the question
    asked first (`%(name)s`: the record); nothing for a new record."""
    if record is None:
        return None
    return reverse(url_name, args=[employee.pk, record.pk]), question % {"name": record}


def _delete(
    request, record: Model, employee: Employee, message: str, action: str, summary: str, **detail
):
    """Delete one of the employee's records, audited in the same transaction (its former
    state stays in the model's history), and go back to the profile with `message`
    (`%(name)s`: the record)."""
    with transaction.atomic():
        AuditEvent.record(
            action=action,
            summary=summary,
            actor=request.user,
            instansi=employee.instansi,
            record=record.pk,
            **detail,
        )
        record.delete()
    messages.success(request, message % {"name": record})
    return redirect("talent:competency_profile", employee_pk=employee.pk)


def _instansi(request) -> Instansi:
    """The agency a page is about: the user's own, or the one named (?instansi=)."""
    raw = request.GET.get("instansi") or request.user.instansi_id
    try:
        return get_instansi_for_user(request.user, int(raw or ""))
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


@login_required
def competency_list(request):
    instansi = _instansi(request)
    employees = scope(Employee.objects.active(), request.user).filter(instansi=instansi)
    query = request.GET.get("q", "").strip()
    employees = employees.search(query).select_related("unit").order_by("nama", "nip")
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    jpm = competency.jpm_for_current_posts(list(page))
    rows = [(employee, jpm[employee.pk]) for employee in page]
    return render(
        request,
        "talent/competency_list.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "instansi": instansi,
            "can_manage": can_manage(request.user, instansi),
        },
    )


@login_required
def competency_summary(request):
    instansi = _instansi(request)
    form = SummaryFilterForm(request.GET or None, instansi=instansi)
    employees = scope(Employee.objects.active(), request.user).filter(instansi=instansi)
    if form.chosen_unit:
        employees = employees.filter(unit=form.chosen_unit)
    context = competency_report.summary(employees, form.band_set)
    context.update({"form": form, "instansi": instansi})
    return render(request, "talent/competency_summary.html", context)


@login_required
def competency_profile(request, employee_pk: int):
    employee = _employee(request, employee_pk)
    context = competency_report.profile(employee, request.GET.get("target", ""))
    context["can_manage"] = can_manage(request.user, employee.instansi)
    return render(request, "talent/competency_profile.html", context)


@login_required
@pdf_limited
def competency_profile_pdf(request, employee_pk: int):
    employee = _employee(request, employee_pk)
    target = request.GET.get("target", "")
    content = render_profile(employee, target)
    AuditEvent.record(
        action="talent.kompetensi.pdf",
        summary=f"Profil kompetensi {employee.nip} diunduh",
        actor=request.user,
        instansi=employee.instansi,
        employee=employee.pk,
    )
    return download(
        content, filename=f"kompetensi-{employee.nip}.pdf", content_type="application/pdf"
    )


@role_required(*MANAGER_ROLES)
def result_edit(request, employee_pk: int, pk: int | None = None):
    employee = _employee(request, employee_pk, edit=True)
    hasil = _record(request, HasilKompetensi, employee, pk)
    form = HasilKompetensiForm(request.POST or None, instance=hasil, employee=employee)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        AuditEvent.record(
            action="talent.kompetensi.update" if pk else "talent.kompetensi.create",
            summary=f"Hasil kompetensi {employee.nip} {saved} disimpan",
            actor=request.user,
            instansi=employee.instansi,
            record=saved.pk,
            levels={k.kode: v for k, v in form.levels().items()},
        )
        messages.success(request, _("Hasil kompetensi disimpan."))
        return redirect("talent:competency_profile", employee_pk=employee.pk)
    question = _("Hapus hasil asesmen %(name)s? Level kompetensinya ikut terhapus.")
    delete = _deletion("talent:result_delete", employee, hasil, question)
    return _form_page(
        request, form, employee, _("Hasil asesmen kompetensi: %(nama)s"), delete=delete
    )


@require_POST
@role_required(*MANAGER_ROLES)
def result_delete(request, employee_pk: int, pk: int):
    employee = _employee(request, employee_pk, edit=True)
    hasil = _record(request, HasilKompetensi, employee, pk)
    return _delete(
        request,
        hasil,
        employee,
        _("Hasil asesmen %(name)s dihapus."),
        "talent.kompetensi.delete",
        f"Hasil kompetensi {employee.nip} {hasil} dihapus",
        levels=hasil.levels(),
    )


@login_required
def standard_list(request):
    instansi = _instansi(request)
    standards = (
        scope(StandarKompetensi.objects.all(), request.user)
        .filter(instansi=instansi)
        .select_related("jenis_jabatan")
        .prefetch_related("level_set__kompetensi")
    )
    page = Paginator(standards, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/standard_list.html",
        {"page": page, "instansi": instansi, "can_manage": can_manage(request.user, instansi)},
    )


@role_required(*MANAGER_ROLES)
def standard_edit(request, pk: int | None = None):
    if pk is None:
        standar, instansi = None, managed_instansi(request)
    else:
        standar = get_for_user(
            StandarKompetensi.objects.select_related("instansi"), request.user, edit=True, pk=pk
        )
        instansi = standar.instansi
    form = StandarKompetensiForm(request.POST or None, instance=standar, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        AuditEvent.record(
            action="talent.standar.update" if pk else "talent.standar.create",
            summary=f"Standar kompetensi {saved} disimpan",
            actor=request.user,
            instansi=instansi,
            record=saved.pk,
            levels={k.kode: v for k, v in form.levels().items()},
        )
        messages.success(request, _("Standar kompetensi disimpan."))
        return redirect("talent:standard_list")
    return render(
        request,
        "talent/competency_form.html",
        {"form": form, "title": _("Standar kompetensi jabatan"), "back": ("talent:standard_list",)},
    )


# What a suggestion link may prefill on a new IDP item.
PREFILL = ("sumber", "kompetensi", "kotak", "kegiatan", "bentuk")


@role_required(*MANAGER_ROLES)
def idp_edit(request, employee_pk: int, pk: int | None = None):
    employee = _employee(request, employee_pk, edit=True)
    item = _record(request, RencanaPengembangan, employee, pk)
    initial = {name: request.GET[name] for name in PREFILL if name in request.GET}
    form = RencanaPengembanganForm(
        request.POST or None, instance=item, employee=employee, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if item is None:
            saved.dibuat_oleh = request.user
        saved.save()
        AuditEvent.record(
            action="talent.idp.update" if pk else "talent.idp.create",
            summary=f"IDP {employee.nip}: {saved.kegiatan} ({saved.get_status_display()})",
            actor=request.user,
            instansi=employee.instansi,
            record=saved.pk,
            status=saved.status,
        )
        messages.success(request, _("Rencana pengembangan disimpan."))
        return redirect("talent:competency_profile", employee_pk=employee.pk)
    question = _("Hapus rencana pengembangan %(name)s?")
    delete = _deletion("talent:idp_delete", employee, item, question)
    return _form_page(
        request, form, employee, _("Rencana pengembangan (IDP): %(nama)s"), delete=delete
    )


@require_POST
@role_required(*MANAGER_ROLES)
def idp_delete(request, employee_pk: int, pk: int):
    employee = _employee(request, employee_pk, edit=True)
    item = _record(request, RencanaPengembangan, employee, pk)
    return _delete(
        request,
        item,
        employee,
        _("Rencana pengembangan %(name)s dihapus."),
        "talent.idp.delete",
        f"IDP {employee.nip}: {item.kegiatan} dihapus",
        status=item.status,
    )
