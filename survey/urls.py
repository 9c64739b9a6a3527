from django.urls import path

from . import views, views_public

app_name = "survey"
urlpatterns = [
    path("", views.survey_index, name="index"),
    path("penilaian/<int:pk>/buka/", views.survey_open, name="open"),
    path("penilaian/<int:pk>/nasional/", views.national_result, name="national"),
    path("nasional/<uuid:public_id>/bukti/", views.national_evidence, name="national_evidence"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/kemajuan/", views.survey_progress, name="progress"),
    path("<int:pk>/poster.pdf", views.survey_poster, name="poster"),
    path("<int:pk>/undangan/", views.survey_invitations, name="invitations"),
    path("<int:pk>/undangan.pdf", views.survey_invitations_pdf, name="invitations_pdf"),
    path("<int:pk>/tutup/", views.survey_close, name="close"),
    # Public: staff answer here without logging in.
    path("isi/<str:code>/", views_public.answer, name="answer"),
    path(
        "isi/<str:code>/undangan/<str:token>/",
        views_public.answer_invitation,
        name="answer_invitation",
    ),
    path("isi/<str:code>/selesai/", views_public.thanks, name="thanks"),
]
