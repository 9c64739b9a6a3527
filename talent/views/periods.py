"""Mapping periods: the grid, box lists, a person's placement, calibration, export,
transitions. Every view fetches through agencies.scoping; records and target posts live in
records.py and succession.py; shared fetch helpers in talent/selectors.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import AuditEvent
from agencies.permissions import role_required
from agencies.scoping import scope
from core.downloads import download
from core.spreadsheets import XLSX_TYPE

from .. import compute, ninebox, reports
from ..export import mapping_workbook
from ..forms import (
    CalibrationForm,
    GridFilterForm,
    NotMappableFilterForm,
    PeriodForm,
    PoolFilterForm,
    SettingsForm,
    TransitionForm,
)
from ..models import CalibrationEvent, MappingPeriod, Placement
from ..permissions import CALIBRATOR_ROLES, MANAGER_ROLES, can_calibrate, can_manage
from ..permissions import managed_instansi as _managed_instansi
from ..selectors import PAGE_SIZE, get_period

PERSON_RELATED = ("employee", "unit", "golongan", "jenis_jabatan")


@login_required
def period_list(request):
    periods = scope(MappingPeriod.objects.select_related("instansi"), request.user)
    page = Paginator(periods.order_by("instansi__nama", "-nama"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_create = request.user.is_superadmin or request.user.is_admin_instansi
    return render(request, "talent/period_list.html", {"page": page, "can_create": can_create})


@role_required(*MANAGER_ROLES)
def period_create(request):
    instansi = _managed_instansi(request)
    form = PeriodForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        period = form.save()
        AuditEvent.record(
            action="talent.period.create",
            summary=f"Periode pemetaan talenta {period.nama} dibuat",
            actor=request.user,
            instansi=instansi,
        )
        messages.success(request, _("Periode %(nama)s dibuat.") % {"nama": period.nama})
        return redirect("talent:period_detail", pk=period.pk)
    return render(request, "talent/period_form.html", {"form": form, "instansi": instansi})


@login_required
def period_detail(request, pk: int):
    """The 3 x 3 grid: counts and percentages in one GROUP BY, filters, the chart."""
    period = get_period(request.user, pk)
    form = GridFilterForm(request.GET or None, instansi=period.instansi)
    placements = form.filter(Placement.objects.filter(period=period))
    summary = reports.grid_summary(placements, form.box_field, period.rules)
    return render(
        request,
        "talent/period_grid.html",
        {
            "period": period,
            "form": form,
            "summary": summary,
            "chart": reports.distribution_svg(summary),
            "query": request.GET.urlencode(),
            "can_manage": can_manage(request.user, period.instansi),
        },
    )


@login_required
def period_chart(request, pk: int):
    """The distribution chart alone, as an SVG image (for reports and PDFs)."""
    period = get_period(request.user, pk)
    form = GridFilterForm(request.GET or None, instansi=period.instansi)
    placements = form.filter(Placement.objects.filter(period=period))
    summary = reports.grid_summary(placements, form.box_field, period.rules)
    return HttpResponse(reports.distribution_svg(summary), content_type="image/svg+xml")


@role_required(*MANAGER_ROLES)
def period_compute(request, pk: int):
    period = get_period(request.user, pk, edit=True)
    if not can_manage(request.user, period.instansi):
        raise Http404
    if request.method != "POST":
        existing = Placement.objects.filter(period=period).count()
        return render(
            request, "talent/period_compute.html", {"period": period, "existing": existing}
        )
    result = compute.period_compute(period=period, actor=request.user)
    messages.success(
        request,
        _(
            "Pemetaan dihitung: %(mapped)s pegawai terpetakan, %(not)s tidak terpetakan, "
            "%(kept)s kalibrasi dipertahankan."
        )
        % {
            "mapped": result.terpetakan,
            "not": result.tidak_terpetakan,
            "kept": result.kalibrasi_dipertahankan,
        },
    )
    return redirect("talent:period_detail", pk=period.pk)


@role_required(*MANAGER_ROLES)
def period_settings(request, pk: int):
    period = get_period(request.user, pk, edit=True)
    if not can_manage(request.user, period.instansi):
        raise Http404
    form = SettingsForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        period.pengaturan = form.cleaned_data["pengaturan"]
        period.versi_pengaturan += 1
        period.save(update_fields=["pengaturan", "versi_pengaturan"])
        AuditEvent.record(
            action="talent.period.settings",
            summary=f"Pengaturan periode {period.nama} diubah ke versi {period.versi_pengaturan}",
            actor=request.user,
            instansi=period.instansi,
            period=period.pk,
        )
        messages.success(
            request,
            _("Pengaturan disimpan sebagai versi %(v)s. Hitung ulang untuk menerapkannya.")
            % {"v": period.versi_pengaturan},
        )
        return redirect("talent:period_detail", pk=period.pk)
    versions = period.history.order_by("-history_date").select_related("history_user")[:20]
    return render(
        request,
        "talent/period_settings.html",
        {"period": period, "form": form, "versions": versions},
    )


@login_required
def box_list(request, pk: int, box: int):
    """The people in one box, paginated, with the box's follow-up recommendation."""
    period = get_period(request.user, pk)
    if box not in range(1, 10):
        raise Http404
    form = GridFilterForm(request.GET or None, instansi=period.instansi)
    placements = form.filter(Placement.objects.filter(period=period))
    placements = placements.filter(**{form.box_field: box}).select_related(*PERSON_RELATED)
    page = Paginator(placements.order_by("employee__nama", "employee__nip"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rules = period.rules
    return render(
        request,
        "talent/box_list.html",
        {
            "period": period,
            "box": box,
            "label": rules.label(box),
            "recommendation": rules.recommendation(box),
            "groups": rules.succession_groups(box),
            "page": page,
            "form": form,
            "query": request.GET.urlencode(),
        },
    )


def _not_mappable(request, period):
    form = NotMappableFilterForm(request.GET or None, instansi=period.instansi)
    placements = form.filter(Placement.objects.filter(period=period)).not_mappable()
    return form, placements


@login_required
def not_mappable_list(request, pk: int):
    """Who is not placed, how many per reason, and a link to add the missing data."""
    period = get_period(request.user, pk)
    form, placements = _not_mappable(request, period)
    counts = reports.not_mappable_counts(Placement.objects.filter(period=period))
    page = Paginator(
        placements.select_related(*PERSON_RELATED).order_by("employee__nama", "employee__nip"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    for placement in page:
        placement.data_kind = ninebox.ALASAN_DATA.get(placement.alasan, "")
    return render(
        request,
        "talent/not_mappable.html",
        {
            "period": period,
            "page": page,
            "form": form,
            "counts": counts,
            "query": request.GET.urlencode(),
            "can_manage": can_manage(request.user, period.instansi),
        },
    )


@login_required
def not_mappable_export(request, pk: int):
    period = get_period(request.user, pk)
    _form, placements = _not_mappable(request, period)
    return _export(request, period, placements, "tidak-terpetakan")


@login_required
def talent_pool(request, pk: int):
    """The succession groups: agency (boxes 7-9) or national (box 9), from the settings."""
    period = get_period(request.user, pk)
    form = PoolFilterForm(request.GET or None, instansi=period.instansi)
    rules = period.rules
    placements = form.filter(Placement.objects.filter(period=period, kotak__in=form.boxes(rules)))
    page = Paginator(
        placements.select_related(*PERSON_RELATED).order_by(
            "-kotak", "employee__nama", "employee__nip"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    for placement in page:
        placement.groups = rules.succession_groups(placement.kotak or 0)
    return render(
        request,
        "talent/talent_pool.html",
        {
            "period": period,
            "page": page,
            "form": form,
            "boxes": form.boxes(rules),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def talent_pool_export(request, pk: int):
    period = get_period(request.user, pk)
    form = PoolFilterForm(request.GET or None, instansi=period.instansi)
    placements = form.filter(
        Placement.objects.filter(period=period, kotak__in=form.boxes(period.rules))
    )
    return _export(request, period, placements, "talent-pool")


@login_required
def placement_detail(request, pk: int, employee_pk: int):
    """One person: where they are and why, what follows, calibration and its history, and
    their box across the agency's periods."""
    period = get_period(request.user, pk)
    placement = get_object_or_404(
        Placement.objects.select_related(*PERSON_RELATED, "period__instansi"),
        period=period,
        employee_id=employee_pk,
    )
    rules = period.rules
    allowed = can_calibrate(request.user, period.instansi) and placement.kotak is not None
    return render(
        request,
        "talent/placement_detail.html",
        {
            "period": period,
            "placement": placement,
            "label": rules.label(placement.kotak) if placement.kotak else "",
            "computed_label": rules.label(placement.kotak_hitung) if placement.kotak_hitung else "",
            "recommendation": rules.recommendation(placement.kotak) if placement.kotak else (),
            "groups": rules.succession_groups(placement.kotak) if placement.kotak else [],
            "history": CalibrationEvent.objects.filter(
                period=period, employee_id=employee_pk
            ).select_related("oleh"),
            "movement": reports.movement(
                placement.employee, MappingPeriod.objects.filter(instansi=period.instansi)
            ),
            "form": CalibrationForm(placement=placement) if allowed else None,
        },
    )


@role_required(*CALIBRATOR_ROLES)
@require_POST
def placement_calibrate(request, pk: int, employee_pk: int):
    period = get_period(request.user, pk)
    if not can_calibrate(request.user, period.instansi):
        raise Http404
    placement = get_object_or_404(
        Placement.objects.select_related("period__instansi", "employee"),
        period=period,
        employee_id=employee_pk,
        kotak__isnull=False,
    )
    form = CalibrationForm(request.POST, placement=placement)
    if not form.is_valid():
        messages.error(
            request, _("Kalibrasi tidak disimpan: pilih kotak tujuan dan isi alasannya.")
        )
        return redirect("talent:placement_detail", pk=period.pk, employee_pk=employee_pk)
    event = compute.placement_calibrate(
        placement=placement,
        ke_kotak=form.cleaned_data["ke_kotak"],
        alasan=form.cleaned_data["alasan"],
        actor=request.user,
    )
    messages.success(
        request,
        _("%(nama)s dipindahkan ke kotak %(box)s.")
        % {"nama": placement.employee.nama_lengkap, "box": placement.kotak},
    )
    if event.peringatan:
        messages.warning(request, event.peringatan)
    return redirect("talent:placement_detail", pk=period.pk, employee_pk=employee_pk)


@login_required
def period_export(request, pk: int):
    period = get_period(request.user, pk)
    return _export(request, period, Placement.objects.filter(period=period), "pemetaan-talenta")


def _export(request, period, placements, name: str):
    """The placements as .xlsx (core.spreadsheets neutralises formulas), audited."""
    placements = placements.select_related(*PERSON_RELATED).order_by("-kotak", "employee__nama")
    # The latest reason per calibrated employee, in one query.
    reasons: dict[int, str] = {}
    for employee_id, alasan in (
        CalibrationEvent.objects.filter(period=period)
        .order_by("waktu", "pk")
        .values_list("employee_id", "alasan")
    ):
        reasons[employee_id] = alasan
    content = mapping_workbook(period, placements.iterator(chunk_size=2000), reasons)
    AuditEvent.record(
        action="talent.export",
        summary=f"Ekspor {name.replace('-', ' ')} {period.nama}",
        actor=request.user,
        instansi=period.instansi,
        period=period.pk,
    )
    filename = f"{name}-{period.instansi.kode_bkn}-{period.nama}.xlsx"
    return download(content, filename=filename, content_type=XLSX_TYPE)


@login_required
def period_transitions(request, pk: int):
    """How many moved from each box of an earlier period to each box of this one."""
    period = get_period(request.user, pk)
    form = TransitionForm(request.GET or None, period=period)
    table = None
    if form.is_valid():
        table = reports.transition_table(form.cleaned_data["dari"], period)
    return render(
        request, "talent/transitions.html", {"period": period, "form": form, "table": table}
    )
