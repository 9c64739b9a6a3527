from django.urls import path

from . import views, views_security

urlpatterns = [
    path("instansi/", views.instansi_list, name="instansi_list"),
    path("instansi/<int:pk>/", views.instansi_detail, name="instansi_detail"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create, name="user_create"),
    path("pengguna/<int:pk>/status/", views.user_toggle_active, name="user_toggle_active"),
    path("audit/", views_security.audit_list, name="audit_list"),
    path("akun/dua-langkah/", views_security.two_factor, name="two_factor"),
]
