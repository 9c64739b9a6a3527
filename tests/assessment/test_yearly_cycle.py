"""The yearly round: phases with dates per year (usual calendar, national and provincial
dates set by the superadmin) and each role's home page saying what to do next, by when."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessment import phases, workflow
from assessment.evidence import evidence_add
from assessment.models import Phase, PhaseDate, Transition
from core import formats
from tests.factories import EmployeeFactory, KabupatenFactory, pdf

from .conftest import fill_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def this_year(instrument, people, wilayah):
    """Kabupaten Contoh's assessment of the current year, nothing answered yet."""
    return workflow.assessment_create(
        instansi=wilayah["kabupaten"],
        year=YEAR,
        instrument=instrument,
        actor=people["admin_contoh"],
    )


def test_the_usual_calendar_is_january_to_june():
    calendar = phases.usual_calendar(2026)
    assert calendar[Phase.SELF_ASSESSMENT].starts == dt.date(2026, 1, 1)
    assert calendar[Phase.SELF_ASSESSMENT].ends == dt.date(2026, 2, 28)
    assert calendar[Phase.VERIFICATION].ends == dt.date(2026, 4, 30)
    assert calendar[Phase.CORRECTION].starts == dt.date(2026, 5, 1)
    assert calendar[Phase.RESULTS].ends == dt.date(2026, 6, 30)
    assert phases.usual_calendar(2028)[Phase.SELF_ASSESSMENT].ends == dt.date(2028, 2, 29)


def test_a_province_s_dates_override_the_national_ones(wilayah):
    PhaseDate.objects.create(
        year=2026,
        phase=Phase.SELF_ASSESSMENT,
        starts=dt.date(2026, 1, 5),
        ends=dt.date(2026, 2, 20),
    )
    PhaseDate.objects.create(
        year=2026,
        provinsi=wilayah["provinsi"],
        phase=Phase.SELF_ASSESSMENT,
        starts=dt.date(2026, 1, 5),
        ends=dt.date(2026, 3, 15),
    )
    contoh = phases.calendar_for(wilayah["kabupaten"], 2026)[Phase.SELF_ASSESSMENT]
    lain = phases.calendar_for(wilayah["kabupaten_lain"], 2026)[Phase.SELF_ASSESSMENT]
    assert contoh.ends == dt.date(2026, 3, 15) and not contoh.usual
    assert lain.ends == dt.date(2026, 2, 20)
    assert phases.calendar_for(wilayah["provinsi"], 2026)[Phase.SELF_ASSESSMENT].ends == dt.date(
        2026, 3, 15
    )
    # Phases nobody set keep the usual dates.
    assert phases.calendar_for(wilayah["kabupaten"], 2026)[Phase.VERIFICATION].usual


def test_the_operator_is_told_how_far_along_and_by_when(client, people, this_year):
    answer = this_year.answers.select_related("indicator").first()
    workflow.answer_save(
        answer=answer,
        actor=people["operator_contoh"],
        expected_version=answer.version,
        level=3,
        justification="Sudah ada.",
    )
    total = this_year.answers.count()
    deadline = phases.usual_calendar(YEAR)[Phase.SELF_ASSESSMENT].ends
    client.force_login(people["operator_contoh"])
    page = client.get("/").content.decode()
    expected = (
        f"Lanjutkan pengisian: 1/{total} indikator, {total} tanpa bukti, "
        f"batas {formats.date(deadline)}"
    )
    assert expected in page
    # The link goes to the first indicator still to do.
    first = this_year.answers.order_by("indicator__aspect__order", "indicator__order").first()
    assert f"/penilaian/{this_year.pk}/aspek/1/#indikator-{first.pk}" in page


def test_the_operator_follows_the_province_s_deadline(client, people, wilayah, this_year):
    PhaseDate.objects.create(
        year=YEAR,
        provinsi=wilayah["provinsi"],
        phase=Phase.SELF_ASSESSMENT,
        starts=dt.date(YEAR, 1, 1),
        ends=dt.date(YEAR, 3, 15),
    )
    client.force_login(people["operator_contoh"])
    assert f"batas {formats.date(dt.date(YEAR, 3, 15))}" in client.get("/").content.decode()


def test_an_operator_without_this_year_s_assessment_is_asked_to_create_it(client, people):
    client.force_login(people["operator_contoh"])
    page = client.get("/").content.decode()
    assert f"Penilaian mandiri {YEAR} belum dibuat." in page
    assert 'href="/penilaian/baru/"' in page


def test_a_returned_assessment_asks_for_the_correction_by_may(client, people, this_year):
    fill_in(this_year, people["operator_contoh"])
    workflow.assessment_submit(assessment=this_year, actor=people["operator_contoh"])
    answer = this_year.answers.first()
    workflow.answer_verify(
        answer=answer,
        actor=people["reviewer_provinsi"],
        verified_level=2,
        note="",
        return_requested=True,
        return_reason="Dokumen belum ditandatangani.",
    )
    workflow.assessment_return(assessment=this_year, actor=people["reviewer_provinsi"])
    client.force_login(people["operator_contoh"])
    page = client.get("/").content.decode()
    may = phases.usual_calendar(YEAR)[Phase.CORRECTION].ends
    assert f"Perbaiki 1 indikator yang dikembalikan, batas {formats.date(may)}" in page


def _submit_days_ago(assessment, operator, days):
    fill_in(assessment, operator)
    workflow.assessment_submit(assessment=assessment, actor=operator)
    Transition.objects.filter(assessment=assessment).update(
        created=timezone.now() - dt.timedelta(days=days)
    )


def test_the_reviewer_sees_the_queue_with_days_waiting(client, people, this_year):
    _submit_days_ago(this_year, people["operator_contoh"], 5)
    client.force_login(people["reviewer_provinsi"])
    page = client.get("/").content.decode()
    assert "1 penilaian menunggu verifikasi" in page
    assert "Kabupaten Contoh" in page and "menunggu 5 hari" in page
    assert f'href="/penilaian/{this_year.pk}/verifikasi/"' in page


def test_the_admin_is_told_what_data_is_missing(client, people, this_year, unit_contoh, referensi):
    EmployeeFactory(instansi=this_year.instansi, unit=unit_contoh)
    client.force_login(people["admin_contoh"])
    page = client.get("/").content.decode()
    assert f"1 pegawai aktif belum punya data SKP {YEAR - 1}." in page
    assert "Lanjutkan pengisian" in page


def test_the_superadmin_is_told_the_year_has_no_dates_yet(client, people, wilayah):
    client.force_login(people["superadmin"])
    page = client.get("/").content.decode()
    assert f"Jadwal tahapan {YEAR} belum ditetapkan" in page
    assert "/admin/assessment/phasedate/" in page


def _home_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_home_page_costs_the_same_with_one_or_many_waiting(
    client, people, wilayah, instrument, this_year
):
    _submit_days_ago(this_year, people["operator_contoh"], 3)
    one = _home_queries(client, people["reviewer_provinsi"])
    for n in range(4):
        agency = KabupatenFactory(provinsi=wilayah["provinsi"], kode_bkn=f"98{n:02d}")
        other = workflow.assessment_create(
            instansi=agency, year=YEAR, instrument=instrument, actor=people["superadmin"]
        )
        _submit_days_ago(other, people["superadmin"], n)
    assert _home_queries(client, people["reviewer_provinsi"]) == one


def test_the_operator_s_home_costs_the_same_however_much_is_filled_in(client, people, this_year):
    before = _home_queries(client, people["operator_contoh"])
    fill_in(this_year, people["operator_contoh"])
    answer = this_year.answers.first()
    evidence_add(answer=answer, actor=people["operator_contoh"], upload=pdf(), requirement=0)
    assert _home_queries(client, people["operator_contoh"]) == before
