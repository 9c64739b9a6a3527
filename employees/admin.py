"""Admin screens for the reference lists and ASN records.

Employees are imported only through the app's import page (the NIP rules, the preview, the
audit); the admin offers an export of the selected rows, written by the app's formula-safe
spreadsheet writer, and links to that page."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from agencies.admin import ReadOnlyAdmin
from agencies.models import AuditEvent
from core.downloads import download
from core.spreadsheets import XLSX_TYPE, write_table

from .models import (
    Alias,
    ColumnChoice,
    Employee,
    Golongan,
    ImportBatch,
    JenisJabatan,
    Kompetensi,
    Pendidikan,
)
from .pegawai_import import EXPORT_HEADERS, export_rows


@admin.register(Golongan)
class GolonganAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "pangkat", "untuk_pppk"]
    list_filter = ["untuk_pppk"]


@admin.register(Pendidikan)
class PendidikanAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama"]


@admin.register(JenisJabatan)
class JenisJabatanAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "manajerial"]


@admin.register(Kompetensi)
class KompetensiAdmin(admin.ModelAdmin):
    """The competency dictionary: a superadmin adds technical competencies or header aliases
    here; each active one becomes a column of the competency imports."""

    list_display = ["urutan", "nama", "kode", "kelompok", "aktif"]
    list_filter = ["kelompok", "aktif"]


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    """The words import files use for reference values; a superadmin adds new ones here."""

    list_display = ["alias", "value", "family"]
    list_filter = ["family"]
    search_fields = ["alias", "value"]


@admin.register(ColumnChoice)
class ColumnChoiceAdmin(admin.ModelAdmin):
    list_display = ["header", "field", "kind", "instansi"]
    list_filter = ["kind"]
    list_select_related = ["instansi"]


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    # The changelist template (admin/employees/employee/change_list.html) links to the
    # import page; there is no import in the admin.
    actions = ["export_xlsx"]
    list_display = ["nip", "nama", "status", "golongan", "jenis_jabatan", "instansi", "aktif"]
    list_filter = ["status", "aktif", "jenis_jabatan", "instansi"]
    search_fields = ["nip", "nama"]
    list_select_related = ["golongan", "jenis_jabatan", "instansi"]
    raw_id_fields = ["unit"]

    @admin.action(description=_("Ekspor pegawai terpilih ke Excel"))
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet[Employee]) -> HttpResponse:
        """The selected employees in the import template's columns, so the file re-imports."""
        content = write_table(EXPORT_HEADERS, export_rows(queryset), text_columns=[0])
        AuditEvent.record(
            action="employees.export",
            summary=f"Ekspor data pegawai dari admin ({queryset.count()} baris)",
            actor=request.user,  # type: ignore[arg-type]
            format="xlsx",
            source="admin",
        )
        return download(
            content, filename=f"pegawai-{dt.date.today():%Y%m%d}.xlsx", content_type=XLSX_TYPE
        )


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    """Read-only: batches are created by uploads and changed only by the import engine."""

    list_display = ["original_name", "kind", "instansi", "uploaded_by", "status", "created"]
    list_filter = ["kind", "status"]
    list_select_related = ["instansi", "uploaded_by"]
    exclude = ["file"]  # the stored file is private: served only through checked views
    can_delete_rows = True
