"""Upload, preview, confirm and follow an import; the same screens serve every kind.

URLs carry the kind's key (e.g. /pegawai/impor/pegawai/). Only the agency's admin (and
the superadmin) imports; batches are fetched through agencies.scoping like any other
agency-owned row, so another agency's batch answers 404."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agencies.models import User
from agencies.permissions import role_required
from agencies.scoping import get_for_user, scope
from core.downloads import download
from core.spreadsheets import XLSX_TYPE

from . import services, xlsx
from .forms import MappingForm, MissingUnitForm, UploadForm
from .kinds import ImportKind, get_kind
from .models import ImportBatch
from .reader import FileProblem

IMPORTERS = (User.Role.ADMIN_INSTANSI,)
ERRORS_PER_PAGE = 100


def _kind(key: str) -> type[ImportKind]:
    try:
        return get_kind(key)
    except KeyError as exc:
        raise Http404 from exc


def _batch(request, kind: str, pk) -> ImportBatch:
    return get_for_user(
        ImportBatch.objects.select_related("instansi", "uploaded_by"),
        request.user,
        edit=True,
        pk=pk,
        kind=kind,
    )


@role_required(*IMPORTERS)
def upload(request, kind: str):
    import_kind = _kind(kind)
    form = UploadForm(
        request.POST or None, request.FILES or None, user=request.user, kind=import_kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.start_batch(
                kind=kind,
                instansi=form.target(),
                user=request.user,
                upload=form.cleaned_data["berkas"],
                status=form.cleaned_data.get("status") or "",
            )
        except FileProblem as problem:
            form.add_error("berkas", str(problem))
        else:
            return redirect("employees:import_batch", kind=kind, pk=batch.pk)
    recent = scope(ImportBatch.objects.filter(kind=kind), request.user, edit=True)
    recent = recent.select_related("uploaded_by").order_by("-created")[:10]
    return render(
        request,
        "employees/import/upload.html",
        {
            "form": form,
            "kind": import_kind,
            "recent": recent,
            "max_mb": settings.IMPORT_MAX_UPLOAD_BYTES // 1_048_576,
            "max_rows": settings.IMPORT_MAX_ROWS,
        },
    )


@role_required(*IMPORTERS)
def batch_detail(request, kind: str, pk):
    batch = _batch(request, kind, pk)
    import_kind = _kind(kind)
    # A page of each list from the database: a file can have tens of thousands of them.
    errors = Paginator(batch.problem_rows(is_error=True), ERRORS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    warnings = Paginator(batch.problem_rows(is_error=False), ERRORS_PER_PAGE).get_page(
        request.GET.get("peringatan")
    )
    context = {"batch": batch, "kind": import_kind, "errors": errors, "warnings": warnings}
    if batch.can_revalidate and batch.columns:
        context["mapping_form"] = MappingForm(batch=batch, kind=import_kind)
        context["unit_forms"] = MissingUnitForm.for_batch(batch)
    return render(request, "employees/import/batch.html", context)


@role_required(*IMPORTERS)
def batch_mapping(request, kind: str, pk):
    """The admin's column mapping: remembered for the agency, then the preview runs again."""
    batch = _batch(request, kind, pk)
    if request.method == "POST":
        form = MappingForm(request.POST, batch=batch, kind=_kind(kind))
        if not form.is_valid():
            for message in form.non_field_errors():
                messages.error(request, str(message))
        elif not services.revalidate_batch(batch, mapping=form.mapping()):
            messages.error(request, _("Pratinjau ini tidak dapat diperiksa ulang."))
    return redirect("employees:import_batch", kind=kind, pk=batch.pk)


@role_required(*IMPORTERS)
def batch_unit(request, kind: str, pk):
    """A unit the file names but the tree lacks: create it or say which unit it is."""
    batch = _batch(request, kind, pk)
    if request.method == "POST" and batch.can_revalidate:
        prefix = request.POST.get("prefix", "")
        form = MissingUnitForm(request.POST, batch=batch, prefix=prefix)
        if not form.is_valid():
            messages.error(request, _("Pilihan unit kerja tidak lengkap."))
        elif form.cleaned_data["tindakan"] == MissingUnitForm.CREATE:
            unit = services.unit_create_for_import(
                batch=batch,
                name=form.cleaned_data["nama"],
                parent=form.cleaned_data["induk"],
                user=request.user,
            )
            messages.success(request, _("Unit kerja %(nama)s dibuat.") % {"nama": unit.nama})
        else:
            services.revalidate_batch(
                batch, unit=(form.cleaned_data["nama"], form.cleaned_data["unit"].pk)
            )
    return redirect("employees:import_batch", kind=kind, pk=batch.pk)


@role_required(*IMPORTERS)
def batch_progress(request, kind: str, pk):
    """The progress partial that htmx polls; when the run has ended it reloads the page."""
    batch = _batch(request, kind, pk)
    response = render(request, "employees/import/_progress.html", {"batch": batch, "kind": kind})
    if not batch.is_running:
        response["HX-Refresh"] = "true"
    return response


@role_required(*IMPORTERS)
def batch_confirm(request, kind: str, pk):
    batch = _batch(request, kind, pk)
    if request.method == "POST":
        skip_invalid = request.POST.get("lewati") == "1"
        if services.confirm_batch(batch, skip_invalid=skip_invalid):
            messages.success(request, _("Impor dikonfirmasi."))
        else:
            messages.error(
                request, _("Impor ini tidak dapat disimpan (ada kesalahan atau sudah disimpan).")
            )
    return redirect("employees:import_batch", kind=kind, pk=batch.pk)


@role_required(*IMPORTERS)
def batch_retry(request, kind: str, pk):
    batch = _batch(request, kind, pk)
    if request.method == "POST" and not services.retry_batch(batch):
        messages.error(request, _("Impor ini tidak perlu diulang."))
    return redirect("employees:import_batch", kind=kind, pk=batch.pk)


@role_required(*IMPORTERS)
def batch_errors(request, kind: str, pk):
    """The failing rows as uploaded, with a KESALAHAN column, to fix and upload again."""
    batch = _batch(request, kind, pk)
    errors = batch.problem_rows(is_error=True)
    if not batch.file or not errors.exists():
        raise Http404
    with batch.local_file() as path:
        content = xlsx.error_file(_kind(kind), path, errors.iterator(chunk_size=2000), batch)
    stem = re.sub(r"[^\w.-]+", "-", Path(batch.original_name).stem, flags=re.ASCII)[:60] or "impor"
    return download(content, filename=f"kesalahan-{stem}.xlsx", content_type=XLSX_TYPE)


@role_required(*IMPORTERS)
def template(request, kind: str):
    import_kind = _kind(kind)
    content = xlsx.template(import_kind, request.user.instansi)
    return download(content, filename=f"templat-{import_kind.key}.xlsx", content_type=XLSX_TYPE)
