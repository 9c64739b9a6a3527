"""The .xlsx reader streams the sheet and gives the values python-calamine gives.

The import used to read with python-calamine, which holds the whole sheet (694 MB for
500,000 rows). The streaming reader must not change what any parser sees: for each
workbook below, written by openpyxl the way agencies' tools write them, its rows equal
python-calamine's, cell for cell and type for type. Where a file says nothing about it,
the two may differ only in how far a row is padded with "" (see xlsx_stream)."""

from __future__ import annotations

import datetime as dt
import io
import re
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from python_calamine import CalamineWorkbook

from employees.importing.reader import SheetRows
from employees.importing.sheet_guard import FileProblem

from .test_import_hostile_files import rewrite_sheet, sheet_xml, with_sheet


def calamine_rows(path: Path) -> list[tuple[int, list]]:
    """What the import read before: python-calamine's rows, numbered from 1, with the
    columns before the sheet's first used one put back (calamine leaves them out)."""
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    before = [""] * (sheet.start[1] if sheet.start else 0)
    return [(number, before + row) for number, row in enumerate(sheet.iter_rows(), start=1)]


def unpadded(rows: list[tuple[int, list]]) -> list[tuple[int, list]]:
    trimmed = []
    for number, row in rows:
        cells = list(row)
        while cells and cells[-1] == "":
            cells.pop()
        trimmed.append((number, cells))
    return trimmed


def typed(rows: list[tuple[int, list]]) -> list[tuple[int, list]]:
    """Rows with each cell's type beside it: 1 == 1.0 == True, and that must not hide a
    difference."""
    return [(number, [(type(c).__name__, c) for c in row]) for number, row in rows]


def assert_read_as_calamine_does(path: Path, *, exact_padding: bool = True) -> list:
    rows = list(SheetRows(path))
    expected = calamine_rows(path)
    if exact_padding:
        assert typed(rows) == typed(expected)
    else:
        assert typed(unpadded(rows)) == typed(unpadded(expected))
    return rows


def save(book: Workbook, tmp_path: Path, name: str = "pegawai.xlsx") -> Path:
    path = tmp_path / name
    book.save(path)
    return path


def with_prefix(content: bytes) -> bytes:
    """The same sheet with its elements in a prefixed namespace (x:c, x:v...), as some .NET
    writers save it: the exact parser reads it, not the fast scan."""

    def prefixed(xml: bytes) -> bytes:
        xml = re.sub(rb"<(/?)(?!\?)([A-Za-z]+[ />])", rb"<\1x:\2", xml)
        return xml.replace(b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=", 1)

    return rewrite_sheet(content, prefixed)


def workbook_of_every_kind() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", "NAMA", "TANGGAL", "WAKTU", "ANGKA", "AKTIF", "KETERANGAN", "LAMA"])
    sheet.append(
        [
            "198609262015051001",  # a long digit string kept as text
            "  Budi Santoso ",  # written with xml:space="preserve"
            dt.date(1986, 9, 26),
            dt.datetime(2020, 1, 31, 13, 45, 10),
            42,
            True,
            "Baris 1\nBaris 2 & <lainnya>",
            dt.timedelta(days=1, hours=2),
        ]
    )
    sheet.append(
        [
            198609262015051001,  # the same NIP stored as a number (digits lost)
            CellRichText([TextBlock(InlineFont(b=True), "Siti"), " Rahmawati"]),
            dt.time(7, 30),
            dt.datetime(2021, 6, 1),
            -3.25,
            False,
            "",
            1e20,
        ]
    )
    sheet.append([None, "Tanpa NIP"])  # an empty cell before a value
    sheet["A7"] = "setelah dua baris kosong"
    formats = {
        "C8": "dd/mm/yyyy",
        "D8": "[$-421]dd mmmm yyyy",
        "E8": "d-mmm-yy",
        "F8": "yyyy-mm-dd hh:mm:ss",
        "G8": "hh:mm",
        "H8": "[h]:mm:ss",
        "A9": '"Tanggal" d-m-yy',
        "B9": "0.00",
        "C9": "#,##0",
        "D9": "mm:ss",
    }
    for reference, number_format in formats.items():
        sheet[reference] = 45000.5 if "h" in number_format else 45000
        sheet[reference].number_format = number_format
    sheet["E9"] = 1
    sheet["E9"].number_format = "yyyy-mm-dd"  # 1900-01-01, before the leap-year bug
    sheet["F9"] = 61
    sheet["F9"].number_format = "yyyy-mm-dd"  # after it
    sheet["G9"] = 0.5
    sheet["G9"].number_format = "yyyy-mm-dd"  # below 1: a time
    sheet["H9"] = 3_000_000
    sheet["H9"].number_format = "yyyy-mm-dd"  # past year 9999: the number itself
    sheet["A10"] = "=1+2"  # a formula without a cached value: empty
    sheet["B10"] = "#N/A"
    sheet["C12"].number_format = "yyyy-mm-dd"  # styled, no value: ends nothing
    return book


def test_every_kind_of_cell_reads_as_calamine_reads_it(tmp_path):
    rows = assert_read_as_calamine_does(save(workbook_of_every_kind(), tmp_path))
    assert rows[1][1][:6] == [
        "198609262015051001",
        "  Budi Santoso ",
        dt.date(1986, 9, 26),
        dt.datetime(2020, 1, 31, 13, 45, 10),
        42.0,
        True,
    ]
    assert rows[2][1][1] == "Siti Rahmawati"
    # Missing rows keep Excel's numbering: rows 5 and 6 are blank, row 7 is row 7.
    assert rows[6] == (7, ["setelah dua baris kosong"] + [""] * 7)
    assert [number for number, _row in rows] == list(range(1, 11))


def test_the_exact_parser_reads_a_prefixed_sheet_the_same(tmp_path):
    path = save(workbook_of_every_kind(), tmp_path)
    prefixed = tmp_path / "prefixed.xlsx"
    prefixed.write_bytes(with_prefix(path.read_bytes()))
    with zipfile.ZipFile(prefixed) as archive:
        assert b"<x:c " in archive.read("xl/worksheets/sheet1.xml")
    assert list(SheetRows(prefixed)) == list(SheetRows(path))
    assert_read_as_calamine_does(prefixed)


def test_the_1904_date_system(tmp_path):
    book = workbook_of_every_kind()
    book.epoch = CALENDAR_MAC_1904
    rows = assert_read_as_calamine_does(save(book, tmp_path))
    assert rows[1][1][2] == dt.date(1986, 9, 26)


def test_shared_strings_formulas_with_cached_values_and_rare_cell_types(tmp_path):
    """What Excel writes: shared strings (one with runs and a phonetic guide), formulas
    with their cached values, a string formula, ISO dates, booleans and errors."""
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>NIP</t></si><si><t>NAMA</t></si>"
        '<si><r><t>Dewi</t></r><r><rPr><b/></rPr><t xml:space="preserve"> Lestari</t></r>'
        "<rPh><t>DEWI</t></rPh></si>"
        "<si><t>a_x000D_b &amp; c</t></si><si/></sst>"
    )
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><f>1+1</f><v>2</v></c>'
        '<c r="C2" t="str"><f>"x"&amp;"y"</f><v>x&amp;y</v></c>'
        '<c r="D2" s="1"><f t="shared" ref="D2:D3" si="0">TODAY()</f><v>45000</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="b"><v>1</v></c>'
        '<c r="C3" t="e"><v>#DIV/0!</v></c><c r="D3" s="1"><f t="shared" si="0"/><v>45001</v></c>'
        '<c r="E3" t="d"><v>2020-01-31</v></c><c r="F3" t="d"><v>2020-01-31T10:20:30</v></c>'
        '<c r="G3" t="s"><v>4</v></c><c r="H3"><v>abc</v></c></row>'
    )

    def excel_like(content: bytes) -> bytes:
        out = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(content)) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "xl/_rels/workbook.xml.rels":
                    data = data.replace(
                        b"</Relationships>",
                        b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                        b'officeDocument/2006/relationships/sharedStrings" '
                        b'Target="sharedStrings.xml"/></Relationships>',
                    )
                target.writestr(info.filename, data)
            target.writestr("xl/sharedStrings.xml", shared)
        return out.getvalue()

    book = Workbook()
    book.active["A1"].number_format = "yyyy-mm-dd"  # style 1 is a date format
    path = tmp_path / "excel.xlsx"
    path.write_bytes(excel_like(with_sheet_in(book, sheet_xml(rows))))
    read = assert_read_as_calamine_does(path, exact_padding=False)
    assert read[1][1][:4] == ["Dewi Lestari", 2.0, "x&y", dt.date(2023, 3, 15)]
    assert read[2][1][:3] == ["a\rb & c", True, ""]
    prefixed = tmp_path / "prefixed.xlsx"
    prefixed.write_bytes(with_prefix(path.read_bytes()))
    assert list(SheetRows(prefixed)) == read


def with_sheet_in(book: Workbook, xml: bytes) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return rewrite_sheet(buffer.getvalue(), lambda _old: xml)


def test_cells_and_rows_without_references_are_placed_as_excel_does(tmp_path):
    xml = sheet_xml(
        "<row><c><v>1</v></c><c><v>2</v></c></row>"
        '<row><c r="C2"><v>3</v></c><c><v>4</v></c></row>'
        '<row r="5"><c><v>5</v></c></row>'
    )
    path = tmp_path / "tanpa-alamat.xlsx"
    path.write_bytes(with_sheet(xml))
    rows = assert_read_as_calamine_does(path, exact_padding=False)
    assert unpadded(rows) == [
        (1, [1.0, 2.0]),
        (2, ["", "", 3.0, 4.0]),
        (3, []),
        (4, []),
        (5, [5.0]),
    ]


def test_a_sheet_starting_further_right_keeps_excel_columns(tmp_path):
    book = Workbook()
    book.active["C3"] = "NIP"
    book.active["D3"] = "NAMA"
    rows = list(SheetRows(save(book, tmp_path)))
    # calamine would give ["NIP", "NAMA"]: here position 0 is column A, as in Excel.
    assert rows == [(1, ["", "", "", ""]), (2, ["", "", "", ""]), (3, ["", "", "NIP", "NAMA"])]


def test_rows_out_of_order_are_refused_with_a_way_out(tmp_path):
    xml = sheet_xml(
        '<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>'
    )
    path = tmp_path / "acak.xlsx"
    path.write_bytes(with_sheet(xml))
    with pytest.raises(FileProblem, match="baris 1 muncul setelah baris 2.*simpan ulang"):
        list(SheetRows(path))


def sheet_of(rows: int, *, far_cell: str = "") -> bytes:
    """A plain sheet of `rows` rows written fast (no openpyxl): NIP, name, date, number."""
    body = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{198600000000000000 + n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>Pegawai {n}</t></is></c>'
        f'<c r="C{n}" s="1"><v>{30000 + n % 9000}</v></c><c r="D{n}"><v>{n}</v></c></row>'
        for n in range(1, rows + 1)
    )
    book = Workbook()
    book.active["A1"].number_format = "yyyy-mm-dd"
    return with_sheet_in(book, sheet_xml(body + far_cell))


def test_a_far_cell_deep_in_a_large_sheet_is_refused_before_anything_is_allocated(tmp_path):
    """The first block of the sheet (read when the file is opened) looks ordinary; the cell
    at XFD1048576 comes after 30,000 rows. It is refused when met, without the 17 billion
    cells calamine allocated (issue #693) or anything near."""
    path = tmp_path / "bom-dalam.xlsx"
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path.write_bytes(sheet_of(30_000, far_cell=far))
    rows = SheetRows(path)  # opening reads the first block only: the far cell is not in it
    tracemalloc.start()
    try:
        with pytest.raises(FileProblem, match="berisi sel sampai 1.048.576 baris"):
            for _row in rows:
                pass
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 << 20


def test_the_row_limit_is_enforced_while_reading(tmp_path, settings):
    settings.IMPORT_SHEET_MAX_ROWS = 100
    path = tmp_path / "panjang.xlsx"
    path.write_bytes(sheet_of(20_000))
    with pytest.raises(FileProblem, match="berisi sel sampai .* baris x 4 kolom; batasnya 100"):
        list(SheetRows(path))


def test_memory_does_not_grow_with_the_sheet(tmp_path):
    peaks = []
    for rows in (20_000, 80_000):
        path = tmp_path / f"pegawai-{rows}.xlsx"
        path.write_bytes(sheet_of(rows))
        tracemalloc.start()
        try:
            count = sum(1 for _row in SheetRows(path))
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert count == rows
    # Four times the rows (7 MB more XML), at most a block or two more memory in flight;
    # calamine holds the whole sheet, four times as much.
    assert peaks[1] < peaks[0] + (3 << 20), peaks


def test_total_is_known_before_reading(tmp_path):
    declared = save(workbook_of_every_kind(), tmp_path)
    assert SheetRows(declared).total == 12  # openpyxl declares A1:H12 (the styled C12)
    path = tmp_path / "tanpa-dimensi.xlsx"
    path.write_bytes(sheet_of(20_000))
    with zipfile.ZipFile(path) as archive:
        assert b"<dimension" not in archive.read("xl/worksheets/sheet1.xml")
    # Without a declared dimension: an estimate from the first block of the sheet.
    assert 0.9 * 20_000 < SheetRows(path).total < 1.1 * 20_000
