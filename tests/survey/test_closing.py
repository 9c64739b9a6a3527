"""Closing the survey fixes its score (the mean answer put on 0..1) and records it on the
assessment; an agency that ran the national survey enters that result with its evidence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.files import PRIVATE_FOLDERS
from agencies.models import AuditEvent
from assessment.models import Assessment
from survey import workflow
from survey.models import NationalSurveyResult, Survey
from tests.factories import PDF_BYTES

from .conftest import answer_as_new_device, answer_url, answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_closing_fixes_the_score_and_records_it_on_the_assessment(client, people, survey):
    # 3 people x 3 items: 4,4,5 / 5,5,5 / 1,2,3 -> mean 34/9 = 3.7778 -> (3.7778-1)/4 = 0.6944
    for values in ((4, 4, 5), (5, 5, 5), (1, 2, 3)):
        answer_as_new_device(survey, values)
    client.force_login(people["admin_contoh"])
    confirm = client.get(f"/survei/{survey.pk}/tutup/").content.decode()
    assert "3 dari target 140" in confirm and "Target jawaban belum tercapai" in confirm

    response = client.post(f"/survei/{survey.pk}/tutup/")
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    assert survey.mean == Decimal("3.7778") and survey.score == Decimal("0.6944")
    assert survey.closed_responses == 3 and survey.closed_by == people["admin_contoh"]

    assessment = Assessment.objects.get(pk=survey.assessment_id)
    assert assessment.survey_score == Decimal("0.6944")
    assert assessment.survey_responses == 3 and assessment.survey_source == "merit"
    assert "3 jawaban (target 140)" in assessment.survey_note
    assert AuditEvent.objects.filter(action="survey.close").exists()
    assert AuditEvent.objects.filter(action="assessment.survey_recorded").exists()
    page = client.get(f"/survei/{survey.pk}/").content.decode()
    assert "nilai survei 0.6944" in page or "nilai survei 0,6944" in page


def test_a_survey_without_answers_cannot_be_closed(client, people, survey):
    client.force_login(people["admin_contoh"])
    page = client.post(f"/survei/{survey.pk}/tutup/").content.decode()
    assert "Belum ada jawaban" in page
    survey.refresh_from_db()
    assert survey.is_open


def test_a_final_assessment_is_not_changed_by_closing(client, people, survey):
    answer_as_new_device(survey)
    Assessment.objects.filter(pk=survey.assessment_id).update(status=Assessment.Status.FINAL)
    client.force_login(people["admin_contoh"])
    page = client.post(f"/survei/{survey.pk}/tutup/").content.decode()
    assert "sudah final" in page
    survey.refresh_from_db()
    assert survey.is_open and survey.score is None
    assert Assessment.objects.get(pk=survey.assessment_id).survey_score is None


def test_a_closed_survey_takes_no_answers_and_cannot_be_closed_again(people, survey):
    answer_as_new_device(survey)
    workflow.survey_close(survey=survey, actor=people["admin_contoh"])
    with pytest.raises(workflow.SurveyClosed):
        workflow.response_submit(survey=survey, values={"K1": 3, "K2": 3, "E1": 3})
    with pytest.raises(workflow.SurveyClosed):
        workflow.survey_close(survey=survey, actor=people["admin_contoh"])


def report(name: str = "laporan-survei-nasional.pdf", content: bytes = PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_national_survey_result_is_entered_with_its_evidence(client, people, assessment_2026):
    client.force_login(people["admin_contoh"])
    url = f"/survei/penilaian/{assessment_2026.pk}/nasional/"
    response = client.post(
        url,
        {
            "score": "0.7125",
            "responses": "212",
            "note": "Survei KemenPAN-RB 2026",
            "file": report(),
        },
    )
    assert response.status_code == 302
    result = NationalSurveyResult.objects.get()
    assert result.file.name.startswith("survei/") and "survei/" in PRIVATE_FOLDERS
    assert result.original_name == "laporan-survei-nasional.pdf"
    assessment_2026.refresh_from_db()
    assert assessment_2026.survey_score == Decimal("0.7125")
    assert assessment_2026.survey_responses == 212
    assert assessment_2026.survey_source == "nasional"
    assert AuditEvent.objects.filter(action="survey.import").exists()

    download = client.get(f"/survei/nasional/{result.public_id}/bukti/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    client.force_login(people["admin_lain"])
    assert client.get(f"/survei/nasional/{result.public_id}/bukti/").status_code == 404


def test_national_evidence_is_checked_by_content_and_size(
    client, people, assessment_2026, settings
):
    client.force_login(people["admin_contoh"])
    url = f"/survei/penilaian/{assessment_2026.pk}/nasional/"
    fake = report("laporan.pdf", b"MZ\x90\x00 not a pdf at all")
    page = client.post(url, {"score": "0.7", "responses": "200", "file": fake}).content.decode()
    assert "bukan PDF" in page
    settings.ASSESSMENT_EVIDENCE_MAX_BYTES = 50
    page = client.post(url, {"score": "0.7", "responses": "200", "file": report()}).content.decode()
    assert "terlalu besar" in page
    settings.ASSESSMENT_EVIDENCE_MAX_BYTES = 10_000
    above_one = client.post(url, {"score": "1.5", "responses": "200", "file": report()})
    assert above_one.context["form"].errors["score"]
    assert not NationalSurveyResult.objects.exists()
    assessment_2026.refresh_from_db()
    assert assessment_2026.survey_score is None


def test_the_national_result_waits_until_merits_own_survey_is_closed(people, survey):
    answer_as_new_device(survey)
    with pytest.raises(workflow.SurveyError, match="masih dibuka"):
        workflow.national_result_enter(
            assessment=survey.assessment,
            actor=people["admin_contoh"],
            score=Decimal("0.7"),
            responses=150,
            upload=report(),
        )


def test_an_answer_submitted_after_closing_through_an_old_page_is_refused(client, people, survey):
    phone_page = answer_url(survey)
    answer_as_new_device(survey)
    workflow.survey_close(survey=survey, actor=people["admin_contoh"])
    late = client.post(phone_page, answers())
    assert "Survei sudah ditutup" in late.content.decode()
