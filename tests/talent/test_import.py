"""SKP and potential sheets go through the same importer as employees: matched by NIP,
previewed, refused with clear messages, applied in one go, with history."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from employees.importing import services
from employees.importing.models import ImportBatch
from employees.transfer import NIP_NOT_IN_AGENCY
from talent.models import PerformanceRecord, PotentialRecord
from tests.employees.conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list], title: str | None = None) -> SimpleUploadedFile:
    """A talent sheet as agencies make them, with an optional title above the header."""
    title_rows = [[title], []] if title else None
    return SimpleUploadedFile("nilai.xlsx", xlsx_bytes(rows, title_rows=title_rows))


def run(admin, kind: str, upload) -> ImportBatch:
    batch = services.start_batch(kind=kind, instansi=admin.instansi, user=admin, upload=upload)
    batch.refresh_from_db()
    return batch


def apply(batch: ImportBatch) -> ImportBatch:
    assert services.confirm_batch(batch), (batch.status, batch.message, batch.errors)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.message
    return batch


def test_an_skp_sheet_is_previewed_then_applied(people, contoh):
    admin, staff = people["admin_contoh"], contoh["staff"]
    sheet = xlsx(
        [
            ["NIP BARU", "TAHUN", "PREDIKAT", "RATING HASIL KERJA", "RATING PERILAKU"],
            [staff["eko"].nip, "2026", "", "Di atas ekspektasi", "Di atas ekspektasi"],
            [staff["citra"].nip, "2026", "Sangat Baik", "", ""],  # changes Baik -> Sangat Baik
            [staff["ani"].nip, "2026", "sangat baik", "", ""],  # unchanged
            [staff["ani"].nip, "2025", "BAIK", "", ""],
        ],
        title="REKAP NILAI SKP TAHUN 2026",
    )
    batch = run(admin, "kinerja", sheet)
    assert (batch.count_new, batch.count_changed, batch.count_unchanged, batch.count_error) == (
        2,
        1,
        1,
        0,
    ), batch.errors
    assert not PerformanceRecord.objects.filter(employee=staff["eko"]).exists()
    assert batch.changes[0]["changes"] == [["PREDIKAT", "Baik", "Sangat Baik"]]
    apply(batch)
    eko = PerformanceRecord.objects.get(employee=staff["eko"], tahun=2026)
    assert (eko.predikat, eko.hasil_kerja, eko.perilaku) == ("sangat_baik", "atas", "atas")
    assert eko.history.first().history_user == admin
    citra = PerformanceRecord.objects.get(employee=staff["citra"], tahun=2026)
    assert citra.predikat == "sangat_baik" and citra.history.first().history_user == admin
    assert PerformanceRecord.objects.get(employee=staff["ani"], tahun=2025).predikat == "baik"


def test_bad_skp_rows_are_reported_and_nothing_is_written(people, contoh):
    admin, staff = people["admin_contoh"], contoh["staff"]
    before = PerformanceRecord.objects.count()
    sheet = xlsx(
        [
            ["NIP", "TAHUN", "PREDIKAT", "RATING HASIL KERJA", "RATING PERILAKU"],
            [staff["eko"].nip, "2026", "Luar Biasa", "", ""],
            [staff["eko"].nip, "2025", "Sangat Baik", "Di bawah ekspektasi", "Sesuai"],
            [staff["lain"].nip, "2026", "Baik", "", ""],
            ["199001012020011999", "2026", "Baik", "", ""],
            [staff["fitri"].nip, "26", "Baik", "", ""],
            [staff["fitri"].nip, "2026", "", "Di atas ekspektasi", ""],
        ]
    )
    batch = run(admin, "kinerja", sheet)
    messages = [message for _row, _col, message in batch.errors]
    assert batch.count_error == 6 and not batch.can_apply
    assert any(
        m.startswith("Predikat 'Luar Biasa' tidak dikenal; nilai yang diterima: Sangat Baik")
        for m in messages
    ), messages
    assert any("tidak sesuai matriks" in m and "Butuh Perbaikan" in m for m in messages)
    # Another agency's NIP and an unknown one get the same words (issue 15).
    assert messages.count(NIP_NOT_IN_AGENCY) == 2
    assert any("Tahun '26' tidak sah" in m for m in messages)
    assert any("keduanya" in m for m in messages)
    assert PerformanceRecord.objects.count() == before


def test_a_potential_sheet_is_imported_with_decimal_commas(people, contoh):
    admin, staff = people["admin_contoh"], contoh["staff"]
    sheet = xlsx(
        [
            ["NIP", "TANGGAL ASESMEN", "SUMBER", "JPM (%)", "NILAI REKAM JEJAK"],
            [staff["fitri"].nip, "15-03-2026", "UPT Penilaian Kompetensi", "84,5", ""],
            [staff["citra"].nip, "01-03-2026", "Asesmen 2026", 90, 70],  # existing: changes
            [staff["dedi"].nip, "01-03-2026", "Asesmen 2026", "120", ""],
        ]
    )
    batch = run(admin, "potensial", sheet)
    assert batch.count_error == 1
    [[_row, _column, message]] = batch.errors  # one problem, said once
    assert "di luar rentang 0 sampai 100" in message
    sheet = xlsx(
        [
            ["NIP", "TANGGAL ASESMEN", "SUMBER", "JPM (%)", "NILAI REKAM JEJAK"],
            [staff["fitri"].nip, "15-03-2026", "UPT Penilaian Kompetensi", "84,5", ""],
            [staff["citra"].nip, "01-03-2026", "Asesmen 2026", 90, 70],
        ]
    )
    batch = run(admin, "potensial", sheet)
    assert (batch.count_new, batch.count_changed, batch.count_error) == (1, 1, 0), batch.errors
    apply(batch)
    fitri = PotentialRecord.objects.get(employee=staff["fitri"])
    assert (fitri.skor, fitri.tanggal) == (Decimal("84.50"), dt.date(2026, 3, 15))
    citra = PotentialRecord.objects.get(employee=staff["citra"])
    assert (citra.skor, citra.nilai_rekam_jejak) == (Decimal("90.00"), Decimal("70.00"))


def test_imported_data_feeds_the_next_computation(client, people, contoh):
    admin, staff, period = people["admin_contoh"], contoh["staff"], contoh["period"]
    apply(
        run(
            admin, "kinerja", xlsx([["NIP", "TAHUN", "PREDIKAT"], [staff["eko"].nip, 2026, "Baik"]])
        )
    )
    client.force_login(admin)
    client.post(reverse("talent:period_compute", args=[period.pk]))
    response = client.get(reverse("talent:box_list", args=[period.pk, 5]))
    assert "Eko Tanpa SKP" in response.content.decode()  # SKP Baik, potential 88 -> box 5


def test_the_importer_screens_serve_the_talent_kinds(client, people, contoh):
    client.force_login(people["admin_contoh"])
    for kind in ("kinerja", "potensial"):
        assert client.get(reverse("employees:import_upload", args=[kind])).status_code == 200
        template = client.get(reverse("employees:import_template", args=[kind]))
        header = [
            c.value
            for c in next(openpyxl.load_workbook(io.BytesIO(template.content)).active.iter_rows())
        ]
        assert "NIP" in header
    page = client.get(reverse("talent:record_list", args=["kinerja"])).content.decode()
    assert reverse("employees:import_upload", args=["kinerja"]) in page


def test_skp_as_siasn_writes_it_imports_through_the_same_tolerant_engine(people, contoh):
    """SIASN's rw-skp22 words (DIATAS ESPEKTASI, misspelt), kuadran numbers, apostrophes,
    `null` cells and a CSV: the alias table and the engine of the employee import."""
    admin, staff = people["admin_contoh"], contoh["staff"]
    header = ["nipBaru", "tahun", "hasilKinerja", "perilakuKerja", "kuadranKinerja", "namaPenilai"]
    rows = [
        header,
        [f"'{staff['eko'].nip}", "2026", "DIATAS ESPEKTASI", "DIATAS ESPEKTASI", "null", "null"],
        [f"'{staff['fitri'].nip}", "2026", "SESUAI ESPEKTASI", "Di bawah ekspektasi", "4", "X"],
        [f"'{staff['ani'].nip}", "2025", "null", "null", "2", "null"],
        [f"'{staff['dedi'].nip}", "2025", "LUAR BIASA", "null", "null", "null"],
    ]
    upload = SimpleUploadedFile("rw-skp22.csv", csv_bytes(rows))
    batch = run(admin, "kinerja", upload)
    counts = (batch.count_new, batch.count_changed, batch.count_error)
    assert counts == (2, 1, 1), batch.errors  # Fitri's 2026 SKP was Baik
    [[row, column, message]] = [e for e in batch.errors if e[1] == "hasilKinerja"]
    assert row == 5 and "'LUAR BIASA' tidak dikenal; nilai yang diterima: " in message
    assert "DIATAS ESPEKTASI" in message
    assert services.confirm_batch(batch, skip_invalid=True)
    eko = PerformanceRecord.objects.get(employee=staff["eko"], tahun=2026)
    assert (eko.hasil_kerja, eko.perilaku, eko.predikat) == ("atas", "atas", "sangat_baik")
    fitri = PerformanceRecord.objects.get(employee=staff["fitri"], tahun=2026)
    assert (fitri.hasil_kerja, fitri.perilaku, fitri.predikat) == ("sesuai", "bawah", "kurang")
    assert PerformanceRecord.objects.get(employee=staff["ani"], tahun=2025).predikat == "baik"
    assert not PerformanceRecord.objects.filter(employee=staff["dedi"], tahun=2025).exists()
