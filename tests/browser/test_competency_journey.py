"""An agency admin imports an assessment centre's competency recap, opens an employee's
radar against the current post and a target post, and adds a development plan item from a
gap, in a real Chromium."""

from __future__ import annotations

import openpyxl
import pytest
from playwright.sync_api import expect

from employees.models import Kompetensi
from talent.models import (
    RencanaPengembangan,
    StandarKompetensi,
    StandarKompetensiLevel,
    TargetPost,
)
from tests.factories import EmployeeFactory, UnitKerjaFactory

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPETENCY_HEADERS = [
    "INTEGRITAS",
    "KERJASAMA",
    "KOMUNIKASI",
    "ORIENTASI PADA HASIL",
    "PELAYANAN PUBLIK",
    "PENGEMBANGAN DIRI DAN ORANG LAIN",
    "MENGELOLA PERUBAHAN",
    "PENGAMBILAN KEPUTUSAN",
    "PEREKAT BANGSA",
]


def recap(path, rows: list[list]):
    """The recap as assessment centres send it: two title rows, a numbered table with the
    name and post, a column per competency, their own JPM and category; NIPs as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["REKAPITULASI HASIL PEMETAAN KOMPETENSI MANAJERIAL DAN SOSIAL KULTURAL"])
    sheet.append(["PEMERINTAH KABUPATEN CONTOH TAHUN 2026"])
    sheet.append(
        ["NO", "NIP BARU", "NAMA", "JABATAN", "TANGGAL ASESMEN", "PENYELENGGARA"]
        + COMPETENCY_HEADERS
        + ["JPM (%)", "KATEGORI"]
    )
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_col=2, max_col=2):
        for cell in row:
            cell.number_format = "@"
    book.save(path)
    return path


def standard(instansi, nama: str, level: int):
    standar = StandarKompetensi.objects.create(instansi=instansi, nama_jabatan=nama)
    for kompetensi in Kompetensi.objects.all():
        StandarKompetensiLevel.objects.create(standar=standar, kompetensi=kompetensi, level=level)


def test_admin_imports_results_opens_the_radar_and_adds_an_idp_item(
    page, login, people, wilayah, referensi, tmp_path
):
    kab = wilayah["kabupaten"]
    bkd = UnitKerjaFactory(instansi=kab, nama="Badan Kepegawaian Daerah")
    ani = EmployeeFactory(instansi=kab, unit=bkd, nama="Ani Rahmawati", jabatan="Analis SDM")
    budi = EmployeeFactory(instansi=kab, unit=bkd, nama="Budi Santoso", jabatan="Analis SDM")
    standard(kab, "Analis SDM", 3)
    standard(kab, "Kepala Bidang Mutasi", 4)
    TargetPost.objects.create(instansi=kab, nama_jabatan="Kepala Bidang Mutasi")
    path = recap(
        tmp_path / "rekap-asesmen-2026.xlsx",
        [
            [1, ani.nip, ani.nama, ani.jabatan, "15-03-2026", "UPT Penilaian Kompetensi"]
            + [3, 3, 2, 3, 3, 3, 2, 3, 4, "96,30", "Optimal"],
            [2, budi.nip, budi.nama, budi.jabatan, "15-03-2026", "UPT Penilaian Kompetensi"]
            + [4, 3, 3, 3, 3, 3, 3, 3, 3, "103,70", "Optimal"],
        ],
    )

    login("admin_contoh")
    page.get_by_role("button", name="Talenta").or_(page.get_by_role("link", name="Talenta")).click()
    page.get_by_role("link", name="Kompetensi pegawai").click()
    page.get_by_test_id("import-link").click()
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(path)
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("count-new")).to_have_text("2")
    expect(page.get_by_test_id("count-error")).to_have_text("0")
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()

    page.goto("/talenta/kompetensi/")
    expect(page.get_by_test_id("competency-list")).to_contain_text("96,29 %")
    page.get_by_role("row", name=ani.nama).get_by_role("link", name="Profil").click()
    expect(page.get_by_test_id("radar-chart")).to_be_visible()
    expect(page.get_by_test_id("jpm-current")).to_contain_text("96,29 %")
    expect(page.get_by_test_id("jpm-current")).to_contain_text("Optimal")
    expect(page.get_by_test_id("development")).to_contain_text("Komunikasi (-1)")

    page.get_by_label("Bandingkan dengan jabatan target").select_option(
        label="Kepala Bidang Mutasi"
    )
    page.get_by_role("button", name="Bandingkan").click()
    expect(page.get_by_test_id("jpm-target")).to_contain_text("72,22 %")
    expect(page.get_by_test_id("jpm-target")).to_contain_text("Kurang optimal")
    expect(page.get_by_test_id("radar-chart")).to_contain_text("Standar Kepala Bidang Mutasi")
    screenshot(page, "competency-radar")

    page.get_by_test_id("idp-add").click()
    page.get_by_label("Dasar").select_option(label="Kesenjangan kompetensi")
    page.get_by_label("Kompetensi").select_option(label="Komunikasi")
    page.get_by_label("Kegiatan pengembangan").fill("Pelatihan komunikasi efektif")
    page.get_by_label("Bentuk").select_option(label="Klasikal")
    page.get_by_label("Jam pelajaran (JP)").fill("24")
    page.get_by_label("Tenggat").fill("2026-09-30")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("idp")).to_contain_text("Pelatihan komunikasi efektif")
    expect(page.get_by_test_id("idp")).to_contain_text("Direncanakan")
    item = RencanaPengembangan.objects.get(employee=ani)
    assert item.kompetensi.kode == "komunikasi" and item.jam_pelajaran == 24
    screenshot(page, "competency-idp")

    # The same profile on a phone: it fits the width (the gap table scrolls in its box).
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (page.url, "/talenta/kompetensi/", "/talenta/kompetensi/ringkasan/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    screenshot(page, "competency-summary-phone")
