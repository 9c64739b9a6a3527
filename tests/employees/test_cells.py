"""What a spreadsheet cell means: pure rules, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from core.spreadsheets import neutralise
from employees.importing import cells
from employees.importing.reader import FileProblem, find_header, header_key
from employees.pegawai_import import PegawaiImport

SEPT_26 = dt.date(1986, 9, 26)


@pytest.mark.parametrize(
    "written",
    [
        SEPT_26,
        dt.datetime(1986, 9, 26, 0, 0),
        31681,  # Excel's serial number for 26-09-1986
        31681.0,
        "26-09-1986",
        "26/09/1986",
        "26.09.1986",
        "1986-09-26",
        " 26-9-1986 ",
        "1986-09-26 00:00:00",
    ],
)
def test_every_date_form_means_the_same_day(written):
    assert cells.date(written) == SEPT_26


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("31-02-1986", "tidak ada di kalender"),
        ("26 September 1986", "dd-mm-yyyy"),
        ("09-26-1986", "tidak ada di kalender"),
        (-5, "bukan tanggal Excel"),
    ],
)
def test_a_date_that_cannot_be_read_says_why(written, message):
    with pytest.raises(cells.CellError, match=message):
        cells.date(written)


def test_a_blank_date_is_none():
    assert cells.date("") is None and cells.date(None) is None and cells.date("  ") is None


def test_nip_spaces_are_removed_and_numbers_are_refused():
    assert cells.nip(" 19860926 201505 1 001 ") == "198609262015051001"
    for number in (198609262015051001, 1.98609262015051e17):
        with pytest.raises(cells.CellError, match="format kolom NIP sebagai teks"):
            cells.nip(number)
    with pytest.raises(cells.CellError, match="angka ilmiah"):
        cells.nip("1.98609E+17")


@pytest.mark.parametrize("dangerous", ["=1+1", "+62812", "-5", "@SUM(A1)"])
def test_formula_starts_are_neutralised_and_read_back(dangerous):
    safe = neutralise(dangerous)
    assert safe == "'" + dangerous
    assert cells.text(safe) == dangerous
    assert neutralise("Budi") == "Budi" and neutralise(5) == 5


def test_text_collapses_stray_spaces():
    assert cells.text("  Budi \t  Santoso ") == "Budi Santoso"
    assert cells.text(3.0) == "3" and cells.text(None) == ""


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NIP BARU", "nip"),
        ("Nip", "nip"),
        ("NAMA", "nama"),
        ("GOL/RUANG", "golongan"),
        ("GOL. RUANG", "golongan"),
        ("Gol Ruang", "golongan"),
        ("TMT GOL", "tmt_golongan"),
        ("TMT GOLONGAN", "tmt_golongan"),
        ("UNIT KERJA", "unit"),
        ("Unit Kerja", "unit"),
        ("TGL. LAHIR", "tanggal_lahir"),
        ("L/P", "jenis_kelamin"),
    ],
)
def test_header_aliases(header, field):
    assert PegawaiImport.aliases()[header_key(header)] == field


def test_the_header_row_is_found_below_title_rows_and_unknown_columns_listed():
    rows = iter(
        [
            (1, ["DAFTAR NOMINATIF PEGAWAI", "", ""]),
            (2, ["Per 1 Januari 2026", "", ""]),
            (3, ["NIP BARU", "NAMA", "KETERANGAN", "STATUS"]),
            (4, ["198609262015051001", "Budi", "", "PNS"]),
        ]
    )
    header = find_header(rows, PegawaiImport.aliases(), ["NIP"])
    assert header.row_number == 3
    assert header.positions == {0: "nip", 1: "nama", 3: "status"}
    assert header.unknown == ["KETERANGAN"]
    assert next(rows)[0] == 4, "the data rows are left to read"


def test_a_sheet_without_a_header_row_says_so():
    with pytest.raises(FileProblem, match="Baris judul kolom tidak ditemukan"):
        find_header(iter([(1, ["a", "b"]), (2, ["c", "d"])]), PegawaiImport.aliases(), ["NIP"])
