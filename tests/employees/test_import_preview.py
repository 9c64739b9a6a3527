"""The preview shows how the file's columns were understood and lets the admin change it
(remembered for the agency's next upload); it reports every problem of a row, pages the
complete error list, lists plausibility warnings apart, and skips the template's example."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from employees.importing.models import ColumnChoice, ImportBatch
from employees.models import Employee
from employees.pegawai_import import _stored_twice
from tests.factories import EmployeeFactory

from .conftest import BUDI, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("employees:import_upload", args=["pegawai"])


def post(client, rows: list[list], name: str = "pegawai.xlsx", **data) -> ImportBatch:
    client.post(UPLOAD, {"berkas": upload(name, xlsx_bytes(rows)), **data})
    return ImportBatch.objects.order_by("-created").first()


def page_of(client, batch: ImportBatch, **query) -> str:
    url = reverse("employees:import_batch", args=["pegawai", batch.pk])
    return client.get(url, query).content.decode()


def test_the_admin_maps_a_column_and_the_agency_keeps_the_choice(admin_client, people):
    rows = [["NIP", "NAMA", "KETERANGAN GOL", "STATUS"], [BUDI[0], "Budi", "III/a", "PNS"]]
    batch = post(admin_client, rows)
    assert batch.unknown_columns == ["KETERANGAN GOL"]
    assert batch.columns == [
        ["NIP", "nip"], ["NAMA", "nama"], ["KETERANGAN GOL", ""], ["STATUS", "status"],
    ]  # fmt: skip
    assert 'data-testid="column-mapping"' in page_of(admin_client, batch)

    admin_client.post(
        reverse("employees:import_mapping", args=["pegawai", batch.pk]),
        {"kolom_0": "nip", "kolom_1": "nama", "kolom_2": "golongan", "kolom_3": "status"},
    )
    batch.refresh_from_db()
    assert batch.unknown_columns == [] and batch.status == ImportBatch.Status.VALIDATED
    assert ColumnChoice.objects.get(instansi=people["admin_contoh"].instansi).field == "golongan"
    admin_client.post(reverse("employees:import_confirm", args=["pegawai", batch.pk]))
    assert Employee.objects.get().golongan.nama == "III/a"

    # Next month's file from the same agency: understood straight away.
    again = post(admin_client, [rows[0], [BUDI[0], "Budi", "III/b", "PNS"]], "bulan-2.xlsx")
    assert again.unknown_columns == [] and again.count_changed == 1


def test_a_column_can_be_ignored_and_two_columns_cannot_fill_one_field(admin_client):
    rows = [["NIP", "NAMA", "JABATAN", "STATUS"], [BUDI[0], "Budi", "Analis", "PNS"]]
    batch = post(admin_client, rows)
    url = reverse("employees:import_mapping", args=["pegawai", batch.pk])
    fields = {"kolom_0": "nip", "kolom_1": "nama", "kolom_2": "nama", "kolom_3": "status"}
    page = admin_client.post(url, fields, follow=True).content.decode()
    assert "Satu kolom Merit hanya boleh dipilih untuk satu kolom." in page
    admin_client.post(url, {**fields, "kolom_2": ""})
    batch.refresh_from_db()
    assert batch.unknown_columns == ["JABATAN"] and batch.count_new == 1


def test_every_problem_of_a_row_is_reported_at_once(admin_client, sheet_rows):
    sheet_rows[1][4] = "X"  # sex
    sheet_rows[1][6] = "31-02-1986"  # no such day
    sheet_rows[1][14] = "Pesantren"  # education
    batch = post(admin_client, sheet_rows)
    assert {(row, column) for row, column, _m in batch.errors} == {
        (2, "JENIS KELAMIN"), (2, "TANGGAL LAHIR"), (2, "PENDIDIKAN"),
    }  # fmt: skip
    assert batch.count_error == 1


def test_the_error_list_is_paged_and_complete(admin_client):
    rows = [["NIP", "NAMA", "STATUS"]] + [[f"1234{n}", f"Orang {n}", "PNS"] for n in range(250)]
    batch = post(admin_client, rows)
    assert len(batch.errors) == 250
    first = page_of(admin_client, batch)
    assert "Kesalahan 1–100 dari 250" in first and "Halaman 1 dari 3" in first
    last = page_of(admin_client, batch, page=3)
    assert "Kesalahan 201–250 dari 250" in last and "Orang" not in last.split("import-errors")[0]
    assert last.count("NIP harus 18 digit") == 50


def test_plausibility_warnings_are_listed_apart_and_do_not_block(admin_client):
    header = ["NIP", "NAMA", "STATUS", "GOL/RUANG", "JENIS JABATAN", "TANGGAL LAHIR", "TMT CPNS"]
    old = dt.date.today().year - 70
    rows = [
        header,
        ["198609262015051001", "Budi Santoso", "PNS", "II/a", "JPT Pratama", "", ""],
        [f"{old}01012000011001", "Pak Tua", "PNS", "III/a", "Pelaksana", "", ""],
        ["200001012015011001", "Anak Muda", "PNS", "II/a", "Pelaksana", "", "01-01-2015"],
        ["198609262016011002", "Budi Santoso", "PNS", "III/a", "Pelaksana", "", ""],
    ]
    batch = post(admin_client, rows)
    assert batch.count_error == 0 and batch.can_apply, batch.errors
    warned = {(row, column) for row, column, _m in batch.warnings}
    assert warned == {(2, "GOL/RUANG"), (3, "TANGGAL LAHIR"), (4, "TMT CPNS"), (5, "NIP")}
    messages = " ".join(message for _r, _c, message in batch.warnings)
    assert "JPT Pratama dengan golongan II/a" in messages
    assert "melewati batas usia pensiun 58 tahun" in messages
    assert "saat berusia 15 tahun" in messages
    assert "sama dengan baris 2 (NIP 198609262015051001)" in messages
    page = page_of(admin_client, batch)
    assert 'data-testid="import-warnings"' in page and "aturan sementara" in page


def test_the_templates_example_row_never_imports(admin_client, sheet_rows):
    template = admin_client.get(reverse("employees:import_template", args=["pegawai"])).content
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.active
    assert sheet["B2"].value.startswith("CONTOH")
    for column, value in enumerate(sheet_rows[2], start=1):  # Siti under the example
        sheet.cell(row=3, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    admin_client.post(UPLOAD, {"berkas": upload("templat.xlsx", buffer.getvalue())})
    batch = ImportBatch.objects.get()
    assert (batch.count_new, batch.count_error, batch.total_rows) == (1, 0, 1), batch.errors
    assert batch.warnings == [[2, "", "Baris contoh dari templat dilewati (tidak diimpor)."]]
    admin_client.post(reverse("employees:import_confirm", args=["pegawai", batch.pk]))
    assert list(Employee.objects.values_list("nama", flat=True)) == ["Siti Rahmawati"]


def test_a_remembered_choice_for_a_field_that_no_longer_exists_is_ignored(admin_client, people):
    ColumnChoice.objects.create(
        instansi=people["admin_contoh"].instansi, kind="pegawai", header="KET", field="hilang"
    )
    batch = post(admin_client, [["NIP", "NAMA", "KET", "STATUS"], [BUDI[0], "Budi", "x", "PNS"]])
    assert batch.status == ImportBatch.Status.VALIDATED and batch.unknown_columns == ["KET"]


def test_the_same_person_already_stored_under_another_nip_is_a_warning(admin_client, wilayah):
    """Not only twice in the file: a person the agency already has under another NIP."""
    header = ["NIP", "NAMA", "STATUS", "GOL/RUANG", "JENIS JABATAN", "TANGGAL LAHIR"]
    EmployeeFactory(
        nip="198609262015051001", nama="Budi Santoso", tanggal_lahir=dt.date(1986, 9, 26),
        instansi=wilayah["kabupaten"],
    )  # fmt: skip
    EmployeeFactory(  # the same name and birth date in another agency: not this agency's
        nip="198609262015051005", nama="Budi Santoso", tanggal_lahir=dt.date(1986, 9, 26),
        instansi=wilayah["kabupaten_lain"],
    )  # fmt: skip
    rows = [
        header,
        ["198609262016011002", "BUDI SANTOSO", "PNS", "III/a", "Pelaksana", "26-09-1986"],
        ["199001152014032002", "Siti Rahmawati", "PNS", "III/b", "Pelaksana", "15-01-1990"],
    ]
    batch = post(admin_client, rows)
    assert batch.count_error == 0 and batch.can_apply, batch.errors
    assert [(row, column) for row, column, _m in batch.warnings] == [(2, "NIP")]
    assert "sudah tersimpan dengan NIP 198609262015051001" in batch.warnings[0][2]


def test_a_person_stored_twice_is_warned_on_re_import_unchanged_or_changed(admin_client):
    """Rows that are their stored record's person are not looked up one by one: whether the
    agency stores that person under another NIP too comes from one query per import."""
    header = ["NIP", "NAMA", "STATUS", "GOL/RUANG", "JENIS JABATAN", "TANGGAL LAHIR"]
    first = ["198609262015051001", "Budi Santoso", "PNS", "III/a", "Pelaksana", "26-09-1986"]
    second = ["198609262016011002", "Budi Santoso", "PNS", "III/a", "Pelaksana", "26-09-1986"]
    other = ["199001152014032002", "Siti Rahmawati", "PNS", "III/b", "Pelaksana", "15-01-1990"]
    batch = post(admin_client, [header, first, second, other])
    admin_client.post(reverse("employees:import_confirm", args=["pegawai", batch.pk]))
    assert Employee.objects.count() == 3

    # The same rows again: recognised unchanged by their fingerprints.
    batch = post(admin_client, [header, first, other])
    assert (batch.count_unchanged, batch.count_error) == (2, 0), batch.errors
    assert [(row, column) for row, column, _m in batch.warnings] == [(2, "NIP")]
    assert "sudah tersimpan dengan NIP 198609262016011002" in batch.warnings[0][2]

    # Changed (another golongan), the same person: the same warning, and none for Siti.
    batch = post(admin_client, [header, [*first[:3], "III/b", *first[4:]], other])
    assert (batch.count_changed, batch.count_unchanged) == (1, 1), batch.errors
    assert [(row, column) for row, column, _m in batch.warnings] == [(2, "NIP")]
    assert "sudah tersimpan dengan NIP 198609262016011002" in batch.warnings[0][2]


def test_only_the_people_stored_twice_are_fetched_for_that_check(wilayah, referensi):
    """The query behind the warning selects the records that share their name and birth
    date with another, not everyone born on such a day: at 300,000 records the earlier query
    fetched 92,000 of them, and a re-import's memory grew with the agency."""
    born = dt.date(1986, 9, 26)
    for nip, nama, day in [
        ("198609262015051001", "Budi Santoso", born),
        ("198609262016011002", "BUDI SANTOSO", born),  # the same person under another NIP
        ("198609262017012001", "Siti Rahmawati", born),  # born that day too, someone else
        ("198609272015051003", "Budi Santoso", born + dt.timedelta(days=1)),
    ]:
        EmployeeFactory(nip=nip, nama=nama, tanggal_lahir=day, instansi=wilayah["kabupaten"])
    EmployeeFactory(  # another agency's: not this agency's to compare with
        nip="198609262015051005", nama="Budi Santoso", tanggal_lahir=born,
        instansi=wilayah["kabupaten_lain"],
    )  # fmt: skip

    fetched = _stored_twice(wilayah["kabupaten"].pk)
    assert fetched.count() == 2, "counted by the database: only the two Budi Santoso records"
    assert sorted(nip for nip, _nama, _born, _sex in fetched) == [
        "198609262015051001", "198609262016011002",
    ]  # fmt: skip


def test_a_header_row_merit_cannot_recognise_goes_to_the_column_mapping(admin_client):
    """No failure before the mapping screen: the admin says what the columns are."""
    rows = [
        ["DAFTAR PEGAWAI DINAS X"],
        ["Nomor Induk", "Nama Orang", "Ruang", "Jenis ASN"],
        [BUDI[0], "Budi Santoso", "III/a", "PNS"],
    ]
    batch = post(admin_client, rows)
    assert batch.status == ImportBatch.Status.VALIDATED and not batch.can_apply
    assert "Baris judul kolom tidak ditemukan di 30 baris pertama" in batch.message
    assert "Baris 2 tampaknya baris judul kolom" in batch.message
    assert batch.columns == [
        ["Nomor Induk", ""], ["Nama Orang", ""], ["Ruang", ""], ["Jenis ASN", ""],
    ]  # fmt: skip
    page = page_of(admin_client, batch)
    assert 'data-testid="import-needs-mapping"' in page
    assert 'data-testid="import-failed"' not in page
    assert 'data-testid="column-mapping" open' in page

    admin_client.post(
        reverse("employees:import_mapping", args=["pegawai", batch.pk]),
        {"kolom_0": "nip", "kolom_1": "nama", "kolom_2": "golongan", "kolom_3": "status"},
    )
    batch.refresh_from_db()
    assert batch.message == "" and batch.count_new == 1 and batch.can_apply, batch.errors
    admin_client.post(reverse("employees:import_confirm", args=["pegawai", batch.pk]))
    assert Employee.objects.get().golongan.nama == "III/a"
