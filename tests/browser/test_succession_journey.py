"""A talent committee's afternoon in a real Chromium: the succession list of a target post
shows only eligible candidates with their readiness (and says why a clerk is not one); then the
committee holds a calibration meeting, moves one person against her SKP with a warning, closes
the meeting and downloads its minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from employees.models import Golongan, JenisJabatan, Pendidikan
from talent.compute import period_compute
from talent.models import CalibrationMeeting, TargetPost
from tests.factories import UnitKerjaFactory, employee_with, make_period

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kabupaten(wilayah, referensi):
    kab = wilayah["kabupaten"]
    bkd = UnitKerjaFactory(instansi=kab, nama="Badan Kepegawaian Daerah")
    jenis = {j.kode: j for j in JenisJabatan.objects.all()}
    iv_b = Golongan.objects.get(nama="IV/b", untuk_pppk=False)
    s2 = Pendidikan.objects.get(kode="45")
    d2 = Pendidikan.objects.get(kode="25")
    people = {
        "rahman": employee_with(
            kab,
            "Arif Rahman",
            "sangat_baik",
            "95",
            unit=bkd,
            jenis_jabatan=jenis["administrator"],
            jabatan="Kepala Bidang Mutasi",
            golongan=iv_b,
            pendidikan=s2,
        ),
        "lestari": employee_with(
            kab,
            "Dewi Lestari",
            "baik",
            "92",
            unit=bkd,
            jenis_jabatan=jenis["fungsional"],
            jenjang_fungsional="ahli_madya",
            jabatan="Analis SDM Aparatur Ahli Madya",
            golongan=iv_b,
            pendidikan=s2,
        ),
        # A box-9 data clerk with a D-II diploma: the old list put her first.
        "clerk": employee_with(
            kab,
            "Sari Pengelola",
            "sangat_baik",
            "98",
            unit=bkd,
            jabatan="Pengelola Data",
            golongan=iv_b,
            pendidikan=d2,
        ),
        "citra": employee_with(kab, "Citra Tengah", "baik", "84", unit=bkd),
    }
    period = make_period(kab)
    period_compute(period=period)
    post = TargetPost.objects.create(
        instansi=kab,
        nama_jabatan="Kepala Badan Kepegawaian dan Pengembangan SDM",
        jenis_jabatan=jenis["jpt_pratama"],
        kritikal=True,
        golongan_minimal=iv_b,
    )
    return {"period": period, "post": post, **people}


def test_succession_list_then_a_calibration_meeting_with_minutes(
    page, login, people, kabupaten, tmp_path
):
    login("admin_contoh")
    page.goto("/talenta/jabatan-target/")
    page.get_by_role("link", name="Kepala Badan Kepegawaian dan Pengembangan SDM").click()

    rows = page.get_by_test_id("candidate")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Arif Rahman")
    expect(rows.nth(0).get_by_test_id("readiness")).to_have_text("Siap 1-2 tahun")
    expect(rows.nth(1)).to_contain_text("Dewi Lestari")
    expect(page.get_by_test_id("candidates")).not_to_contain_text("Sari Pengelola")
    expect(page.get_by_test_id("requirements")).to_contain_text("sementara")

    page.get_by_label("NIP atau nama pegawai").fill("Sari Pengelola")
    page.get_by_role("button", name="Periksa").click()
    why = page.get_by_test_id("why-not")
    expect(why).to_contain_text("jabatan Pelaksana bukan jalur ke JPT Pratama")
    expect(why).to_contain_text("pendidikan D-II di bawah minimal S-1")
    screenshot(page, "succession-why-not")

    # The committee meets.
    period = kabupaten["period"]
    page.goto(f"/talenta/periode/{period.pk}/")
    page.get_by_test_id("meetings-link").click()
    page.get_by_label("Tanggal rapat").fill("2026-12-15")
    page.get_by_label("Pimpinan rapat").fill("Sekretaris Daerah")
    page.get_by_label("Anggota komite").fill("Sekretaris Daerah - ketua\nKepala BKPSDM\nInspektur")
    page.get_by_role("button", name="Buka rapat").click()

    page.get_by_label("NIP pegawai").fill(kabupaten["citra"].nip)
    page.get_by_label("Pindahkan ke kotak").select_option("9")
    page.get_by_label("Alasan").fill("Memimpin digitalisasi arsip kepegawaian")
    page.get_by_role("button", name="Simpan perpindahan").click()
    expect(page.get_by_test_id("move-warning")).to_contain_text(
        "sedangkan predikat SKP Baik berarti kinerja sesuai ekspektasi"
    )
    expect(page.get_by_test_id("unit-distribution")).to_contain_text("Badan Kepegawaian Daerah")

    page.get_by_label("Catatan / kesimpulan rapat").fill("Komite menyetujui hasil pemetaan.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tutup rapat dan tandai periode terkalibrasi").click()
    expect(page.get_by_test_id("meeting-status")).to_contain_text("periode terkalibrasi")
    screenshot(page, "calibration-meeting")

    with page.expect_download() as download_info:
        page.get_by_test_id("minutes-pdf").click()
    path = tmp_path / "notulen.pdf"
    download_info.value.save_as(path)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "Notulen Rapat Kalibrasi Komite Talenta" in text
    assert "Citra Tengah" in text and "Memimpin digitalisasi arsip kepegawaian" in text
    meeting = CalibrationMeeting.objects.get(period=period)
    assert meeting.selesai_pada is not None
    period.refresh_from_db()
    assert period.dikalibrasi_pada is not None
    assert meeting.tanggal == dt.date(2026, 12, 15)
