"""Formula injection (issue 15, finding 5): every spreadsheet Merit writes, the admin's
included, goes through one neutraliser (core.spreadsheets.neutralise), which also catches a
leading TAB or CR (a spreadsheet program drops them and then runs the formula), and the
header cells of the import's error workbook are neutralised too."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from core import spreadsheets
from core.spreadsheets import neutralise, write_csv, write_table
from employees.importing import xlsx
from employees.importing.kinds import registered_kinds
from tests.employees.conftest import BUDI, HEADER, xlsx_bytes
from tests.factories import EmployeeFactory

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=cmd|' /C calc'!A0",
    "\r=cmd|' /C calc'!A0",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("value", HOSTILE)
def test_the_neutraliser_defuses_every_formula_start(value):
    assert neutralise(value) == "'" + value


def test_plain_text_and_numbers_pass_unchanged():
    assert neutralise("Budi Santoso") == "Budi Santoso"
    assert neutralise(-5) == -5
    assert neutralise("") == ""


def strings_in(book_bytes: bytes) -> list[tuple[str, object, str]]:
    book = openpyxl.load_workbook(io.BytesIO(book_bytes))
    return [
        (sheet.title, cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def assert_inert(cells: list[tuple[str, object, str]]) -> None:
    for sheet, value, data_type in cells:
        assert data_type != "f", (sheet, value)
        if isinstance(value, str):
            assert not value.startswith(FORMULA_START), (sheet, value)


def test_a_table_neutralises_its_headers_and_rows():
    content = write_table(HOSTILE, [HOSTILE, HOSTILE], text_columns=[0])
    assert_inert(strings_in(content))


def test_a_csv_neutralises_its_headers_and_rows():
    content = write_csv(HOSTILE, [HOSTILE], text_columns=[0]).decode("utf-8-sig")
    for row in csv.reader(io.StringIO(content, newline="")):
        for value in row:
            assert not value.startswith(FORMULA_START), value


def test_the_import_error_workbook_neutralises_header_cells(tmp_path, referensi):
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(xlsx_bytes([[*HEADER, *HOSTILE], [*BUDI, *HOSTILE]]))
    kind = registered_kinds()["pegawai"]
    content = xlsx.error_file(kind, path, [[2, "NIP", "NIP salah"]])
    cells = strings_in(content)
    headers = [value for _sheet, value, _type in cells if value in {"'" + h for h in HOSTILE}]
    assert len(headers) >= len(HOSTILE)
    assert_inert(cells)


def test_the_admin_sites_employee_export_writes_no_live_formula(client, people, wilayah, referensi):
    rogue = [EmployeeFactory(nama=name, instansi=wilayah["kabupaten"]) for name in HOSTILE]
    client.force_login(people["superadmin"])
    response = client.post(
        "/admin/employees/employee/",
        {"action": "export_xlsx", "_selected_action": [e.pk for e in rogue]},
    )
    assert response.status_code == 200
    cells = strings_in(response.content)
    # XML stores a CR as a line break: read back, "\r" is "\n".
    written = {str(value).replace("\n", "\r") for _s, value, _t in cells}
    assert written >= {"'" + name for name in HOSTILE}
    assert_inert(cells)


def test_no_module_writes_a_workbook_around_the_neutraliser():
    """Every writer of .xlsx/.csv imports the neutraliser from core.spreadsheets: a new
    export written with openpyxl or csv directly shows up here."""
    root = Path(spreadsheets.__file__).resolve().parents[1]
    writers = []
    for path in root.glob("*/**/*.py"):
        if any(part in {"tests", "benchmarks", ".venv", "migrations"} for part in path.parts):
            continue
        text = path.read_text(encoding="utf-8")
        if "Workbook(" in text or "csv.writer(" in text or "csv.DictWriter(" in text:
            writers.append(path.relative_to(root).as_posix())
    for name in writers:
        text = (root / name).read_text(encoding="utf-8")
        assert name == "core/spreadsheets.py" or "from core.spreadsheets import" in text, name
