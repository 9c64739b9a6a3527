from django.urls import path

from . import views
from .importing import views as imports

app_name = "employees"
urlpatterns = [
    path("", views.employee_list, name="list"),
    path("baru/", views.employee_create, name="create"),
    path("ekspor.<str:fmt>", views.employee_export, name="export"),  # fmt: xlsx or csv
    path("permintaan-pindah/", views.transfer_list, name="transfer_list"),
    path("permintaan-pindah/baru/", views.transfer_request, name="transfer_request"),
    path("kualitas-data/", views.data_quality, name="data_quality"),
    path("kualitas-data/ekspor.xlsx", views.data_quality_export, name="data_quality_export"),
    path("<int:pk>/", views.employee_detail, name="detail"),
    path("<int:pk>/ubah/", views.employee_edit, name="edit"),
    path("<int:pk>/nonaktifkan/", views.employee_deactivate, name="deactivate"),
    path("<int:pk>/aktifkan/", views.employee_reactivate, name="reactivate"),
    # The import screens serve every registered kind (the talent app's too).
    path("impor/<slug:kind>/", imports.upload, name="import_upload"),
    path("impor/<slug:kind>/templat.xlsx", imports.template, name="import_template"),
    path("impor/<slug:kind>/<uuid:pk>/", imports.batch_detail, name="import_batch"),
    path("impor/<slug:kind>/<uuid:pk>/progres/", imports.batch_progress, name="import_progress"),
    path("impor/<slug:kind>/<uuid:pk>/simpan/", imports.batch_confirm, name="import_confirm"),
    path("impor/<slug:kind>/<uuid:pk>/ulang/", imports.batch_retry, name="import_retry"),
    path("impor/<slug:kind>/<uuid:pk>/kolom/", imports.batch_mapping, name="import_mapping"),
    path("impor/<slug:kind>/<uuid:pk>/unit/", imports.batch_unit, name="import_unit"),
    path("impor/<slug:kind>/<uuid:pk>/kesalahan.xlsx", imports.batch_errors, name="import_errors"),
]
