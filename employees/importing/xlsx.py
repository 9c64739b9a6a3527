"""Spreadsheets of the import: templates and error files (the general, formula-safe writer
is core.spreadsheets)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from agencies.models import Instansi
from core.spreadsheets import HEADER_FILL, HEADER_FONT, cell_value, neutralise, write_table

from . import cells
from .engine import read_data_rows
from .kinds import ImportKind
from .reader import HeaderMap

_ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")


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
        head.font, head.fill = HEADER_FONT, HEADER_FILL
        example = sheet.cell(row=2, column=index, value=cell_value(column.example))
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
        lists.cell(row=1, column=list_column, value=column.header).font = HEADER_FONT
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=list_column, value=neutralise(value))
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
