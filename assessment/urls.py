from django.urls import path

from .views import coaching, evidence, facts, filling, insight, regime, reports, review

app_name = "assessment"
urlpatterns = [
    path("", filling.assessment_list, name="list"),
    path("baru/", filling.assessment_create, name="create"),
    path("antrean/", review.queue, name="queue"),
    path("dasbor/", reports.dashboard_view, name="dashboard"),
    path("dasbor/ekspor/", reports.dashboard_export, name="dashboard_export"),
    path("verifikasi/", reports.verify, name="verify_code"),
    path("kartu-nilai/zip/", reports.bundle_create, name="bundle_create"),
    path("kartu-nilai/zip/<uuid:pk>/", reports.bundle_detail, name="bundle"),
    path("kartu-nilai/zip/<uuid:pk>/kemajuan/", reports.bundle_progress, name="bundle_progress"),
    path("kartu-nilai/zip/<uuid:pk>/coba-lagi/", reports.bundle_retry, name="bundle_retry"),
    path("kartu-nilai/zip/<uuid:pk>/unduh/", reports.bundle_download, name="bundle_download"),
    path("<int:pk>/kartu-nilai.pdf", reports.scorecard_pdf, name="scorecard"),
    path("<int:pk>/penandatangan/", reports.signatory, name="signatory"),
    path("instrumen/<int:pk>/", insight.instrument_detail, name="instrument"),
    path("bukti/<uuid:public_id>/", evidence.evidence_download, name="evidence"),
    path("bukti/<uuid:public_id>/hapus/", evidence.evidence_remove, name="evidence_remove"),
    path("pustaka-bukti/", evidence.library, name="library"),
    path("pustaka-bukti/<int:document_pk>/", evidence.document_dates, name="document_dates"),
    path("<int:pk>/", filling.assessment_detail, name="detail"),
    path("<int:pk>/aspek/<int:order>/", filling.aspect_page, name="aspect"),
    path("<int:pk>/jawaban/<int:answer_pk>/", filling.answer_save, name="answer_save"),
    path(
        "<int:pk>/jawaban/<int:answer_pk>/bukti/", evidence.evidence_upload, name="evidence_upload"
    ),
    path(
        "<int:pk>/jawaban/<int:answer_pk>/lampirkan/",
        evidence.evidence_attach,
        name="evidence_attach",
    ),
    path("<int:pk>/ajukan/", filling.assessment_submit, name="submit"),
    path(
        "<int:pk>/jawaban/<int:answer_pk>/penjelasan-fakta/",
        facts.fact_explanation,
        name="fact_explanation",
    ),
    path("<int:pk>/verifikasi/", review.review, name="review"),
    path("<int:pk>/verifikasi/<int:answer_pk>/", review.verify_answer, name="verify_answer"),
    path("<int:pk>/terima-level/", review.accept_self_levels, name="accept_self_levels"),
    path("<int:pk>/kembalikan/", review.return_assessment, name="return"),
    path("<int:pk>/selesai-verifikasi/", review.verify_assessment, name="verify"),
    path("<int:pk>/finalkan/", review.finalise, name="finalise"),
    path("<int:pk>/buka-kembali/", review.reopen, name="reopen"),
    path("<int:pk>/rencana/", insight.plan, name="plan"),
    path("<int:pk>/bawa-tahun-lalu/", regime.carry_forward, name="carry_forward"),
    path("<int:pk>/faktor-koreksi/", regime.correction_factor, name="correction_factor"),
    path("instansi/<int:instansi_pk>/perbandingan/", insight.compare, name="compare"),
]
urlpatterns += [
    path("pembinaan/", coaching.heatmap, name="coaching"),
    path("pembinaan/tahapan/", coaching.stages, name="coaching_stages"),
    path("pembinaan/indikator/<int:pk>/", coaching.indicator_detail, name="coaching_indicator"),
    path("pembinaan/tindak-lanjut/", coaching.followup_list, name="followups"),
    path("pembinaan/tindak-lanjut/baru/", coaching.followup_create, name="followup_create"),
    path("pembinaan/tindak-lanjut/<int:pk>/", coaching.followup_edit, name="followup_edit"),
    path(
        "pembinaan/tindak-lanjut/<int:pk>/tanggapan/",
        coaching.followup_respond,
        name="followup_respond",
    ),
    path("pembinaan/komitmen/", coaching.commitment_list, name="commitments"),
    path(
        "pembinaan/komitmen/<int:pk>/unduh/",
        coaching.commitment_download,
        name="commitment_download",
    ),
    path("pembinaan/ekspor/peta.xlsx", coaching.heatmap_export, name="coaching_heatmap_export"),
    path(
        "pembinaan/ekspor/tindak-lanjut.xlsx",
        coaching.followup_export,
        name="coaching_followup_export",
    ),
    path("pembinaan/ekspor/ringkasan.pdf", coaching.summary_pdf, name="coaching_summary_pdf"),
    path("instansi/<int:instansi_pk>/sejawat/", coaching.peers, name="peers"),
]
