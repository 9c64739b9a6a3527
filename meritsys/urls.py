from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from agencies.views_security import LoginView

from . import views


def admin_login_redirect(request):
    target = request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/admin/"
    return redirect(f"{reverse('login')}?{urlencode({'next': target})}")


admin.site.site_header = "Merit"
admin.site.site_title = "Merit"

urlpatterns = [
    # Our login (throttled, with the optional second step) is the only way in: the admin
    # site's own login form would skip the second step, so it sends people here.
    path("akun/masuk/", LoginView.as_view(), name="login"),
    path("admin/login/", admin_login_redirect, name="admin_login_redirect"),
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
    path("survei/", include("survey.urls")),
    path("pemberitahuan/", include("notifications.urls")),
    path("", views.home, name="dashboard"),
    path("", include("agencies.urls")),
]
