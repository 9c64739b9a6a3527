"""An admin imports the agency's ASN sheet in a real browser: reads the errors, downloads
them, fixes the sheet, imports, sees the records; another agency's operator cannot."""

from __future__ import annotations

import openpyxl
import pytest
from playwright.sync_api import expect

from employees.models import Employee
from tests.employees.conftest import BUDI, DEWI, HEADER, SITI, xlsx_bytes

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_fixes_a_sheet_and_imports_it(
    page, login, people, referensi, unit_contoh, tmp_path
):
    broken = [list(r) for r in (HEADER, BUDI, SITI, DEWI)]
    broken[2][0] = "19900115 2014 03 2 00"  # a digit lost while typing
    broken[3][8] = "III/a"  # a PNS golongan for a PPPK
    title = [["DAFTAR NOMINATIF PEGAWAI"], []]
    sheet = tmp_path / "pegawai-kabupaten-contoh.xlsx"
    sheet.write_bytes(xlsx_bytes(broken, title_rows=title))

    login("admin_contoh")
    page.get_by_test_id("nav-pegawai").click()
    page.get_by_role("link", name="Impor", exact=True).click()
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(sheet)
    page.get_by_role("button", name="Unggah dan periksa").click()

    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("NIP harus 18 digit; yang diisi 17 digit.")
    expect(errors).to_contain_text("Golongan 'III/a' tidak berlaku untuk PPPK.")
    # Title, blank line, header, Budi: Siti is row 5 as Excel numbers it.
    expect(errors.locator("tbody tr").first.locator("td").first).to_have_text("5")
    expect(page.get_by_test_id("count-error")).to_have_text("2")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    screenshot(page, "employees-import-errors")

    with page.expect_download() as download_info:
        page.get_by_test_id("error-download").click()
    error_file = tmp_path / "kesalahan.xlsx"
    download_info.value.save_as(error_file)
    rows = list(openpyxl.load_workbook(error_file).active.iter_rows(values_only=True))
    assert rows[0][-1] == "KESALAHAN" and len(rows) == 3
    assert rows[1][-1].startswith("Baris 5: NIP:")
    assert Employee.objects.count() == 0

    fixed = [list(r) for r in (HEADER, BUDI, SITI, DEWI)]
    sheet.write_bytes(xlsx_bytes(fixed, title_rows=title))
    page.get_by_role("link", name="Impor Data pegawai").click()
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(sheet)
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("count-new")).to_have_text("3")
    expect(page.get_by_test_id("count-error")).to_have_text("0")
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()
    screenshot(page, "employees-import-done")

    page.get_by_role("link", name="Lihat hasilnya").click()
    table = page.get_by_test_id("employee-table")
    for name in ("Budi Santoso", "Siti Rahmawati", "Dewi Lestari"):
        expect(table).to_contain_text(name)
    screenshot(page, "employees-list")
    page.get_by_role("link", name="Budi Santoso, S.E.").click()
    expect(page.get_by_test_id("history")).to_contain_text(
        "Impor berkas pegawai-kabupaten-contoh.xlsx"
    )
    screenshot(page, "employees-detail")
    detail_url = page.url

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Keluar").click()
    login("operator_lain")
    response = page.goto(detail_url)
    assert response.status == 404
    page.get_by_test_id("nav-pegawai").click()
    expect(page.get_by_test_id("employee-table")).not_to_contain_text("Budi Santoso")
