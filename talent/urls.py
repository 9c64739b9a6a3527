from django.urls import path

from .views import calibration, competency, periods, records, report, succession

app_name = "talent"
urlpatterns = [
    path("", periods.period_list, name="period_list"),
    path("periode/baru/", periods.period_create, name="period_create"),
    path("periode/<int:pk>/", periods.period_detail, name="period_detail"),
    path("periode/<int:pk>/grafik.svg", periods.period_chart, name="period_chart"),
    path("periode/<int:pk>/hitung/", periods.period_compute, name="period_compute"),
    path("periode/<int:pk>/pengaturan/", periods.period_settings, name="period_settings"),
    path("periode/<int:pk>/kotak/<int:box>/", periods.box_list, name="box_list"),
    path("periode/<int:pk>/tidak-terpetakan/", periods.not_mappable_list, name="not_mappable"),
    path(
        "periode/<int:pk>/tidak-terpetakan.xlsx",
        periods.not_mappable_export,
        name="not_mappable_export",
    ),
    path("periode/<int:pk>/talent-pool/", periods.talent_pool, name="talent_pool"),
    path("periode/<int:pk>/talent-pool.xlsx", periods.talent_pool_export, name="pool_export"),
    path(
        "periode/<int:pk>/pegawai/<int:employee_pk>/",
        periods.placement_detail,
        name="placement_detail",
    ),
    path(
        "periode/<int:pk>/pegawai/<int:employee_pk>/kalibrasi/",
        periods.placement_calibrate,
        name="placement_calibrate",
    ),
    path("periode/<int:pk>/ekspor.xlsx", periods.period_export, name="period_export"),
    path("periode/<int:pk>/rapat-kalibrasi/", calibration.meeting_list, name="meeting_list"),
    path(
        "periode/<int:pk>/rapat-kalibrasi/<int:meeting_pk>/",
        calibration.meeting_detail,
        name="meeting_detail",
    ),
    path(
        "periode/<int:pk>/rapat-kalibrasi/<int:meeting_pk>/pindah/",
        calibration.meeting_move,
        name="meeting_move",
    ),
    path(
        "periode/<int:pk>/rapat-kalibrasi/<int:meeting_pk>/tutup/",
        calibration.meeting_close,
        name="meeting_close",
    ),
    path(
        "periode/<int:pk>/rapat-kalibrasi/<int:meeting_pk>/notulen.pdf",
        calibration.meeting_minutes,
        name="meeting_minutes",
    ),
    path("periode/<int:pk>/laporan.pdf", report.period_report, name="period_report"),
    path("periode/<int:pk>/perpindahan/", periods.period_transitions, name="period_transitions"),
    path("data/<str:kind>/", records.record_list, name="record_list"),
    path("data/<str:kind>/baru/", records.record_edit, name="record_create"),
    path("data/<str:kind>/<int:pk>/", records.record_edit, name="record_edit"),
    path("jabatan-target/", succession.target_list, name="target_list"),
    path("jabatan-target/baru/", succession.target_edit, name="target_create"),
    path("jabatan-target/kekuatan/", succession.bench_strength, name="bench_strength"),
    path("jabatan-target/<int:pk>/", succession.target_detail, name="target_detail"),
    path("jabatan-target/<int:pk>/ubah/", succession.target_edit, name="target_edit"),
    path("kompetensi/", competency.competency_list, name="competency_list"),
    path("kompetensi/ringkasan/", competency.competency_summary, name="competency_summary"),
    path("kompetensi/standar/", competency.standard_list, name="standard_list"),
    path("kompetensi/standar/baru/", competency.standard_edit, name="standard_create"),
    path("kompetensi/standar/<int:pk>/", competency.standard_edit, name="standard_edit"),
    path(
        "kompetensi/pegawai/<int:employee_pk>/",
        competency.competency_profile,
        name="competency_profile",
    ),
    path(
        "kompetensi/pegawai/<int:employee_pk>/profil.pdf",
        competency.competency_profile_pdf,
        name="competency_pdf",
    ),
    path(
        "kompetensi/pegawai/<int:employee_pk>/hasil/baru/",
        competency.result_edit,
        name="result_create",
    ),
    path(
        "kompetensi/pegawai/<int:employee_pk>/hasil/<int:pk>/",
        competency.result_edit,
        name="result_edit",
    ),
    path("kompetensi/pegawai/<int:employee_pk>/idp/baru/", competency.idp_edit, name="idp_create"),
    path(
        "kompetensi/pegawai/<int:employee_pk>/hasil/<int:pk>/hapus/",
        competency.result_delete,
        name="result_delete",
    ),
    path(
        "kompetensi/pegawai/<int:employee_pk>/idp/<int:pk>/", competency.idp_edit, name="idp_edit"
    ),
    path(
        "kompetensi/pegawai/<int:employee_pk>/idp/<int:pk>/hapus/",
        competency.idp_delete,
        name="idp_delete",
    ),
]
