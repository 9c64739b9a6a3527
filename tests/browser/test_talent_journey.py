"""An agency admin imports the SKP and potential sheets, computes the nine-box, opens box 9,
calibrates one person with a reason and downloads the export, in a real Chromium."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from talent.models import CalibrationEvent, Placement
from tests.factories import UnitKerjaFactory, employee_with, make_period

from .conftest import screenshot


def write_sheet(path, rows: list[list]):
    """A hand-made sheet: a title row, then the header; NIPs stored as text."""
    book = openpyxl.Workbook()
    book.active.append(["REKAP KABUPATEN CONTOH"])
    for row in rows:
        book.active.append(row)
    for row in book.active.iter_rows():
        for cell in row:
            cell.number_format = "@"
    book.save(path)
    return path


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_computes_opens_box_9_calibrates_and_exports(
    page, login, people, wilayah, referensi, tmp_path
):
    kab = wilayah["kabupaten"]
    bkd = UnitKerjaFactory(instansi=kab, nama="Badan Kepegawaian Daerah")
    ani, budi, citra, eko = (
        employee_with(kab, nama, None, None, unit=bkd)
        for nama in ("Ani Bintang", "Budi Bintang", "Citra Tengah", "Eko Tanpa SKP")
    )
    period = make_period(kab)
    skp = write_sheet(
        tmp_path / "skp-2026.xlsx",
        [
            ["NIP BARU", "NAMA", "TAHUN", "PREDIKAT", "RATING HASIL KERJA", "RATING PERILAKU"],
            [ani.nip, ani.nama, "2026", "Sangat Baik", "", ""],
            [budi.nip, budi.nama, "2026", "", "Di atas ekspektasi", "Di atas ekspektasi"],
            [citra.nip, citra.nama, "2026", "Baik", "", ""],
        ],
    )
    potensi = write_sheet(
        tmp_path / "asesmen-2026.xlsx",
        [
            ["NIP", "TANGGAL ASESMEN", "SUMBER", "JPM (%)"],
            [ani.nip, "15-03-2026", "UPT Penilaian Kompetensi", "95"],
            [budi.nip, "15-03-2026", "UPT Penilaian Kompetensi", "92,5"],
            [citra.nip, "16-03-2026", "UPT Penilaian Kompetensi", "84"],
            [eko.nip, "16-03-2026", "UPT Penilaian Kompetensi", "88"],
        ],
    )

    login("admin_contoh")
    for menu, path, new in (("Data kinerja (SKP)", skp, "3"), ("Data potensial", potensi, "4")):
        page.get_by_role("button", name="Talenta").or_(
            page.get_by_role("link", name="Talenta")
        ).click()
        page.get_by_role("link", name=menu).click()
        page.get_by_test_id("import-link").click()
        page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(path)
        page.get_by_role("button", name="Unggah dan periksa").click()
        expect(page.get_by_test_id("count-new")).to_have_text(new)
        expect(page.get_by_test_id("count-error")).to_have_text("0")
        page.get_by_test_id("confirm-import").click()
        expect(page.get_by_test_id("import-done")).to_be_visible()
    screenshot(page, "talent-import-done")

    page.get_by_role("button", name="Talenta").or_(page.get_by_role("link", name="Talenta")).click()
    page.get_by_role("link", name="Pemetaan nine-box").first.click()
    page.get_by_role("link", name="2026").click()
    page.get_by_role("link", name="Hitung pemetaan").click()
    page.get_by_role("button", name="Ya, hitung sekarang").click()
    expect(page.get_by_text("Pemetaan dihitung: 3 pegawai terpetakan")).to_be_visible()
    expect(page.get_by_test_id("count-9")).to_have_text("2")
    expect(page.get_by_test_id("count-5")).to_have_text("1")
    expect(page.get_by_test_id("not-mappable-link")).to_contain_text("1 tidak terpetakan")
    expect(page.get_by_test_id("distribution-chart")).to_be_visible()
    screenshot(page, "talent-grid")

    page.get_by_test_id("box-9").click()
    expect(page.get_by_test_id("box-title")).to_contain_text(
        "Kinerja di atas ekspektasi dan potensial tinggi"
    )
    expect(page.get_by_test_id("recommendation")).to_contain_text("Penghargaan")
    page.get_by_role("link", name="Ani Bintang").click()
    expect(page.get_by_test_id("explanation")).to_have_text(
        "Kotak 9: SKP 2026 Sangat Baik -> di atas ekspektasi; potensial 95 >= 90: tinggi"
    )

    # Without a reason nothing moves.
    page.get_by_label("Pindahkan ke kotak").select_option("8")
    page.get_by_role("button", name="Simpan kalibrasi").click()
    expect(page.get_by_text("isi alasannya")).to_be_visible()
    page.get_by_label("Pindahkan ke kotak").select_option("8")
    page.get_by_label("Alasan kalibrasi").fill("Sidang komite talenta 12 Mei: kinerja tim menurun")
    page.get_by_role("button", name="Simpan kalibrasi").click()
    expect(page.get_by_test_id("calibrated-badge")).to_be_visible()
    expect(page.get_by_test_id("placement-box")).to_contain_text("Kotak 8")
    expect(page.get_by_test_id("calibration-history")).to_contain_text("Sidang komite talenta")
    screenshot(page, "talent-calibrated")

    page.get_by_role("link", name="Pemetaan 2026").click()
    expect(page.get_by_test_id("count-9")).to_have_text("1")
    expect(page.get_by_test_id("count-8")).to_have_text("1")
    with page.expect_download() as info:
        page.get_by_test_id("export-link").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = load_workbook(saved).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    ani = dict(zip(header, next(r for r in rows if r[1] == "Ani Bintang"), strict=True))
    assert (ani["Kotak hasil hitung"], ani["Kotak akhir"], ani["Dikalibrasi"]) == (9, 8, "Ya")
    assert ani["Alasan kalibrasi terakhir"].startswith("Sidang komite talenta")

    placement = Placement.objects.get(period=period, employee__nama="Ani Bintang")
    assert (placement.kotak_hitung, placement.kotak) == (9, 8)
    assert CalibrationEvent.objects.count() == 1
