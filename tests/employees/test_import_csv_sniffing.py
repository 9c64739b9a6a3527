"""CSV files as agencies' systems write them: any of four delimiters, a title line with a
comma above a semicolon table, and the encodings Excel and SIASN produce."""

from __future__ import annotations

import pytest

from employees.importing.models import ImportBatch
from employees.importing.reader import FileProblem, SheetRows, csv_delimiter, csv_encoding
from employees.models import Employee

from .conftest import csv_bytes
from .test_import import import_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(people, referensi, unit_contoh):
    return people["admin_contoh"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_siasn_and_simpeg_use_is_recognised(admin, sheet_rows, delimiter):
    batch = import_file(admin, "pegawai.csv", csv_bytes(sheet_rows, delimiter=delimiter))
    assert batch.status == ImportBatch.Status.DONE, (batch.message, batch.errors)
    assert Employee.objects.count() == 3


def test_a_title_line_with_a_comma_does_not_decide_the_delimiter(admin, sheet_rows, tmp_path):
    title = [["DAFTAR PEGAWAI NEGERI SIPIL, KABUPATEN CONTOH"], ["Keadaan per 1-1-2025"]]
    content = csv_bytes(title + sheet_rows, delimiter=";")
    path = tmp_path / "pegawai.csv"
    path.write_bytes(content)
    assert csv_delimiter(path, "utf-8-sig") == ";"
    batch = import_file(admin, "pegawai.csv", content)
    assert batch.status == ImportBatch.Status.DONE, (batch.message, batch.errors)
    assert Employee.objects.count() == 3


def test_names_with_commas_in_a_semicolon_file_stay_whole(tmp_path):
    lines = [
        "NIP;NAMA;GELAR BELAKANG",
        *[f"1986092620150510{i:02d};Budi, Sr.;S.E., M.M." for i in range(9)],
    ]
    path = tmp_path / "pegawai.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    rows = list(SheetRows(path))
    assert rows[1] == (2, ["198609262015051000", "Budi, Sr.", "S.E., M.M."])


def test_a_windows_1252_csv_from_excel_keeps_its_accents(admin, sheet_rows, tmp_path):
    sheet_rows[1][1] = "Budi Ñañez"
    content = csv_bytes(sheet_rows, delimiter=";").decode("utf-8").encode("cp1252")
    path = tmp_path / "pegawai.csv"
    path.write_bytes(content)
    assert csv_encoding(path) == "cp1252"
    import_file(admin, "pegawai.csv", content)
    assert Employee.objects.get(nip=sheet_rows[1][0]).nama == "Budi Ñañez"


def test_bytes_windows_1252_leaves_undefined_still_read_as_latin_1(tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes("NIP,NAMA\n1,Andi\x81\n".encode("latin-1"))
    assert csv_encoding(path) == "latin-1"
    assert list(SheetRows(path))[1] == (2, ["1", "Andi\x81"])


def test_excel_unicode_text_utf16_with_tabs_is_read(admin, sheet_rows):
    content = csv_bytes(sheet_rows, delimiter="\t").decode("utf-8").encode("utf-16")
    batch = import_file(admin, "pegawai.csv", content)
    assert batch.status == ImportBatch.Status.DONE, (batch.message, batch.errors)
    assert Employee.objects.count() == 3


def test_an_old_xls_is_refused_with_how_to_save_it(tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(FileProblem, match="simpan sebagai .xlsx"):
        SheetRows(path)


def test_a_pdf_is_not_read_as_a_windows_1252_csv(tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    with pytest.raises(FileProblem, match="biner"):
        SheetRows(path)
