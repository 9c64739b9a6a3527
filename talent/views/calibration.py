"""Calibration as a meeting of the talent committee: members and date, the grid and the
distribution per unit against the expected one, each move with its reason (and a warning when
the SKP predicate contradicts it), closing (the period is then calibrated) and the minutes as
a PDF. Moves go through compute.placement_calibrate, audited as single moves are."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import AuditEvent
from agencies.permissions import role_required
from core.downloads import download

from .. import compute, reports
from ..forms import MeetingCloseForm, MeetingForm, MeetingMoveForm
from ..minutes_pdf import render_minutes
from ..models import CalibrationMeeting, Placement
from ..permissions import CALIBRATOR_ROLES, can_calibrate
from ..selectors import get_period


def _meeting(request, pk: int, meeting_pk: int, *, calibrate: bool = False):
    period = get_period(request.user, pk)
    if calibrate and not can_calibrate(request.user, period.instansi):
        raise Http404
    meeting = get_object_or_404(
        CalibrationMeeting.objects.select_related("period__instansi"), period=period, pk=meeting_pk
    )
    return period, meeting


@login_required
def meeting_list(request, pk: int):
    period = get_period(request.user, pk)
    allowed = can_calibrate(request.user, period.instansi)
    form = MeetingForm(request.POST or None, period=period) if allowed else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            meeting = compute.meeting_open(period=period, actor=request.user, **form.cleaned_data)
            return redirect("talent:meeting_detail", pk=period.pk, meeting_pk=meeting.pk)
    meetings = period.rapat_kalibrasi.all()
    return render(
        request,
        "talent/meeting_list.html",
        {"period": period, "meetings": meetings, "form": form},
    )


@login_required
def meeting_detail(request, pk: int, meeting_pk: int):
    period, meeting = _meeting(request, pk, meeting_pk)
    allowed = can_calibrate(request.user, period.instansi) and meeting.terbuka
    summary = reports.grid_summary(Placement.objects.filter(period=period), "kotak", period.rules)
    return render(
        request,
        "talent/meeting_detail.html",
        {
            "period": period,
            "meeting": meeting,
            "summary": summary,
            "distribution": reports.unit_distribution(period),
            "moves": meeting.perpindahan.select_related("employee", "oleh").order_by("waktu"),
            "move_form": MeetingMoveForm(period=period) if allowed else None,
            "close_form": MeetingCloseForm() if allowed else None,
        },
    )


@role_required(*CALIBRATOR_ROLES)
@require_POST
def meeting_move(request, pk: int, meeting_pk: int):
    period, meeting = _meeting(request, pk, meeting_pk, calibrate=True)
    form = MeetingMoveForm(request.POST, period=period)
    if not meeting.terbuka:
        messages.error(request, _("Rapat ini sudah ditutup."))
    elif not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("Perpindahan tidak disimpan: %(e)s") % {"e": errors})
    else:
        placement = form.cleaned_data["nip"]
        event = compute.placement_calibrate(
            placement=placement,
            ke_kotak=form.cleaned_data["ke_kotak"],
            alasan=form.cleaned_data["alasan"],
            actor=request.user,
            rapat=meeting,
        )
        messages.success(
            request,
            _("%(nama)s dipindahkan dari kotak %(a)s ke kotak %(b)s.")
            % {"nama": placement.employee.nama_lengkap, "a": event.dari_kotak, "b": event.ke_kotak},
        )
        if event.peringatan:
            messages.warning(request, event.peringatan)
    return redirect("talent:meeting_detail", pk=period.pk, meeting_pk=meeting.pk)


@role_required(*CALIBRATOR_ROLES)
@require_POST
def meeting_close(request, pk: int, meeting_pk: int):
    period, meeting = _meeting(request, pk, meeting_pk, calibrate=True)
    form = MeetingCloseForm(request.POST)
    if meeting.terbuka and form.is_valid():
        compute.meeting_close(
            rapat=meeting, catatan=form.cleaned_data["catatan"], actor=request.user
        )
        messages.success(
            request,
            _("Rapat ditutup; periode %(nama)s tercatat terkalibrasi.") % {"nama": period.nama},
        )
    return redirect("talent:meeting_detail", pk=period.pk, meeting_pk=meeting.pk)


@login_required
def meeting_minutes(request, pk: int, meeting_pk: int):
    period, meeting = _meeting(request, pk, meeting_pk)
    content = render_minutes(meeting)
    AuditEvent.record(
        action="talent.calibration.minutes",
        summary=f"Notulen rapat kalibrasi {meeting.tanggal:%d-%m-%Y} diunduh",
        actor=request.user,
        instansi=period.instansi,
        period=period.pk,
        rapat=meeting.pk,
    )
    filename = f"notulen-kalibrasi-{period.instansi.kode_bkn}-{meeting.tanggal:%Y%m%d}.pdf"
    return download(content, filename=filename, content_type="application/pdf")
