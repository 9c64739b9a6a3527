"""A provincial reviewer's reports in a real browser: the dashboard, a filter, one scorecard
PDF, a ZIP of two, the public check of a printed code; and a reviewer of another province
who cannot see the agency at all."""

from __future__ import annotations

import io
import zipfile

import pytest
from playwright.sync_api import expect

from agencies.models import User
from assessment import workflow
from assessment.instrument_io import load_instrument_text
from tests.factories import DEFAULT_INSTRUMENT, UserFactory
from tests.reports.conftest import fill_in, finalise, pdf_text

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assessments(people, wilayah):
    """Kabupaten Contoh finalised at level 3 (III Baik); Kota Contoh still a draft."""
    instrument, _created = load_instrument_text(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
    final = workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2026, instrument=instrument, actor=people["superadmin"]
    )
    fill_in(final, people["admin_contoh"], level=3)
    finalise(final, people, verified_level=3)
    draft = workflow.assessment_create(
        instansi=wilayah["kota"], year=2026, instrument=instrument, actor=people["superadmin"]
    )
    return {"final": final, "draft": draft}


def test_a_provincial_reviewer_uses_the_dashboard_and_a_visitor_checks_the_code(
    page, login, people, wilayah, assessments, tmp_path
):
    final = assessments["final"]
    login("reviewer_provinsi")
    page.get_by_role("link", name="Dasbor peninjau").first.click()
    rows = page.get_by_test_id("dashboard-row")
    expect(rows).to_have_count(3)
    expect(page.get_by_test_id("category-chart").locator("svg")).to_be_visible()
    # Every category's bar is in view: the chart shrinks to its column, nothing scrolls away.
    column = page.get_by_test_id("category-chart").bounding_box()
    chart = page.get_by_test_id("category-chart").locator("svg").bounding_box()
    assert chart["width"] <= column["width"] + 0.5
    screenshot(page, "laporan-dasbor")

    # Only the final ones.
    page.get_by_label("Status").select_option("final")
    page.get_by_role("button", name="Tampilkan").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Kabupaten Contoh")
    expect(rows.first.get_by_test_id("category")).to_have_text("III Baik")

    # One scorecard as a PDF.
    with page.expect_download() as info:
        rows.first.get_by_test_id("scorecard-link").click()
    path = tmp_path / "kartu.pdf"
    info.value.save_as(path)
    text = "\n".join(pdf_text(path.read_bytes()))
    assert "Kabupaten Contoh" in text and "Kategori III Baik" in text
    code = final.frozen_scorecards.get().code
    assert code in text

    # Back to all, pick both assessments, build a ZIP.
    page.get_by_label("Status").select_option("")
    page.get_by_role("button", name="Tampilkan").click()
    expect(rows).to_have_count(3)
    page.get_by_label("Pilih Kabupaten Contoh").check()
    page.get_by_label("Pilih Kota Contoh").check()
    page.get_by_test_id("zip-button").click()
    link = page.get_by_test_id("bundle-download")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    zpath = tmp_path / "kartu.zip"
    info.value.save_as(zpath)
    names = zipfile.ZipFile(io.BytesIO(zpath.read_bytes())).namelist()
    assert sorted(names) == ["kartu-nilai-9101-2026.pdf", "kartu-nilai-9171-2026-draf.pdf"]

    # Anyone, logged out, checks the printed code.
    page.context.clear_cookies()
    page.goto("/penilaian/verifikasi/")
    page.get_by_label("Kode verifikasi").fill(code.lower())
    page.get_by_role("button", name="Periksa").click()
    result = page.get_by_test_id("verify-result")
    expect(result).to_contain_text("Dokumen asli")
    expect(result).to_contain_text("Kabupaten Contoh")
    expect(result).to_contain_text("III Baik")
    screenshot(page, "laporan-verifikasi")
    page.get_by_label("Kode verifikasi").fill("MRT-AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Periksa").click()
    expect(result).to_contain_text("Kode tidak ditemukan")


def test_a_reviewer_of_another_province_cannot_see_the_agency(page, login, wilayah, assessments):
    UserFactory(
        username="reviewer_lain", role=User.Role.REVIEWER, instansi=wilayah["provinsi_lain"]
    )
    final = assessments["final"]
    login("reviewer_lain")
    page.goto("/penilaian/dasbor/")
    expect(page.get_by_test_id("dashboard-row")).to_have_count(2)  # Provinsi & Kabupaten Lain
    expect(page.get_by_test_id("dashboard-table")).not_to_contain_text("Kabupaten Contoh")
    response = page.goto(f"/penilaian/{final.pk}/kartu-nilai.pdf")
    assert response.status == 404
    response = page.goto(f"/penilaian/{final.pk}/")
    assert response.status == 404
