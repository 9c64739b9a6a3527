"""The reviewer dashboard: every agency in scope at a glance, filters, sorting, the
category chart, the Excel export; and who may open scorecards at all."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from agencies.models import User
from assessment import workflow
from assessment.models import Assessment
from tests.factories import KabupatenFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/penilaian/dasbor/"


def rows(page: str) -> int:
    return page.count('data-testid="dashboard-row"')


@pytest.fixture
def reviewer_lain(wilayah):
    return UserFactory(
        username="reviewer_lain", role=User.Role.REVIEWER, instansi=wilayah["provinsi_lain"]
    )


def test_the_provincial_reviewer_sees_every_agency_of_the_province(
    client, people, final, kota_draft
):
    client.force_login(people["reviewer_provinsi"])
    page = client.get(URL).content.decode()
    assert "Kabupaten Contoh" in page and "Kota Contoh" in page and "Provinsi Contoh" in page
    assert "Kabupaten Lain" not in page
    assert rows(page) == 3
    assert "III Baik" in page
    assert "Belum dimulai" in page  # the province itself has no assessment yet
    assert f"/penilaian/{final.pk}/kartu-nilai.pdf" in page
    assert f"/penilaian/{final.pk}/" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page  # the category chart


def test_each_row_has_one_cell_per_column_and_one_scorecard_link(client, people, final, kota_draft):
    # A merge once left the kind, date and PDF cells twice in every row.
    client.force_login(people["reviewer_provinsi"])
    page = client.get(URL).content.decode()
    header = re.search(r"<thead>(.*?)</thead>", page, re.S)
    assert header is not None
    columns = header.group(1).count("<th")
    for row in re.findall(r'<tr data-testid="dashboard-row">(.*?)</tr>', page, re.S):
        assert row.count("<td") == columns
        assert row.count('data-testid="scorecard-link"') <= 1
        assert row.count('data-testid="result-kind"') == 1


def test_filters_by_status_category_and_province(client, people, final, kota_draft, wilayah):
    client.force_login(people["reviewer_nasional"])
    page = client.get(URL, {"status": "final"}).content.decode()
    assert rows(page) == 1 and "Kabupaten Contoh" in page
    page = client.get(URL, {"status": "draft"}).content.decode()
    assert rows(page) == 1 and "Kota Contoh" in page
    # Kota Contoh's draft has nothing answered: 100 points, category I.
    page = client.get(URL, {"kategori": "III"}).content.decode()
    assert rows(page) == 1 and "Kabupaten Contoh" in page
    page = client.get(URL, {"provinsi": wilayah["provinsi_lain"].pk}).content.decode()
    assert "Kabupaten Lain" in page and "Kabupaten Contoh" not in page
    assert rows(page) == 2  # Provinsi Lain and Kabupaten Lain


def names(page: str) -> list[str]:
    return re.findall(r'data-testid="agency">([^<]+)<', page)


def test_sorting(client, people, final, kota_draft):
    client.force_login(people["reviewer_provinsi"])
    listed = names(client.get(URL, {"urut": "instansi"}).content.decode())
    assert listed == ["Kabupaten Contoh", "Kota Contoh", "Provinsi Contoh"]
    listed = names(client.get(URL, {"urut": "-instansi"}).content.decode())
    assert listed == ["Provinsi Contoh", "Kota Contoh", "Kabupaten Contoh"]
    # Highest self score first (300 before 100); no assessment at all comes last.
    listed = names(client.get(URL, {"urut": "-mandiri"}).content.decode())
    assert listed == ["Kabupaten Contoh", "Kota Contoh", "Provinsi Contoh"]
    listed = names(client.get(URL, {"urut": "mandiri"}).content.decode())
    assert listed == ["Kota Contoh", "Kabupaten Contoh", "Provinsi Contoh"]
    # Only Kabupaten Contoh has a verified score: first either way.
    assert names(client.get(URL, {"urut": "verifikasi"}).content.decode())[0] == (
        "Kabupaten Contoh"
    )


def test_agency_users_do_not_get_the_dashboard(client, people):
    client.force_login(people["operator_contoh"])
    assert client.get(URL).status_code == 403
    assert client.get(URL + "ekspor/").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, final):
    for url in (URL, URL + "ekspor/", f"/penilaian/{final.pk}/kartu-nilai.pdf"):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_another_province_cannot_open_the_scorecard(client, people, final, reviewer_lain):
    url = f"/penilaian/{final.pk}/kartu-nilai.pdf"
    for user in (reviewer_lain, people["operator_lain"], people["admin_lain"]):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(people["reviewer_nasional"])
    assert client.get(url).status_code == 200


def test_the_dashboard_runs_a_constant_number_of_queries(client, people, instrument, wilayah):
    client.force_login(people["reviewer_nasional"])

    def add(n: int) -> None:
        for i in range(n):
            kab = KabupatenFactory(provinsi=wilayah["provinsi"])
            assessment = workflow.assessment_create(
                instansi=kab, year=2026, instrument=instrument, actor=people["superadmin"]
            )
            if i % 2:
                Assessment.objects.filter(pk=assessment.pk).update(status="final")

    add(2)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    add(12)
    with CaptureQueriesContext(connection) as many:
        page = client.get(URL).content.decode()
    assert rows(page) == 20  # 6 agencies of the fixture + 14 new
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_the_excel_export_is_the_filtered_table_and_formula_safe(
    client, people, final, kota_draft, wilayah
):
    wilayah["kota"].nama = '=HYPERLINK("http://jahat","klik")'
    wilayah["kota"].save()
    client.force_login(people["reviewer_provinsi"])
    response = client.get(URL + "ekspor/")
    assert response.status_code == 200
    assert "dasbor-merit-2026.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("Instansi", "Kode BKN", "Provinsi")
    by_name = {row[0]: row for row in values[1:]}
    assert len(by_name) == 3
    row = by_name["Kabupaten Contoh"]
    assert row[4] == "Final" and row[6] == 300 and row[7] == "III Baik"
    evil = [name for name in by_name if "HYPERLINK" in name][0]
    assert not evil.startswith("=")
    # Filters apply to the export too.
    response = client.get(URL + "ekspor/", {"status": "final"})
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in values[1:]] == ["Kabupaten Contoh"]


def test_the_agency_fills_in_who_signs_the_scorecard(client, people, filled):
    client.force_login(people["admin_contoh"])
    url = f"/penilaian/{filled.pk}/penandatangan/"
    response = client.post(
        url,
        {
            "signing_place": "Contoh",
            "head_name": "Dr. Budi Santoso",
            "head_title": "Bupati Contoh",
            "head_nip": "1234",
        },
    )
    assert response.status_code == 200 and "NIP" in response.content.decode()
    filled.refresh_from_db()
    assert filled.head_name == ""  # nothing saved while the NIP is wrong
    response = client.post(
        url,
        {
            "signing_place": "Contoh",
            "head_name": "Dr. Budi Santoso",
            "head_title": "Bupati Contoh",
            "head_nip": "197001011990031001",
        },
    )
    assert response.status_code == 302
    filled.refresh_from_db()
    assert filled.head_nip == "197001011990031001" and filled.head_title == "Bupati Contoh"
    # Another agency's admin and a reviewer cannot change it.
    client.force_login(people["admin_lain"])
    assert client.get(url).status_code == 404
    client.force_login(people["reviewer_provinsi"])
    assert client.get(url).status_code == 403
