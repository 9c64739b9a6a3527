"""Competency results and post standards come in through the shared importer: an assessment
centre's recap sheet (title rows, NO and NAMA columns, one column per competency, its own JPM
column) is previewed, refused row by row with clear messages, applied in one go, audited."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import AuditEvent
from employees.importing import services
from employees.importing.models import ImportBatch
from employees.models import HasilKompetensi, Kompetensi
from talent.models import StandarKompetensi
from tests.employees.conftest import xlsx_bytes
from tests.talent.test_import import apply, run

pytestmark = pytest.mark.django_db

HEADER = [
    "NO",
    "NIP",
    "NAMA",
    "JABATAN",
    "TGL ASESMEN",
    "PENYELENGGARA",
    "INTEGRITAS",
    "KERJASAMA",
    "KOMUNIKASI",
    "ORIENTASI PADA HASIL",
    "PELAYANAN PUBLIK",
    "PENGEMBANGAN DIRI DAN ORANG LAIN",
    "MENGELOLA PERUBAHAN",
    "PENGAMBILAN KEPUTUSAN",
    "PEREKAT BANGSA",
    "JPM (%)",
    "KATEGORI",
]


def sheet(rows: list[list]) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "hasil_asesmen.xlsx",
        xlsx_bytes(
            [HEADER, *rows],
            title_rows=[["REKAPITULASI HASIL PEMETAAN KOMPETENSI"], ["UPT Penilaian Kompetensi"]],
        ),
    )


def test_an_assessment_centre_recap_is_previewed_then_applied(people, contoh):
    admin, staff = people["admin_contoh"], contoh["staff"]
    levels = [3, 3, 2, 3, 3, 3, 2, 3, 4]
    upload = sheet(
        [
            [1, staff["ani"].nip, "Ani Bintang", "Analis SDM", "15-03-2026", "UPT PK", *levels]
            + ["92,59", "Optimal"],
            [2, staff["citra"].nip, "Citra", "Pengawas", dt.date(2026, 3, 16), "UPT PK"]
            + [4, 4, 4, 4, 4, 4, 4, 4, 4, "100", "Optimal"],
        ]
    )
    batch = run(admin, "kompetensi", upload)
    assert (batch.count_new, batch.count_error) == (2, 0), batch.errors
    assert not HasilKompetensi.objects.exists()
    apply(batch)
    ani = HasilKompetensi.objects.get(employee=staff["ani"])
    assert (ani.tanggal, ani.lembaga, ani.metode) == (dt.date(2026, 3, 15), "UPT PK", "pemetaan")
    assert ani.levels()["komunikasi"] == 2 and ani.levels()["perekat-bangsa"] == 4
    assert len(ani.levels()) == 9
    assert ani.history.first().history_user == admin
    assert AuditEvent.objects.filter(action="import.kompetensi").exists()

    # The same file corrected: one level changes, the rest is unchanged.
    levels[2] = 3
    again = sheet(
        [[1, staff["ani"].nip, "Ani Bintang", "Analis", "15-03-2026", "UPT PK", *levels, "", ""]]
    )
    batch = run(admin, "kompetensi", again)
    assert (batch.count_changed, batch.count_new) == (1, 0), batch.errors
    assert batch.changes[0]["changes"] == [["KOMUNIKASI", "2", "3"]]
    apply(batch)
    assert HasilKompetensi.objects.get(employee=staff["ani"]).levels()["komunikasi"] == 3


def test_bad_competency_rows_are_reported_and_nothing_is_written(people, contoh):
    admin, staff = people["admin_contoh"], contoh["staff"]
    upload = sheet(
        [
            [1, staff["ani"].nip, "Ani", "", "15-03-2026", "UPT", 6, 3, 3, 3, 3, 3, 3, 3, 3],
            [2, staff["budi"].nip, "Budi", "", "15-03-2026", "UPT", "tiga", 3, 3],
            [3, staff["lain"].nip, "Lain", "", "15-03-2026", "UPT", 3, 3, 3],
            [4, staff["citra"].nip, "Citra", "", "", "UPT", 3],
            [5, staff["dedi"].nip, "Dedi", "", "15-03-2026", "UPT"],
        ]
    )
    batch = run(admin, "kompetensi", upload)
    assert batch.count_error == 5
    messages = {(row, column): text for row, column, text in batch.errors}
    assert "di luar 1 sampai 5" in messages[(4, "INTEGRITAS")]
    assert "bukan angka" in messages[(5, "INTEGRITAS")]
    assert "instansi lain" in messages[(6, "NIP")]
    assert "wajib diisi" in messages[(7, "TGL ASESMEN")]
    assert "tanpa level kompetensi" in messages[(8, "NIP")]
    assert services_confirm_refused(batch)
    assert not HasilKompetensi.objects.exists()


def services_confirm_refused(batch: ImportBatch) -> bool:
    return not services.confirm_batch(batch)


def apply_valid(batch: ImportBatch) -> None:
    """The admin's "simpan baris yang valid saja"."""
    assert services.confirm_batch(batch, skip_invalid=True)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.message


def test_a_competency_test_result_is_kept_apart_from_the_mapping_of_the_same_day(people, contoh):
    admin, staff = people["admin_contoh"], contoh["staff"]
    rows = [
        ["NIP", "TANGGAL ASESMEN", "METODE", "INTEGRITAS"],
        [staff["ani"].nip, "15-03-2026", "Assessment Center", 3],
        [staff["ani"].nip, "15-03-2026", "UKOM", 4],
        [staff["ani"].nip, "15-03-2026", "Wawancara", 4],
    ]
    batch = run(admin, "kompetensi", SimpleUploadedFile("x.xlsx", xlsx_bytes(rows)))
    assert batch.count_error == 1 and "Metode 'Wawancara'" in batch.errors[0][2]
    apply_valid(batch)
    assert sorted(HasilKompetensi.objects.values_list("metode", flat=True)) == [
        "pemetaan",
        "uji_kompetensi",
    ]


def test_a_technical_competency_added_to_the_list_becomes_a_column(people, contoh):
    Kompetensi.objects.create(
        kode="manajemen-asn", nama="Manajemen ASN", kelompok="teknis", urutan=20
    )
    admin, staff = people["admin_contoh"], contoh["staff"]
    rows = [["NIP", "TANGGAL ASESMEN", "INTEGRITAS", "MANAJEMEN ASN"]]
    rows.append([staff["ani"].nip, "15-03-2026", 3, 4])
    apply(run(admin, "kompetensi", SimpleUploadedFile("x.xlsx", xlsx_bytes(rows))))
    assert HasilKompetensi.objects.get().levels() == {"integritas": 3, "manajemen-asn": 4}


def test_post_standards_by_name_and_by_post_type(people, contoh):
    admin = people["admin_contoh"]
    rows = [
        ["NAMA JABATAN", "JENIS JABATAN", "JENJANG", "INTEGRITAS", "KOMUNIKASI", "PEREKAT BANGSA"],
        ["Kepala Badan Kepegawaian Daerah", "JPT Pratama", "", 4, 4, 4],
        ["", "Pengawas", "", 3, 3, 3],
        ["", "Fungsional", "Ahli Muda", 3, 2, 3],
        ["", "Pengawas", "", 3, 3, 3],  # the same post type twice
        ["", "Satpam", "", 1, 1, 1],
    ]
    batch = run(admin, "standar-kompetensi", SimpleUploadedFile("s.xlsx", xlsx_bytes(rows)))
    errors = {(row, text.split(":")[0]) for row, _column, text in batch.errors}
    assert (5, "Baris ganda") in errors
    assert any(row == 6 and "tidak dikenal" in text for row, _c, text in batch.errors)
    apply_valid(batch)
    kepala = StandarKompetensi.objects.get(nama_jabatan="Kepala Badan Kepegawaian Daerah")
    assert kepala.levels() == {"integritas": 4, "komunikasi": 4, "perekat-bangsa": 4}
    muda = StandarKompetensi.objects.get(jenjang_fungsional="ahli_muda")
    assert muda.jenis_jabatan.kode == "fungsional" and muda.levels()["komunikasi"] == 2

    rows[1][4] = 5
    batch = run(admin, "standar-kompetensi", SimpleUploadedFile("s.xlsx", xlsx_bytes(rows[:3])))
    assert (batch.count_changed, batch.count_unchanged) == (1, 1), batch.errors
    apply(batch)
    kepala.refresh_from_db()
    assert kepala.levels()["komunikasi"] == 5


def test_the_template_has_a_column_per_competency_and_round_trips(client, people, contoh):
    admin, ani = people["admin_contoh"], contoh["staff"]["ani"]
    client.force_login(admin)
    response = client.get(reverse("employees:import_template", args=["kompetensi"]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response)))
    sheet = book["kompetensi"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["NIP", "NAMA", "TANGGAL ASESMEN"]
    assert "PENGEMBANGAN DIRI DAN ORANG LAIN" in headers and "PEREKAT BANGSA" in headers
    assert "JPM" not in headers  # Merit computes it; an assessor's JPM column is only read
    sheet.append([ani.nip, ani.nama, "15-03-2026", "Uji kompetensi", "BKN", ""] + ["4"] * 9)
    buffer = io.BytesIO()
    book.save(buffer)
    batch = run(admin, "kompetensi", SimpleUploadedFile("templat.xlsx", buffer.getvalue()))
    assert (batch.count_new, batch.count_error) == (1, 0), batch.errors
    assert "Baris contoh" in batch.warnings[0][2]
    apply(batch)
    hasil = HasilKompetensi.objects.get(employee=ani)
    assert hasil.metode == "uji_kompetensi" and set(hasil.levels().values()) == {4}
