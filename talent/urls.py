from django.urls import path

from . import views, views_records, views_report, views_succession

app_name = "talent"
urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("periode/baru/", views.period_create, name="period_create"),
    path("periode/<int:pk>/", views.period_detail, name="period_detail"),
    path("periode/<int:pk>/grafik.svg", views.period_chart, name="period_chart"),
    path("periode/<int:pk>/hitung/", views.period_compute, name="period_compute"),
    path("periode/<int:pk>/pengaturan/", views.period_settings, name="period_settings"),
    path("periode/<int:pk>/kotak/<int:box>/", views.box_list, name="box_list"),
    path("periode/<int:pk>/tidak-terpetakan/", views.not_mappable_list, name="not_mappable"),
    path(
        "periode/<int:pk>/pegawai/<int:employee_pk>/",
        views.placement_detail,
        name="placement_detail",
    ),
    path(
        "periode/<int:pk>/pegawai/<int:employee_pk>/kalibrasi/",
        views.placement_calibrate,
        name="placement_calibrate",
    ),
    path("periode/<int:pk>/ekspor.xlsx", views.period_export, name="period_export"),
    path("periode/<int:pk>/laporan.pdf", views_report.period_report, name="period_report"),
    path("periode/<int:pk>/perpindahan/", views.period_transitions, name="period_transitions"),
    path("data/<str:kind>/", views_records.record_list, name="record_list"),
    path("data/<str:kind>/baru/", views_records.record_edit, name="record_create"),
    path("data/<str:kind>/<int:pk>/", views_records.record_edit, name="record_edit"),
    path("jabatan-target/", views_succession.target_list, name="target_list"),
    path("jabatan-target/baru/", views_succession.target_edit, name="target_create"),
    path("jabatan-target/<int:pk>/", views_succession.target_detail, name="target_detail"),
    path("jabatan-target/<int:pk>/ubah/", views_succession.target_edit, name="target_edit"),
]
