from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("baca-semua/", views.mark_all_read, name="mark_all_read"),
    path("email/", views.email_preference, name="email_preference"),
]
