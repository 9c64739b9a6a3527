"""Spreadsheets Merit hands out: import templates, error files and exports.

openpyxl in write-only mode streams rows to disk, so a 100k-row export stays small in
memory. Every text cell goes through cells.neutralise (formula injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from agencies.models import Instansi

from . import cells
from .engine import read_data_rows
from .kinds import ImportKind
from .reader import HeaderMap

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")


def _cell_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date()
    return cells.neutralise(value)


def template(kind: type[ImportKind], instansi: Instansi | None = None) -> bytes:
    """An .xlsx with the kind's headers, one example row and drop-down lists for the
    columns with a fixed set of values (kept on a second sheet, "Daftar", so long lists
    such as the agency's units fit). Text columns are formatted as text, so Excel keeps a
    NIP's 18 digits."""
    book = Workbook()
    sheet = book.active
    sheet.title = kind.key[:31]
    lists = book.create_sheet("Daftar")
    choices = kind.choices(instansi)
    list_column = 0
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        head = sheet.cell(row=1, column=index, value=column.header)
        head.font, head.fill = _HEADER_FONT, _HEADER_FILL
        example = sheet.cell(row=2, column=index, value=_cell_value(column.example))
        is_date = column.parse is cells.date
        example.number_format = "DD-MM-YYYY" if is_date else "@"
        sheet.column_dimensions[letter].width = column.width
        if not is_date:
            # Blank rows below the example keep text format too (NIPs!).
            for row in range(3, 201):
                sheet.cell(row=row, column=index).number_format = "@"
        values = choices.get(column.field)
        if not values:
            continue
        list_column += 1
        list_letter = get_column_letter(list_column)
        lists.cell(row=1, column=list_column, value=column.header).font = _HEADER_FONT
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=list_column, value=cells.neutralise(value))
        validation = DataValidation(
            type="list",
            formula1=f"Daftar!${list_letter}$2:${list_letter}${len(values) + 1}",
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle="Nilai tidak valid",
            error=f"Pilih salah satu nilai dari daftar kolom {column.header}.",
        )
        validation.add(f"{letter}2:{letter}10000")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], *, text_columns: Sequence[int] = ()
) -> bytes:
    """An .xlsx with one header row and the rows (dates as real dates, text neutralised)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.freeze_panes = "A2"
    header_cells = []
    for name in headers:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        header_cells.append(cell)
    sheet.append(header_cells)
    text_set = set(text_columns)
    for row in rows:
        out = []
        for index, value in enumerate(row):
            value = _cell_value(value)
            if index in text_set or isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "@" if index in text_set else "DD-MM-YYYY"
                out.append(cell)
            else:
                out.append(value)
        sheet.append(out)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_csv(
    headers: Sequence[str], rows: Iterable[Sequence[object]], *, text_columns: Sequence[int] = ()
) -> bytes:
    """UTF-8 CSV with a BOM (so Excel reads the accents), dates as dd-mm-yyyy.

    Identifiers in `text_columns` (NIP, NIK) are written as SIASN writes them, with a
    leading apostrophe: a spreadsheet program opening the file keeps them as text instead of
    turning 18 digits into 1,98E+17 (and destroying them when the file is saved). Our import
    takes the apostrophe off again."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    text_set = set(text_columns)
    for row in rows:
        writer.writerow(
            [_csv_value(value, as_text=index in text_set) for index, value in enumerate(row)]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value: object, *, as_text: bool) -> object:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if as_text:
        return "'" + str(value)
    return cells.neutralise(value)


def error_file(kind: type[ImportKind], path: Path, errors: list[list]) -> bytes:
    """The failing rows of the file as uploaded, with their header and a KESALAHAN column
    (row number and message), so the user can fix them and upload this file again."""
    by_row: dict[int, list[str]] = {}
    for number, column, message in errors:
        by_row.setdefault(number, []).append(f"{column}: {message}")
    header, data, _total = read_data_rows(kind, path)
    width = _header_width(header)

    def rows() -> Iterable[list]:
        for number, raw in data:
            if number in by_row:
                cells_ = list(raw[:width]) + [""] * (width - len(raw))
                yield [*cells_, f"Baris {number}: " + "; ".join(by_row[number])]

    headers = [*header.raw, "KESALAHAN"]
    nip_positions = [i for i, name in header.positions.items() if name == kind.key_column]
    return write_table(headers, rows(), text_columns=nip_positions)


def _header_width(header: HeaderMap) -> int:
    return len(header.raw)
