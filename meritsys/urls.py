from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

admin.site.site_header = "Merit"
admin.site.site_title = "Merit"

urlpatterns = [
    path(
        "akun/masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"
    ),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "akun/sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("pegawai/", include("employees.urls")),
    path("penilaian/", include("assessment.urls")),
    path("talenta/", include("talent.urls")),
    path("", include("agencies.urls")),
]
