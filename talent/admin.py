from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from agencies.admin import ReadOnlyAdmin

from .models import (
    CalibrationEvent,
    HukumanDisiplin,
    MappingPeriod,
    PerformanceRecord,
    PotentialRecord,
    TargetPost,
)


@admin.register(MappingPeriod)
class MappingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "instansi", "tahun_skp", "versi_pengaturan", "dihitung_pada"]
    list_filter = ["instansi"]
    readonly_fields = ["dihitung_pada", "dihitung_oleh"]


@admin.register(PerformanceRecord)
class PerformanceRecordAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "tahun", "predikat"]
    list_filter = ["tahun", "predikat"]
    search_fields = ["employee__nip", "employee__nama"]
    raw_id_fields = ["employee"]


@admin.register(PotentialRecord)
class PotentialRecordAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "tanggal", "skor", "sumber"]
    search_fields = ["employee__nip", "employee__nama"]
    raw_id_fields = ["employee"]


@admin.register(HukumanDisiplin)
class HukumanDisiplinAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "tingkat", "tanggal"]
    list_filter = ["tingkat"]
    search_fields = ["employee__nip", "employee__nama"]
    raw_id_fields = ["employee"]


@admin.register(TargetPost)
class TargetPostAdmin(SimpleHistoryAdmin):
    list_display = ["nama_jabatan", "instansi", "kritikal"]
    list_filter = ["kritikal", "instansi"]


@admin.register(CalibrationEvent)
class CalibrationEventAdmin(ReadOnlyAdmin):
    """Read-only: calibrations are made through the committee's page, with a reason."""

    list_display = ["period", "employee", "dari_kotak", "ke_kotak", "oleh", "waktu"]
    raw_id_fields = ["employee"]
    can_delete_rows = True
