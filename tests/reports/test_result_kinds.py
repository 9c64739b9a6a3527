"""Which figure counts, and what kind it is, in every state of an assessment: the agency's
own (draft, submitted), verification in progress (provisional), verified and final. Every
page, the reviewer dashboard, its Excel export and chart, and the scorecard PDF say the same."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from assessment import workflow
from assessment.results import (
    PROVISIONAL,
    SELF,
    VERIFIED,
    assessment_result,
    compute,
    compute_with_result,
)
from assessment.scorecard import render_scorecard

from .conftest import finalise, pdf_text

pytestmark = pytest.mark.django_db
DASHBOARD = "/penilaian/dasbor/"


@pytest.fixture
def submitted(filled, people):
    """Every indicator answered at level 3 (300, III Baik), submitted, nothing verified."""
    workflow.assessment_submit(assessment=filled, actor=people["admin_contoh"])
    filled.refresh_from_db()
    return filled


@pytest.fixture
def half_verified(submitted, people):
    """The reviewer has verified one indicator (3.1 at level 2) and nothing else yet."""
    answer = submitted.answers.get(indicator__code="3.1")
    answer.assessment = submitted
    workflow.answer_verify(
        answer=answer,
        actor=people["reviewer_provinsi"],
        verified_level=2,
        note="",
        return_requested=False,
        return_reason="",
    )
    submitted.refresh_from_db()
    return submitted


def aspect_verified_cells(page: str) -> list[str]:
    """The text of the "Level verifikasi" column of the overview, one per aspect."""
    cells = []
    for row in re.findall(r'<tr data-testid="aspect-row">(.*?)</tr>', page, re.S):
        last = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[-1]
        cells.append(re.sub(r"<[^>]+>", "", last).strip())
    return cells


def dashboard_row(page: str, name: str) -> str:
    rows = re.findall(r'<tr data-testid="dashboard-row">(.*?)</tr>', page, re.S)
    return next(row for row in rows if name in row)


def test_a_draft_counts_the_agencys_own_total(filled):
    result = assessment_result(filled)
    assert (result.kind, result.label) == (SELF, "Nilai mandiri")
    assert result.total == Decimal("300.00") and result.band.code == "III"
    assert result.is_provisional and result.verified_count == 0
    assert result.indicator_count == filled.answers.count()


def test_a_submitted_assessment_with_nothing_verified_is_still_self_assessed(submitted):
    result = assessment_result(submitted)
    assert (result.kind, result.total, result.label) == (SELF, Decimal("300.00"), "Nilai mandiri")


def test_half_verified_is_provisional_and_counts_self_levels_where_nothing_is_verified(
    half_verified,
):
    result = assessment_result(half_verified)
    count = half_verified.answers.count()
    assert result.kind == PROVISIONAL and result.is_provisional
    assert (result.verified_count, result.indicator_count) == (1, count)
    assert result.label == (f"Nilai verifikasi sementara (1 dari {count} indikator terverifikasi)")
    # One indicator of aspect 3 one level lower, not every unverified one at level 1.
    aspect = half_verified.instrument.aspects.get(order=3)
    step = aspect.weight / aspect.indicators.count()
    assert result.total == (Decimal("300") - step).quantize(Decimal("0.01"))
    assert result.band.code == "III"


def test_the_operator_sees_the_half_verified_figure_as_provisional(client, people, half_verified):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{half_verified.pk}/").content.decode()
    assert "Nilai verifikasi sementara (1 dari" in page
    assert "Kategori I Buruk" not in page
    # No aspect shows a verified level before all its indicators are verified.
    cells = aspect_verified_cells(page)
    assert len(cells) == 8
    assert not any(re.fullmatch(r"\d,\d\d", cell) for cell in cells), cells
    assert "1 dari" in cells[2] and "terverifikasi" in cells[2]
    assert cells[0] == "-"


def test_the_reviewer_dashboard_marks_the_half_verified_row_provisional(
    client, people, half_verified
):
    client.force_login(people["reviewer_provinsi"])
    page = client.get(DASHBOARD).content.decode()
    row = dashboard_row(page, "Kabupaten Contoh")
    assert "Nilai verifikasi sementara (1 dari" in row
    assert "III Baik" in row and "I Buruk" not in row
    # The chart counts only verified categories; this one waits apart.
    chart = page.split('data-testid="category-chart"')[1]
    assert "Belum verif." in chart


def test_a_submitted_self_category_is_labelled_in_the_dashboard_and_its_export(
    client, people, submitted
):
    client.force_login(people["reviewer_provinsi"])
    row = dashboard_row(client.get(DASHBOARD).content.decode(), "Kabupaten Contoh")
    assert "Nilai mandiri" in row
    response = client.get(DASHBOARD + "ekspor/")
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    headers = values[0]
    kab = next(r for r in values[1:] if r[0] == "Kabupaten Contoh")
    data = dict(zip(headers, kab, strict=True))
    assert data["Jenis nilai"] == "Nilai mandiri"
    assert data["Nilai mandiri"] == 300 and data["Nilai verifikasi"] is None
    assert data["Kategori"] == "III Baik"


def test_verified_and_final_count_the_verified_total(submitted, people):
    reviewer = people["reviewer_provinsi"]
    workflow.accept_self_levels(assessment=submitted, actor=reviewer)
    workflow.assessment_verify(assessment=submitted, actor=reviewer)
    submitted.refresh_from_db()
    result = assessment_result(submitted)
    assert (result.kind, result.label, result.is_provisional) == (
        VERIFIED,
        "Nilai verifikasi",
        False,
    )
    workflow.assessment_finalise(assessment=submitted, actor=reviewer)
    submitted.refresh_from_db()
    result = assessment_result(submitted)
    assert (result.kind, result.label, result.total) == (VERIFIED, "Nilai akhir", Decimal("300"))


def test_the_scorecard_reads_the_levels_once_and_gets_the_same_figures(half_verified):
    # The scorecard computes both from one query (it does so on every download, to know
    # whether its stored copy still stands): the same figures as the pages' two calls.
    assert compute_with_result(half_verified) == (
        *compute(half_verified),
        assessment_result(half_verified),
    )


def test_the_scorecard_pdf_says_which_kind_of_figure_it_shows(half_verified, people):
    text = "\n".join(pdf_text(render_scorecard(half_verified)))
    assert "Nilai verifikasi sementara (1 dari 28" in text
    assert "Nilai 295,00" in text and "Kategori III" in text
    # Aspect 3 has one of its indicators verified: no verified level for it yet.
    assert "3. Pengembangan Karier 20% 3,00 - 60,00 -" in text


def test_the_final_scorecard_shows_the_final_figure(filled, people):
    finalise(filled, people, verified_level=2)
    filled.refresh_from_db()
    text = "\n".join(pdf_text(filled.frozen_scorecards.get().file.read()))
    assert "Nilai akhir" in text and "Nilai 200,00" in text
    assert filled.frozen_scorecards.get().category == "II Kurang"


def test_the_lists_show_the_provisional_figure_not_the_partial_sum(client, people, half_verified):
    client.force_login(people["reviewer_provinsi"])
    queue = client.get("/penilaian/antrean/").content.decode()
    row = re.search(r'data-testid="queue-row">(.*?)</tr>', queue, re.S).group(1)
    assert "295,00" in row and "(sementara)" in row
    client.force_login(people["operator_contoh"])
    listing = client.get("/penilaian/").content.decode()
    row = re.search(r'data-testid="assessment-row">(.*?)</tr>', listing, re.S).group(1)
    assert "295,00" in row and "(sementara)" in row
