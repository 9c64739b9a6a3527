"""The agency's admin opens the staff survey of this year's assessment; its items and scale
come from the instrument, provisional note included."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import AuditEvent
from assessment import results, workflow
from assessment.demo import default_instrument
from survey import workflow as survey_workflow
from survey.models import Survey

from .conftest import SURVEY_SECTION

pytestmark = pytest.mark.django_db


def test_the_admin_opens_the_survey_with_the_instruments_items(client, people, assessment_2026):
    client.force_login(people["admin_contoh"])
    page = client.get("/survei/").content.decode()
    assert "Buka survei" in page

    form = client.get(f"/survei/penilaian/{assessment_2026.pk}/buka/").content.decode()
    assert "Saya bangga bekerja di instansi ini." in form
    assert "Sangat setuju" in form and "target 140 jawaban" in form
    assert "Butir survei sementara sampai lampiran resmi terbit." in form  # provisional note

    response = client.post(f"/survei/penilaian/{assessment_2026.pk}/buka/", {})
    survey = Survey.objects.get(assessment=assessment_2026)
    assert response.status_code == 302 and response["Location"] == f"/survei/{survey.pk}/"
    assert survey.is_open and not survey.invitation_only
    assert survey.items == SURVEY_SECTION["items"]
    assert survey.scale_values == [1, 2, 3, 4, 5]
    assert (survey.target_responses, survey.min_group_size) == (140, 10)
    assert survey.provisional and "sementara" in survey.note
    event = AuditEvent.objects.get(action="survey.open")
    assert event.actor == people["admin_contoh"] and event.instansi == assessment_2026.instansi

    detail = client.get(f"/survei/{survey.pk}/").content.decode()
    assert f"/survei/isi/{survey.code}/" in detail and "0 / 140" in detail


def test_opening_twice_leads_to_the_running_survey(client, people, survey):
    client.force_login(people["admin_contoh"])
    response = client.post(f"/survei/penilaian/{survey.assessment_id}/buka/", {})
    assert response["Location"] == f"/survei/{survey.pk}/"
    assert Survey.objects.count() == 1


def test_without_this_years_assessment_the_page_says_who_creates_it(client, people, db):
    client.force_login(people["admin_contoh"])
    page = client.get("/survei/").content.decode()
    assert 'data-testid="no-assessment"' in page
    assert "operator atau admin instansi membuatnya di menu Penilaian" in page


def test_an_instrument_without_a_survey_says_so_instead_of_opening(client, people, wilayah):
    old = workflow.assessment_create(
        instansi=wilayah["kabupaten"],
        year=2025,
        instrument=default_instrument(),
        actor=people["admin_contoh"],
    )
    client.force_login(people["admin_contoh"])
    page = client.get(f"/survei/penilaian/{old.pk}/buka/").content.decode()
    assert "tidak memuat survei pegawai" in page
    client.post(f"/survei/penilaian/{old.pk}/buka/", {})
    assert not Survey.objects.exists()


def test_only_the_agencys_admin_runs_the_survey(client, people, assessment_2026, survey):
    client.force_login(people["operator_contoh"])
    assert client.get("/survei/").status_code == 403
    assert client.get(f"/survei/{survey.pk}/").status_code == 403


def test_another_agencys_admin_gets_404(client, people, survey):
    client.force_login(people["admin_lain"])
    for url in (
        f"/survei/{survey.pk}/",
        f"/survei/{survey.pk}/kemajuan/",
        f"/survei/{survey.pk}/poster.pdf",
        f"/survei/{survey.pk}/tutup/",
        f"/survei/penilaian/{survey.assessment_id}/buka/",
        f"/survei/penilaian/{survey.assessment_id}/nasional/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert "Kabupaten Contoh" not in client.get("/survei/").content.decode()


def test_the_survey_list_costs_the_same_queries_for_one_row_or_many(
    client, people, wilayah, survey, survey_instrument
):
    client.force_login(people["superadmin"])
    with CaptureQueriesContext(connection) as one:
        assert client.get("/survei/").status_code == 200
    for year in range(2020, 2026):
        created = workflow.assessment_create(
            instansi=wilayah["kabupaten"],
            year=year,
            instrument=survey_instrument,
            actor=people["admin_contoh"],
        )
        survey_workflow.survey_open(assessment=created, actor=people["admin_contoh"])
    with CaptureQueriesContext(connection) as many:
        page = client.get("/survei/").content.decode()
    assert page.count('data-testid="survey-row"') == 7
    assert len(many.captured_queries) == len(one.captured_queries)


def test_opening_after_a_national_result_warns_that_closing_replaces_it(
    client, people, assessment_2026
):
    workflow.record_survey_result(
        assessment_2026,
        score=Decimal("0.7"),
        responses=150,
        source="nasional",
        user=people["admin_contoh"],
    )
    client.force_login(people["admin_contoh"])
    page = client.get(f"/survei/penilaian/{assessment_2026.pk}/buka/").content.decode()
    assert "menggantikannya" in page


def test_while_the_survey_runs_the_index_says_so_instead_of_no_survey(people, index_draft):
    """QA found "survei pegawai belum ada" on every page while 96 staff had already answered."""
    assert "survei pegawai belum ada" in results.assessment_result(index_draft).label

    survey_workflow.survey_open(assessment=index_draft, actor=people["admin_contoh"])

    index_draft.refresh_from_db()
    label = results.assessment_result(index_draft).label
    assert "survei pegawai sedang berjalan, dihitung setelah ditutup" in label
    assert "belum ada" not in label


def test_the_assessment_page_says_the_survey_is_running(client, people, index_draft):
    survey_workflow.survey_open(assessment=index_draft, actor=people["admin_contoh"])

    client.force_login(people["operator_contoh"])
    response = client.get(f"/penilaian/{index_draft.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "sedang berjalan" in page
    assert "hasil survei pegawai belum ada" not in page
