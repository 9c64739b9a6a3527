"""STATUS is no longer a column every sheet must have: the importer finds a row's status
in the file's own columns, else in the golongan's form, else in the admin's choice on the
upload form. Only a row whose status is nowhere is an error, saying how to fix it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from employees.importing import services
from employees.importing.models import ImportBatch
from employees.models import Employee
from tests.factories import EmployeeFactory

from .conftest import upload, xlsx_bytes

pytestmark = pytest.mark.django_db

PNS_NIP, PPPK_NIP = "198609262015051001", "199205102024212003"


@pytest.fixture
def admin(people, referensi, unit_contoh):
    return people["admin_contoh"]


def preview(admin, header: list[str], *rows: list, status: str = "") -> ImportBatch:
    batch = services.start_batch(
        kind="pegawai",
        instansi=admin.instansi,
        user=admin,
        upload=upload("pegawai.xlsx", xlsx_bytes([header, *rows])),
        status=status,
    )
    batch.refresh_from_db()
    return batch


def applied(batch: ImportBatch) -> dict[str, str]:
    assert services.confirm_batch(batch), batch.errors
    return dict(Employee.objects.values_list("nip", "status"))


@pytest.mark.parametrize(
    ("header", "pns_cell", "pppk_cell"),
    [
        ("STATUS", "PNS", "PPPK"),
        ("STATUS KEPEGAWAIAN", "pns", "P3K"),
        ("KEDUDUKAN HUKUM ID", "01", "71"),
        ("KEDUDUKAN HUKUM ID", "15", "101"),
        ("JENIS PEGAWAI NAMA", "PNS Daerah Kabupaten/Kota", "PPPK"),
    ],
)
def test_a_column_of_the_file_says_the_status(admin, header, pns_cell, pppk_cell):
    batch = preview(
        admin, ["NIP", "NAMA", header], [PNS_NIP, "Budi", pns_cell], [PPPK_NIP, "Dewi", pppk_cell]
    )
    assert applied(batch) == {PNS_NIP: "PNS", PPPK_NIP: "PPPK"}


def test_siasns_status_cpns_pns_tells_a_cpns_from_a_pns(admin):
    batch = preview(
        admin,
        ["NIP BARU", "NAMA", "KEDUDUKAN HUKUM ID", "STATUS CPNS PNS"],
        [PNS_NIP, "Budi", "01", "C"],
    )
    assert applied(batch) == {PNS_NIP: "CPNS"}


def test_the_golongans_form_says_pns_or_pppk(admin):
    batch = preview(
        admin, ["NIP", "NAMA", "GOL/RUANG"], [PNS_NIP, "Budi", "III/a"], [PPPK_NIP, "Dewi", "IX"]
    )
    assert applied(batch) == {PNS_NIP: "PNS", PPPK_NIP: "PPPK"}


def test_a_cpns_stays_cpns_when_only_the_golongan_speaks(admin, wilayah):
    EmployeeFactory(nip=PNS_NIP, status="CPNS", instansi=wilayah["kabupaten"])
    batch = preview(admin, ["NIP", "NAMA", "GOL/RUANG"], [PNS_NIP, "Budi", "III/b"])
    assert batch.count_changed == 1
    assert "STATUS" not in [column for column, _old, _new in batch.changes[0]["changes"]]
    assert applied(batch) == {PNS_NIP: "CPNS"}


def test_the_upload_forms_choice_covers_rows_the_file_says_nothing_about(admin):
    batch = preview(admin, ["NIP", "NAMA", "JABATAN"], [PNS_NIP, "Budi", "Analis"], status="PNS")
    assert applied(batch) == {PNS_NIP: "PNS"}


def test_a_known_employees_status_stands_when_the_file_says_nothing(admin, wilayah):
    EmployeeFactory(nip=PPPK_NIP, status="PPPK", instansi=wilayah["kabupaten"], golongan=None)
    batch = preview(admin, ["NIP", "NAMA", "JABATAN"], [PPPK_NIP, "Dewi", "Perawat"])
    assert batch.errors == [] and batch.count_changed == 1


def test_a_row_whose_status_is_nowhere_says_how_to_fix_it(admin):
    batch = preview(admin, ["NIP", "NAMA", "JABATAN"], [PNS_NIP, "Budi", "Analis"])
    [[row, column, message]] = batch.errors
    assert (row, column) == (2, "STATUS")
    assert "Isi kolom STATUS dengan PNS, CPNS atau PPPK" in message
    assert "pilih status untuk semua baris saat mengunggah" in message


def test_an_unknown_status_lists_the_accepted_words(admin):
    batch = preview(admin, ["NIP", "NAMA", "STATUS"], [PNS_NIP, "Budi", "Honorer"])
    [[_row, _column, message]] = batch.errors
    assert message.startswith("Status 'Honorer' tidak dikenal; nilai yang diterima: ")
    assert "PNS" in message and "PPPK" in message


def test_the_upload_form_offers_the_choice(admin_client):
    page = admin_client.get(reverse("employees:import_upload", args=["pegawai"])).content.decode()
    assert "Semua baris PNS" in page
    page = admin_client.get(reverse("employees:import_upload", args=["kinerja"])).content.decode()
    assert "Semua baris PNS" not in page


def test_all_rows_pns_chosen_on_the_upload_form(admin_client):
    sheet = xlsx_bytes([["NIP", "NAMA", "JABATAN"], [PNS_NIP, "Budi", "Analis"]])
    admin_client.post(
        reverse("employees:import_upload", args=["pegawai"]),
        {"berkas": upload("DATA PNS.xlsx", sheet), "status": "PNS"},
    )
    batch = ImportBatch.objects.get()
    assert batch.options == {"status": "PNS"} and batch.errors == []
    assert applied(batch) == {PNS_NIP: "PNS"}
