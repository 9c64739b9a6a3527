from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from agencies.admin import ReadOnlyAdmin

from .models import Alias, ColumnChoice, Employee, Golongan, ImportBatch, JenisJabatan, Pendidikan


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
class EmployeeAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    list_display = ["nip", "nama", "status", "golongan", "jenis_jabatan", "instansi", "aktif"]
    list_filter = ["status", "aktif", "jenis_jabatan", "instansi"]
    search_fields = ["nip", "nama"]
    list_select_related = ["golongan", "jenis_jabatan", "instansi"]
    raw_id_fields = ["unit"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    """Read-only: batches are created by uploads and changed only by the import engine."""

    list_display = ["original_name", "kind", "instansi", "uploaded_by", "status", "created"]
    list_filter = ["kind", "status"]
    list_select_related = ["instansi", "uploaded_by"]
    exclude = ["file"]  # the stored file is private: served only through checked views
    can_delete_rows = True
