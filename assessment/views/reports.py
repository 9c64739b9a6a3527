"""Reports: the scorecard PDF, the public verification page, the reviewer dashboard with
its Excel export, and the bulk ZIP of scorecards."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import AuditEvent, User
from agencies.permissions import role_required
from agencies.security import client_address
from core import ratelimit
from core.downloads import download
from core.ratelimit import pdf_limited
from core.spreadsheets import XLSX_TYPE, write_table

from .. import bundles, charts, dashboard, scorecard, workflow
from ..forms import SignatoryForm
from ..models import Assessment, ScorecardBundle
from ..selectors import AGENCY_ROLES, get_assessment

DASHBOARD_PAGE = 50


@login_required
@pdf_limited
def scorecard_pdf(request, pk: int):
    assessment = get_assessment(request.user, pk)
    content, filename = scorecard.scorecard_bytes(assessment)
    AuditEvent.record(
        action="scorecard.download",
        summary=f"Kartu nilai {assessment} diunduh",
        actor=request.user,
        instansi=assessment.instansi,
        assessment=assessment.pk,
    )
    inline = request.GET.get("unduh") != "1"
    return download(content, filename=filename, content_type="application/pdf", inline=inline)


def verify(request):
    """Public: anyone holding a printed scorecard checks its code. Answers only whether the
    document is genuine and what it says (agency, year, score, category)."""
    code_text = request.GET.get("kode", "").strip()[:40]
    limit = settings.VERIFY_LOOKUPS_PER_ADDRESS_PER_HOUR
    if code_text and not ratelimit.allow("verifikasi", client_address(request), limit):
        # Codes are long, but an unlimited page would let anyone walk through them.
        return render(request, "assessment/reports/verify_limited.html", status=429)
    frozen = scorecard.lookup(code_text) if code_text else None
    return render(
        request,
        "assessment/reports/verify.html",
        {"code": code_text, "frozen": frozen, "searched": bool(code_text)},
    )


def _filters(request, years: list[int]) -> dashboard.Filters:
    try:
        year = int(request.GET.get("tahun") or years[0])
    except ValueError:
        year = years[0]
    try:
        province = int(request.GET.get("provinsi") or 0) or None
    except ValueError:
        province = None
    sort = request.GET.get("urut", "instansi")
    return dashboard.Filters(
        year=year,
        status=request.GET.get("status", "")[:20],
        category=request.GET.get("kategori", "")[:10],
        province=province,
        sort=sort.lstrip("-") if sort.lstrip("-") in dashboard.SORTS else "instansi",
        descending=sort.startswith("-"),
    )


def _dashboard_rows(request):
    years = dashboard.years(request.user)
    filters = _filters(request, years)
    every = dashboard.all_rows(request.user, filters.year)
    return years, filters, every, dashboard.apply(every, filters)


@role_required(User.Role.REVIEWER)
def dashboard_view(request):
    years, filters, every, rows = _dashboard_rows(request)
    page = Paginator(rows, DASHBOARD_PAGE).get_page(request.GET.get("page"))
    bands = dashboard.band_labels(every, filters.year)
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = request.GET.copy()
    for key in ("page", "urut"):
        sort_query.pop(key, None)
    context = {
        "page": page,
        "filters": filters,
        "years": years,
        "statuses": [(dashboard.NOT_STARTED, _("Belum dimulai")), *Assessment.Status.choices],
        "categories": bands,
        "provinces": dashboard.provinces(every),
        "chart": charts.category_chart(dashboard.distribution(rows, bands)),
        "count": len(rows),
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "sort": ("-" if filters.descending else "") + filters.sort,
    }
    return render(request, "assessment/reports/dashboard.html", context)


EXPORT_HEADERS = [
    "Instansi",
    "Kode BKN",
    "Provinsi",
    "Tahun",
    "Status",
    "Nilai mandiri",
    "Nilai verifikasi",
    "Kategori",
    "Jenis nilai",
    "Instrumen",
    "Nilai skala 0-1",
    "Survei pegawai (0-1)",
    "Responden survei",
    "Faktor koreksi",
    "Perubahan terakhir",
]


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


@role_required(User.Role.REVIEWER)
def dashboard_export(request):
    """The dashboard table as filtered, as .xlsx (text cells formula-neutralised)."""
    _years, filters, _every, rows = _dashboard_rows(request)
    data = (
        [
            r.instansi.nama,
            r.instansi.kode_bkn,
            r.province.nama if r.province else "",
            filters.year,
            r.status_label,
            float(r.self_total) if r.self_total is not None else None,
            float(r.verified_total) if r.verified_total is not None else None,
            r.category,
            r.result_label,
            r.assessment.instrument.code if r.assessment else "",
            _number(r.result.normalised if r.result else None),
            _number(r.result.survey if r.result else None),
            r.result.survey_responses if r.result else None,
            _number(r.result.correction_factor if r.result else None),
            timezone.localtime(r.updated).replace(tzinfo=None) if r.updated else None,
        ]
        for r in rows
    )
    content = write_table(EXPORT_HEADERS, data, text_columns=(1,))
    AuditEvent.record(
        action="assessment.dashboard_export",
        summary=f"Dasbor peninjau {filters.year} diekspor ({len(rows)} instansi)",
        actor=request.user,
    )
    return download(content, filename=f"dasbor-merit-{filters.year}.xlsx", content_type=XLSX_TYPE)


# The dashboard's own GET parameters, the only ones carried back after a failed ZIP request.
DASHBOARD_PARAMS = ("tahun", "status", "kategori", "provinsi", "urut", "page")


def _dashboard_with_filters(query: str) -> str:
    """The dashboard URL with the filters the reviewer had (only its own parameters, so a
    forged value cannot turn the redirect into anything else)."""
    given = QueryDict(query[:1000])
    kept = {key: given.get(key, "")[:20] for key in DASHBOARD_PARAMS if given.get(key)}
    url = reverse("assessment:dashboard")
    return f"{url}?{urlencode(kept)}" if kept else url


@require_POST
@role_required(User.Role.REVIEWER)
def bundle_create(request):
    ids = []
    for value in request.POST.getlist("penilaian"):
        if value.isdigit():
            ids.append(int(value))
    if not ids:
        messages.error(request, _("Pilih minimal satu penilaian untuk diunduh."))
        return redirect(_dashboard_with_filters(request.POST.get("kembali", "")))
    bundle = bundles.start(request.user, ids)
    return redirect("assessment:bundle", bundle.pk)


def _bundle(request, pk) -> ScorecardBundle:
    # Only the person who asked: anyone else (even of the same agency) gets 404.
    try:
        bundle = ScorecardBundle.objects.get(pk=pk, requested_by=request.user)
    except ScorecardBundle.DoesNotExist as exc:
        raise Http404 from exc
    bundles.fail_if_stale(bundle)  # a killed worker: say so rather than poll for ever
    return bundle


@role_required(User.Role.REVIEWER)
def bundle_detail(request, pk):
    return render(request, "assessment/reports/bundle.html", {"bundle": _bundle(request, pk)})


@role_required(User.Role.REVIEWER)
def bundle_progress(request, pk):
    """The progress partial htmx polls; once the build has ended the page reloads."""
    bundle = _bundle(request, pk)
    response = render(request, "assessment/reports/_bundle_progress.html", {"bundle": bundle})
    if not bundle.is_running:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@role_required(User.Role.REVIEWER)
def bundle_retry(request, pk):
    bundle = _bundle(request, pk)
    if not bundles.retry(bundle):
        messages.error(request, _("ZIP ini tidak dapat dicoba lagi."))
    return redirect("assessment:bundle", bundle.pk)


@role_required(User.Role.REVIEWER)
def bundle_download(request, pk):
    bundle = _bundle(request, pk)
    if not bundle.is_done or not bundle.file:
        raise Http404
    return FileResponse(
        bundle.file.open("rb"),
        content_type="application/zip",
        as_attachment=True,
        # Local time (WIB): the time the person asked, as their clock showed it.
        filename=f"kartu-nilai-{timezone.localtime(bundle.created):%Y%m%d-%H%M}.zip",
    )


@role_required(*AGENCY_ROLES)
def signatory(request, pk: int):
    """The agency fills in the signature block of its scorecard (head of agency, place)."""
    assessment = get_assessment(request.user, pk, edit=True)
    if assessment.is_final:
        messages.error(request, _("Kartu nilai final sudah dibekukan dan tidak dapat diubah."))
        return redirect("assessment:detail", assessment.pk)
    # An assessment created before its block was carried over starts from last year's.
    carried = (
        {}
        if assessment.head_name
        else workflow.signatory_of_last_year(assessment.instansi, assessment.year)
    )
    form = SignatoryForm(request.POST or None, instance=assessment, initial=carried)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Data penandatangan kartu nilai disimpan."))
        return redirect("assessment:detail", assessment.pk)
    return render(
        request,
        "assessment/reports/signatory.html",
        {"assessment": assessment, "form": form, "carried": bool(carried)},
    )
