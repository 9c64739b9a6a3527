"""An admin brings a messy regional sheet and finishes it in the browser: tells Merit which
field an unknown column is, creates the unit the tree lacks, applies the valid rows now and
downloads the skipped ones with their bad cells marked."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from playwright.sync_api import expect

from agencies.models import UnitKerja
from employees.importing import read_ahead as reading
from employees.models import Employee
from tests.employees.conftest import xlsx_bytes

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = [["DAFTAR PEGAWAI NEGERI SIPIL KABUPATEN CONTOH"], ["Keadaan per 1 November 2026"]]
HEADER = [
    "NO", "NIP BARU", "NAMA LENGKAP", "L/P", "TGL LAHIR", "PANGKAT GOLONGAN", "SATKER", "PEND",
]  # fmt: skip
ROWS = [
    [1, "198609262015051001", "BUDI SANTOSO", "L", "26-09-1986", "IIIa", "Badan Kepegawaian Daerah",
     "S1"],
    [2, "199001152014032002", "SITI RAHMAWATI", "P", dt.date(1990, 1, 15), "III-b",
     "Bidang Mutasi", "D3"],
    [3, "19900115201403200", "RINA AMELIA", "X", "15-01-1990", "III/a", "Bidang Mutasi", "S1"],
    [4, "198512122009011002", "AHMAD FAUZI", "L", "12-12-1985", "II/a", "Bidang Mutasi", "SMA"],
]  # fmt: skip


# The same journey with the sheet read in this process and by a forked second process
# (employees/importing/read_ahead.py: a large .xlsx; forced here for a small one), forked
# from the web server's request as the immediate task backend runs it.
@pytest.mark.parametrize("read_ahead", [-1, 0], ids=["read-here", "read-ahead"])
def test_an_admin_finishes_a_messy_sheet_in_the_browser(
    page, login, people, referensi, unit_contoh, tmp_path, settings, monkeypatch, read_ahead
):
    settings.IMPORT_READ_AHEAD_MIN_BYTES = read_ahead
    forks: list[object] = []
    real_rows = reading.rows
    monkeypatch.setattr(reading, "rows", lambda produce: forks.append(1) or real_rows(produce))
    sheet = tmp_path / "DATA PNS.xlsx"
    sheet.write_bytes(xlsx_bytes([HEADER, *ROWS], title_rows=TITLE))

    login("admin_contoh")
    page.get_by_test_id("nav-pegawai").click()
    page.get_by_role("link", name="Impor", exact=True).click()
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(sheet)
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("unknown-columns")).to_contain_text("PANGKAT GOLONGAN")
    # Without the golongan nothing says these are PNS: every row is in error.
    expect(page.get_by_test_id("count-error")).to_have_text("4")

    # 1. The column Merit did not know is the golongan; the agency keeps the answer.
    page.get_by_test_id("column-mapping").locator("summary").click()
    page.get_by_label("PANGKAT GOLONGAN").select_option(label="GOL/RUANG")
    page.get_by_test_id("mapping-save").click()
    expect(page.get_by_test_id("count-error")).to_have_text("3")
    screenshot(page, "import-missing-unit")

    # 2. The unit the tree lacks: created under the BKD, once for its three rows.
    unit_row = page.get_by_test_id("missing-unit")
    expect(unit_row).to_contain_text("Bidang Mutasi")
    unit_row.get_by_label("Buat unit baru").check()
    unit_row.get_by_label("Di bawah unit").select_option(label="Badan Kepegawaian Daerah")
    unit_row.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_test_id("missing-units")).to_have_count(0)
    expect(page.get_by_test_id("count-new")).to_have_text("3")
    expect(page.get_by_test_id("count-error")).to_have_text("1")
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("NIP harus 18 digit")
    expect(errors).to_contain_text("Jenis kelamin 'X' tidak dikenal")
    assert UnitKerja.objects.get(nama="Bidang Mutasi").induk == unit_contoh

    # 3. The valid rows now; the bad one waits in the error workbook.
    page.get_by_test_id("apply-valid").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()
    expect(page.get_by_test_id("skipped-rows")).to_contain_text("1 baris bermasalah dilewati")
    screenshot(page, "import-valid-rows-applied")
    assert set(Employee.objects.values_list("nama", flat=True)) == {
        "BUDI SANTOSO", "SITI RAHMAWATI", "AHMAD FAUZI",
    }  # fmt: skip
    assert Employee.objects.get(nama="SITI RAHMAWATI").golongan.nama == "III/b"

    with page.expect_download() as download_info:
        page.get_by_test_id("error-download").click()
    path = tmp_path / "kesalahan.xlsx"
    download_info.value.save_as(path)
    book = openpyxl.load_workbook(path).active
    assert [c.value for c in book[1]] == [*HEADER, "KESALAHAN"]
    assert book["C2"].value == "RINA AMELIA"
    marked = [c.coordinate for c in book[2] if c.fill.fgColor.rgb.endswith("F8D7DA")]
    assert marked == ["B2", "D2"]
    assert "18 digit" in book["B2"].comment.text and "'X'" in book["D2"].comment.text
    assert book["I2"].value.startswith("Baris 6:")
    assert bool(forks) == (read_ahead == 0)
