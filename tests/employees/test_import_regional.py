"""A BKD admin brings the regional "DATA PNS" sheet as SIMPEG made it: title rows,
capitalised headers, short forms (SMA, D3, IIIa), a unit the tree lacks and bad rows among
good ones. They create the unit from the preview, apply the valid rows now and take the
bad ones home in a workbook that marks each bad cell."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AuditEvent, UnitKerja
from employees.importing.models import ImportBatch
from employees.models import Employee
from employees.pegawai_import import PegawaiImport

from .conftest import upload

pytestmark = pytest.mark.django_db

UPLOAD = reverse("employees:import_upload", args=["pegawai"])
TITLE = [
    ["DAFTAR PEGAWAI NEGERI SIPIL PEMERINTAH KABUPATEN CONTOH"],
    ["Keadaan per 1 November 2026"],
    [],
]
HEADER = [
    "NO", "NIP BARU", "NAMA LENGKAP", "GELAR BELAKANG", "L/P", "TEMPAT LAHIR", "TGL LAHIR",
    "GOL/RUANG", "TMT GOL", "NAMA JABATAN", "UNIT KERJA", "PENDIDIKAN TERAKHIR",
]  # fmt: skip
ROWS = [
    [1, "198609262015051001", "BUDI SANTOSO", "S.E.", "L", "Medan", "26-09-1986", "IIIa",
     "01/04/2019", "Analis SDM Aparatur", "Badan Kepegawaian Daerah", "S1"],
    [2, "199001152014032002", "SITI RAHMAWATI", "A.Md.", "P", "Padang", dt.date(1990, 1, 15),
     "III-b", dt.date(2020, 10, 1), "Pranata Komputer", "Bidang Mutasi", "D3"],
    # Excel turned the NIP into a number: its last digits are gone.
    [3, 198703122010011005, "RUDI HARTONO", "", "L", "Bogor", "12-03-1987", "III/c", "",
     "Kepala Seksi", "Badan Kepegawaian Daerah", "S-1"],
    # Two problems in one row: both are reported at once.
    [4, "199107072015032001", "RINA AMELIA", "", "P", "Solo", "31-02-1991", "IIIx", "",
     "Analis", "Badan Kepegawaian Daerah", "S2"],
    [],
    [5, "198512122009011002", "AHMAD FAUZI", "", "L", "Garut", "12-12-1985", "II/a", "",
     "Pengadministrasi Umum", "Bidang Mutasi", "SMA"],
]  # fmt: skip
# Title (3 rows) + header: data starts at sheet row 5; the blank line is row 9.
NIP_OF_RUDI_ROW, RINA_ROW = 7, 8


def data_pns() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "DATA PNS"
    for row in [*TITLE, HEADER, *ROWS]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_regional_sheet_is_finished_in_the_browser(admin_client, unit_contoh):
    page = admin_client.post(
        UPLOAD, {"berkas": upload("DATA PNS 2026.xlsx", data_pns())}, follow=True
    ).content.decode()
    batch = ImportBatch.objects.get()
    assert batch.missing_units == [["Bidang Mutasi", 2]]
    assert 'data-testid="missing-unit"' in page and "Bidang Mutasi" in page
    by_row: dict[int, list] = {}
    for row, column, message in batch.errors:
        by_row.setdefault(row, []).append((column, message))
    assert "NIP tersimpan sebagai angka" in by_row[NIP_OF_RUDI_ROW][0][1]
    assert {column for column, _ in by_row[RINA_ROW]} == {"TGL LAHIR", "GOL/RUANG"}

    # The unit: created once, under the agency's BKD, for both rows that name it.
    admin_client.post(
        reverse("employees:import_unit", args=["pegawai", batch.pk]),
        {"prefix": "u0", "u0-nama": "Bidang Mutasi", "u0-tindakan": "buat",
         "u0-induk": unit_contoh.pk},
    )  # fmt: skip
    mutasi = UnitKerja.objects.get(nama="Bidang Mutasi")
    assert mutasi.induk == unit_contoh and mutasi.instansi == unit_contoh.instansi
    assert AuditEvent.objects.filter(action="unit.create").exists()
    batch.refresh_from_db()
    assert batch.missing_units == [] and (batch.count_new, batch.count_error) == (3, 2)

    page = admin_client.get(reverse("employees:import_batch", args=["pegawai", batch.pk]))
    assert 'data-testid="apply-valid"' in page.content.decode()
    page = admin_client.post(
        reverse("employees:import_confirm", args=["pegawai", batch.pk]),
        {"lewati": "1"},
        follow=True,
    ).content.decode()
    assert 'data-testid="import-done"' in page and 'data-testid="skipped-rows"' in page
    assert set(Employee.objects.values_list("nama", flat=True)) == {
        "BUDI SANTOSO", "SITI RAHMAWATI", "AHMAD FAUZI",
    }  # fmt: skip
    siti = Employee.objects.get(nama="SITI RAHMAWATI")
    assert (siti.status, siti.golongan.nama, siti.pendidikan.nama) == ("PNS", "III/b", "D-III")
    assert siti.unit == mutasi
    assert Employee.objects.get(nama="AHMAD FAUZI").pendidikan.nama == "SLTA"
    assert AuditEvent.objects.get(action="import.pegawai").detail["skipped"] == 2

    # The skipped rows, as uploaded, with each bad cell filled and explained.
    response = admin_client.get(reverse("employees:import_errors", args=["pegawai", batch.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [*HEADER, "KESALAHAN"]
    assert [sheet.cell(row=r, column=3).value for r in (2, 3)] == ["RUDI HARTONO", "RINA AMELIA"]
    filled = {
        (cell.row, HEADER[cell.column - 1])
        for row in sheet.iter_rows(min_row=2)
        for cell in row[: len(HEADER)]
        if cell.fill.fgColor.rgb.endswith("F8D7DA")
    }
    assert filled == {(2, "NIP BARU"), (3, "TGL LAHIR"), (3, "GOL/RUANG")}
    assert "tidak ada di kalender" in sheet["G3"].comment.text
    assert "Golongan 'IIIx' tidak dikenal" in sheet["H3"].comment.text
    assert sheet["B3"].comment is None
    assert sheet.cell(row=3, column=len(HEADER) + 1).value.startswith(f"Baris {RINA_ROW}:")


def test_a_unit_name_can_mean_an_existing_unit(admin_client, unit_contoh):
    admin_client.post(UPLOAD, {"berkas": upload("DATA PNS.xlsx", data_pns())})
    batch = ImportBatch.objects.get()
    admin_client.post(
        reverse("employees:import_unit", args=["pegawai", batch.pk]),
        {"prefix": "u0", "u0-nama": "Bidang Mutasi", "u0-tindakan": "petakan",
         "u0-unit": unit_contoh.pk},
    )  # fmt: skip
    batch.refresh_from_db()
    assert batch.missing_units == [] and batch.count_new == 3
    assert not UnitKerja.objects.filter(nama="Bidang Mutasi").exists()


def test_applying_the_valid_rows_is_one_transaction(admin_client, unit_contoh, monkeypatch):
    admin_client.post(UPLOAD, {"berkas": upload("DATA PNS.xlsx", data_pns())})
    batch = ImportBatch.objects.get()

    def failing_write(self, new, changed):
        Employee.objects.create(
            nip="198001012005011001", nama="Setengah Jalan", jenis_kelamin="L",
            tanggal_lahir=dt.date(1980, 1, 1), status="PNS", instansi=self.instansi,
        )  # fmt: skip
        raise RuntimeError("disk full")

    monkeypatch.setattr(PegawaiImport, "write", failing_write)
    admin_client.post(
        reverse("employees:import_confirm", args=["pegawai", batch.pk]), {"lewati": "1"}
    )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and not Employee.objects.exists()


def test_the_regional_sheet_through_manage_py_impor(admin_client, unit_contoh, tmp_path):
    path = tmp_path / "DATA PNS.xlsx"
    path.write_bytes(data_pns())
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("impor", "pegawai", str(path), "--instansi", "9101", "--json", stdout=out)
    assert exit_.value.code == 1, "a dry run with errors tells the script so"
    result = json.loads(out.getvalue())
    assert (result["status"], result["rows"], result["new"], result["skipped"]) == (
        "validated", 5, 1, 4,
    )  # fmt: skip
    rows = {(e["row"], e["column"]) for e in result["errors"]}
    assert (NIP_OF_RUDI_ROW, "NIP BARU") in rows and (RINA_ROW, "TGL LAHIR") in rows
    assert (6, "UNIT KERJA") in rows, "Siti's row as the sheet numbers it"
    assert not Employee.objects.exists()

    out = io.StringIO()
    call_command(
        "impor", "pegawai", str(path), "--instansi", "9101", "--status", "PNS", "--apply",
        "--skip-invalid", "--json", stdout=out,
    )  # fmt: skip
    result = json.loads(out.getvalue())
    assert (result["status"], result["new"], result["skipped"]) == ("done", 1, 4)
    assert list(Employee.objects.values_list("nama", flat=True)) == ["BUDI SANTOSO"]


def test_many_missing_units_cost_the_same_queries_as_one(
    admin_client, unit_contoh, django_assert_max_num_queries
):  # The preview lists every missing unit with a form; the agency's units are read once.
    def preview_with(units: int) -> str:
        rows = [r for r in ROWS if r]
        sheet = openpyxl.Workbook()
        for row in [HEADER, *[[*r[:10], f"Bidang {n}", r[11]] for n, r in enumerate(rows[:units])]]:
            sheet.active.append(row)
        buffer = io.BytesIO()
        sheet.save(buffer)
        admin_client.post(UPLOAD, {"berkas": upload("DATA PNS.xlsx", buffer.getvalue())})
        batch = ImportBatch.objects.order_by("-created").first()
        assert len(batch.missing_units) == units
        return reverse("employees:import_batch", args=["pegawai", batch.pk])

    one, four = preview_with(1), preview_with(4)
    with CaptureQueriesContext(connection) as baseline:
        admin_client.get(one)
    with django_assert_max_num_queries(len(baseline)):
        admin_client.get(four)
