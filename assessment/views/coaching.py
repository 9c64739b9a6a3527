"""The province's coaching pages: the heatmap with the meeting's agenda, one indicator across
the agencies, where each agency stands, follow-ups, the joint commitment, the peer
comparison, and their exports. Rules in coaching.py; every fetch scoped (404 otherwise)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from agencies import scoping
from agencies.models import AuditEvent, Instansi, User
from agencies.permissions import role_required
from core.dates import tanggal
from core.downloads import download
from core.pdf import render_pdf
from core.spreadsheets import XLSX_TYPE, write_table

from .. import coaching, dashboard
from ..forms import CommitmentForm, FollowUpForm, FollowUpResponseForm
from ..models import Commitment, FollowUp, Indicator
from ..selectors import AGENCY_ROLES
from ..workflow import WorkflowError

FOLLOWUP_PAGE = 25
REVIEWER = User.Role.REVIEWER


@dataclass(frozen=True)
class Filters:
    year: int
    years: list[int]
    instrument: int | None = None
    aspect: int | None = None
    province: int | None = None

    def query(self, **extra: int | str | None) -> str:
        params: dict[str, int | str | None] = {
            "tahun": self.year,
            "instrumen": self.instrument,
            "provinsi": self.province,
        }
        params.update(extra)
        return urlencode({k: v for k, v in params.items() if v})


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _filters(request) -> Filters:
    years = dashboard.years(request.user)
    year = _int(request.GET.get("tahun")) or years[0]
    province = _int(request.GET.get("provinsi"))
    if province and not (request.user.is_national_reviewer or request.user.is_superadmin):
        province = None  # a provincial reviewer coaches their own province only
    return Filters(
        year=year,
        years=years,
        instrument=_int(request.GET.get("instrumen")),
        aspect=_int(request.GET.get("aspek")),
        province=province,
    )


def _provinces(request) -> list[Instansi]:
    if request.user.is_national_reviewer or request.user.is_superadmin:
        return list(coaching.coached_agencies(request.user).order_by("nama"))
    return []


@role_required(REVIEWER)
def heatmap(request):
    filters = _filters(request)
    found = coaching.heatmap(
        request.user,
        filters.year,
        instrument=filters.instrument,
        aspect=filters.aspect,
        province=filters.province,
    )
    context = {
        "filters": filters,
        "map": found,
        "provinces": _provinces(request),
        "today": timezone.localdate(),
    }
    return render(request, "assessment/coaching/heatmap.html", context)


@role_required(REVIEWER)
def indicator_detail(request, pk: int):
    """One indicator across the coached agencies (the instrument is national, not an
    agency's object; the rows are scoped to the reviewer's agencies)."""
    indicator = get_object_or_404(Indicator.objects.select_related("aspect__instrument"), pk=pk)
    filters = _filters(request)
    rows = coaching.indicator_view(request.user, indicator, filters.year, filters.province)
    context = {
        "indicator": indicator,
        "rows": rows,
        "filters": filters,
        "level_names": indicator.aspect.instrument.level_names(),
        "followups": coaching.followups(request.user, year=filters.year).filter(
            indicator=indicator
        ),
        "today": timezone.localdate(),
    }
    return render(request, "assessment/coaching/indicator.html", context)


@role_required(REVIEWER)
def stages(request):
    filters = _filters(request)
    context = {
        "filters": filters,
        "stages": coaching.stages(request.user, filters.year, filters.province),
        "provinces": _provinces(request),
        "today": timezone.localdate(),
    }
    return render(request, "assessment/coaching/stages.html", context)


@role_required(REVIEWER)
def followup_list(request):
    filters = _filters(request)
    today = timezone.localdate()
    found = coaching.followups(request.user, year=filters.year)
    status = request.GET.get("status", "")
    if status == "terlambat":
        found = coaching.overdue(found, today)
    elif status in FollowUp.Status.values:
        found = found.filter(status=status)
    page = Paginator(found, FOLLOWUP_PAGE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "status": status,
        "statuses": FollowUp.Status.choices,
        "today": today,
        "overdue_count": coaching.overdue(
            coaching.followups(request.user, year=filters.year), today
        ).count(),
    }
    return render(request, "assessment/coaching/followups.html", context)


def _followup_form(request, instance: FollowUp) -> FollowUpForm:
    indicator = instance.indicator
    instrument = indicator.aspect.instrument if indicator is not None else None
    return FollowUpForm(
        request.POST or None,
        instance=instance,
        agencies=coaching.coached_agencies(request.user, instance.instansi.provinsi_id)
        if instance.pk
        else _coached_all(request.user),
        instrument=instrument,
    )


def _coached_all(user: User):
    """The agencies a follow-up may name: those coached, and for a national reviewer also
    the kabupaten/kota of every province (visible to them)."""
    if user.is_national_reviewer or user.is_superadmin:
        return scoping.visible_instansi(user).order_by("nama")
    return coaching.coached_agencies(user).order_by("nama")


@role_required(REVIEWER)
def followup_create(request):
    filters = _filters(request)
    initial = FollowUp(year=filters.year)
    indicator_pk = _int(request.GET.get("indikator"))
    if indicator_pk:
        initial.indicator = (
            Indicator.objects.select_related("aspect__instrument").filter(pk=indicator_pk).first()
        )
    agency_pk = _int(request.GET.get("instansi"))
    form = _followup_form(request, initial)
    if agency_pk and request.method == "GET":
        form.initial["instansi"] = agency_pk
    if request.method == "POST" and form.is_valid():
        try:
            followup = coaching.followup_save(followup=form.save(commit=False), actor=request.user)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Tindak lanjut untuk %(agency)s dicatat.") % {"agency": followup.instansi},
            )
            return redirect(f"{reverse('assessment:followups')}?tahun={followup.year}")
    return render(request, "assessment/coaching/followup_form.html", {"form": form})


@role_required(REVIEWER)
def followup_edit(request, pk: int):
    followup = scoping.get_for_user(
        FollowUp.objects.select_related("instansi", "indicator__aspect__instrument"),
        request.user,
        pk=pk,
    )
    form = _followup_form(request, followup)
    if request.method == "POST" and form.is_valid():
        try:
            coaching.followup_save(followup=form.save(commit=False), actor=request.user)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Tindak lanjut disimpan."))
            return redirect(f"{reverse('assessment:followups')}?tahun={followup.year}")
    context = {"form": form, "followup": followup, "today": timezone.localdate()}
    return render(request, "assessment/coaching/followup_form.html", context)


@role_required(*AGENCY_ROLES)
def followup_respond(request, pk: int):
    """The agency answers a follow-up of its own (other agencies' answer 404)."""
    followup = scoping.get_for_user(
        FollowUp.objects.select_related("instansi", "indicator"), request.user, edit=True, pk=pk
    )
    form = FollowUpResponseForm(
        request.POST or None,
        initial={"response": followup.response, "status": FollowUp.Status.IN_PROGRESS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            coaching.followup_respond(
                followup=followup,
                actor=request.user,
                response=form.cleaned_data["response"],
                status=form.cleaned_data["status"],
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Tanggapan Anda dikirim ke pembina provinsi."))
            return redirect("dashboard")
    context = {"form": form, "followup": followup, "today": timezone.localdate()}
    return render(request, "assessment/coaching/followup_respond.html", context)


@role_required(REVIEWER)
def commitment_list(request):
    filters = _filters(request)
    form = CommitmentForm(
        request.POST or None, request.FILES or None, agencies=_coached_all(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            coaching.commitment_save(
                instansi=form.cleaned_data["instansi"],
                year=filters.year,
                signed_on=form.cleaned_data["signed_on"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except WorkflowError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Komitmen bersama disimpan."))
            return redirect(f"{reverse('assessment:commitments')}?{filters.query()}")
    rows = coaching.commitments(request.user, filters.year, filters.province)
    context = {
        "filters": filters,
        "rows": rows,
        "unsigned": [r.instansi for r in rows if r.commitment is None],
        "form": form,
        "provinces": _provinces(request),
    }
    return render(request, "assessment/coaching/commitments.html", context)


@role_required(REVIEWER, *AGENCY_ROLES)
def commitment_download(request, pk: int):
    commitment = scoping.get_for_user(
        Commitment.objects.select_related("instansi"), request.user, pk=pk
    )
    AuditEvent.record(
        action="assessment.commitment_download",
        summary=f"Komitmen bersama {commitment} diunduh",
        actor=request.user,
        instansi=commitment.instansi,
        commitment=commitment.pk,
    )
    with commitment.file.open("rb") as handle:
        content = handle.read()
    return download(
        content, filename=commitment.original_name, content_type=commitment.content_type
    )


@role_required(REVIEWER, *AGENCY_ROLES)
def peers(request, instansi_pk: int):
    """An agency's aspect levels against anonymous medians of its peers."""
    instansi = scoping.get_instansi_for_user(request.user, instansi_pk)
    years = dashboard.years(request.user)
    year = _int(request.GET.get("tahun")) or years[0]
    context = {
        "instansi": instansi,
        "year": year,
        "years": years,
        "comparison": coaching.peer_comparison(instansi, year),
    }
    return render(request, "assessment/coaching/peers.html", context)


# --- exports ---


def _level(value) -> float | None:
    return float(value) if value is not None else None


@role_required(REVIEWER)
def heatmap_export(request):
    filters = _filters(request)
    found = coaching.heatmap(
        request.user,
        filters.year,
        instrument=filters.instrument,
        aspect=filters.aspect,
        province=filters.province,
    )
    headers = ["Instansi", "Jenis", "Status", "Jenis nilai", "Nilai", "Perubahan (skala 0-1)"]
    for column in found.columns:
        headers += [f"{column.code} mandiri", f"{column.code} verifikasi"]
    data = []
    for row in found.rows:
        line: list[object] = [
            row.instansi.nama,
            row.instansi.get_jenis_display(),
            row.assessment.get_status_display() if row.assessment else _("Belum dimulai"),
            row.result.label if row.result else "",
            _level(row.result.total) if row.result else None,
            _level(row.movement),
        ]
        for cell in row.cells or [coaching.Cell()] * len(found.columns):
            line += [_level(cell.self_level), _level(cell.verified_level)]
        data.append(line)
    content = write_table(headers, data)
    AuditEvent.record(
        action="assessment.heatmap_export",
        summary=f"Peta pembinaan {filters.year} diekspor ({len(data)} instansi)",
        actor=request.user,
    )
    return download(content, filename=f"peta-pembinaan-{filters.year}.xlsx", content_type=XLSX_TYPE)


FOLLOWUP_HEADERS = [
    "Instansi",
    "Tahun",
    "Indikator",
    "Tindak lanjut",
    "Penanggung jawab",
    "Batas waktu",
    "Status",
    "Terlambat",
    "Catatan pembina",
    "Tanggapan instansi",
    "Ditanggapi",
]


@role_required(REVIEWER)
def followup_export(request):
    filters = _filters(request)
    today = timezone.localdate()
    found = list(coaching.followups(request.user, year=filters.year))
    data = (
        [
            f.instansi.nama,
            f.year,
            f.indicator.code if f.indicator else "",
            f.action,
            f.person,
            f.due,
            f.get_status_display(),
            _("Ya") if f.is_overdue(today) else _("Tidak"),
            f.notes,
            f.response,
            timezone.localtime(f.responded).replace(tzinfo=None) if f.responded else None,
        ]
        for f in found
    )
    content = write_table(FOLLOWUP_HEADERS, data)
    AuditEvent.record(
        action="assessment.followup_export",
        summary=f"Tindak lanjut pembinaan {filters.year} diekspor ({len(found)} baris)",
        actor=request.user,
    )
    return download(
        content, filename=f"tindak-lanjut-pembinaan-{filters.year}.xlsx", content_type=XLSX_TYPE
    )


@role_required(REVIEWER)
def summary_pdf(request):
    """The coordination meeting's handout: the heatmap, the agenda, where each agency
    stands, the open follow-ups and who has not signed the commitment."""
    filters = _filters(request)
    today = timezone.localdate()
    found = coaching.heatmap(
        request.user, filters.year, instrument=filters.instrument, province=filters.province
    )
    open_followups = list(
        coaching.followups(request.user, year=filters.year).exclude(status__in=FollowUp.CLOSED)
    )
    commitment_rows = coaching.commitments(request.user, filters.year, filters.province)
    context = {
        "map": found,
        "filters": filters,
        "stages": coaching.stages(request.user, filters.year, filters.province),
        "followups": open_followups,
        "unsigned": [r.instansi for r in commitment_rows if r.commitment is None],
        "signed": [r for r in commitment_rows if r.commitment is not None],
        "today": today,
        "printed": tanggal(today),
        "scope": request.user.instansi or _("Nasional"),
    }
    content = render_pdf(render_to_string("assessment/coaching/summary_pdf.html", context))
    AuditEvent.record(
        action="assessment.coaching_summary",
        summary=f"Ringkasan rapat koordinasi {filters.year} diunduh",
        actor=request.user,
    )
    return download(
        content,
        filename=f"ringkasan-rakor-merit-{filters.year}.pdf",
        content_type="application/pdf",
    )
