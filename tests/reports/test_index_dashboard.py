"""The reviewer's dashboard and its export under the 2026 index: the levels of the new
regime, a provisional index while the survey is missing, and the survey's figures."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from assessment import workflow

pytestmark = pytest.mark.django_db

DASHBOARD = "/penilaian/dasbor/?tahun=2026"


def row_of(page: str, name: str) -> str:
    rows = re.findall(r'<tr data-testid="dashboard-row">(.*?)</tr>', page, re.S)
    return next(row for row in rows if name in row)


def test_the_dashboard_lists_the_new_levels_and_a_provisional_index(client, people, index_draft):
    client.force_login(people["reviewer_provinsi"])
    page = client.get(DASHBOARD).content.decode()
    row = row_of(page, "Kabupaten Contoh")
    assert "Lanjutan" in row
    assert "indeks sementara: survei pegawai belum ada" in row
    filter_options = page.split('id="kategori"')[1].split("</select>")[0]
    assert "Dasar" in filter_options and "Maju" in filter_options
    assert "Buruk" not in filter_options


def test_the_export_carries_the_instrument_the_common_scale_and_the_survey(
    client, people, index_draft
):
    workflow.record_survey_result(
        index_draft, score=Decimal("0.84"), responses=151, source="merit", user=people["superadmin"]
    )
    client.force_login(people["reviewer_provinsi"])
    response = client.get("/penilaian/dasbor/ekspor/?tahun=2026")
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    kab = next(r for r in values[1:] if r[0] == "Kabupaten Contoh")
    data = dict(zip(values[0], kab, strict=True))
    assert data["Instrumen"] == "merit-2026"
    assert data["Nilai mandiri"] == pytest.approx(0.81)
    assert data["Kategori"] == "Tinggi"
    assert data["Nilai skala 0-1"] == pytest.approx(0.81)
    assert data["Survei pegawai (0-1)"] == pytest.approx(0.84)
    assert data["Responden survei"] == 151
    assert data["Faktor koreksi"] == 1
