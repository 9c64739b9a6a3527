from django.urls import path

from . import views, views_insight, views_reports, views_review

app_name = "assessment"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("baru/", views.assessment_create, name="create"),
    path("antrean/", views_review.queue, name="queue"),
    path("dasbor/", views_reports.dashboard_view, name="dashboard"),
    path("dasbor/ekspor/", views_reports.dashboard_export, name="dashboard_export"),
    path("verifikasi/", views_reports.verify, name="verify_code"),
    path("kartu-nilai/zip/", views_reports.bundle_create, name="bundle_create"),
    path("kartu-nilai/zip/<uuid:pk>/", views_reports.bundle_detail, name="bundle"),
    path(
        "kartu-nilai/zip/<uuid:pk>/kemajuan/", views_reports.bundle_progress, name="bundle_progress"
    ),
    path("kartu-nilai/zip/<uuid:pk>/unduh/", views_reports.bundle_download, name="bundle_download"),
    path("<int:pk>/kartu-nilai.pdf", views_reports.scorecard_pdf, name="scorecard"),
    path("<int:pk>/penandatangan/", views_reports.signatory, name="signatory"),
    path("instrumen/<int:pk>/", views_insight.instrument_detail, name="instrument"),
    path("bukti/<uuid:public_id>/", views.evidence_download, name="evidence"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/aspek/<int:order>/", views.aspect_page, name="aspect"),
    path("<int:pk>/jawaban/<int:answer_pk>/", views.answer_save, name="answer_save"),
    path("<int:pk>/jawaban/<int:answer_pk>/bukti/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/ajukan/", views.assessment_submit, name="submit"),
    path("<int:pk>/verifikasi/", views_review.review, name="review"),
    path("<int:pk>/verifikasi/<int:answer_pk>/", views_review.verify_answer, name="verify_answer"),
    path("<int:pk>/terima-level/", views_review.accept_self_levels, name="accept_self_levels"),
    path("<int:pk>/kembalikan/", views_review.return_assessment, name="return"),
    path("<int:pk>/selesai-verifikasi/", views_review.verify_assessment, name="verify"),
    path("<int:pk>/finalkan/", views_review.finalise, name="finalise"),
    path("<int:pk>/buka-kembali/", views_review.reopen, name="reopen"),
    path("<int:pk>/rencana/", views_insight.plan, name="plan"),
    path("instansi/<int:instansi_pk>/perbandingan/", views_insight.compare, name="compare"),
]
