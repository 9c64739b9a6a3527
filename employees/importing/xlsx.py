"""Spreadsheets of the import: templates and error files (the general, formula-safe writer
is core.spreadsheets)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from agencies.models import Instansi
from core.spreadsheets import HEADER_FILL, HEADER_FONT, cell_value, neutralise

from . import cells
from .engine import read_data_rows
from .kinds import ImportKind
from .models import ImportBatch
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
    template_columns = [column for column in kind.columns if column.in_template]
    for index, column in enumerate(template_columns, start=1):
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


def error_file(
    kind: type[ImportKind],
    path: Path,
    errors: Iterable[Sequence[Any]],
    batch: ImportBatch | None = None,
) -> bytes:
    """The failing rows of the file as uploaded, with their header and a KESALAHAN column
    (row number and messages), each bad cell filled red with its message as a comment, so
    the user can fix them and upload this file again."""
    by_row: dict[int, list[str]] = {}
    by_cell: dict[int, dict[str, list[str]]] = {}
    for number, column, message in errors:
        by_row.setdefault(number, []).append(f"{column}: {message}")
        by_cell.setdefault(number, {}).setdefault(column, []).append(message)
    header, data, _total = read_data_rows(kind, path, batch)
    width = _header_width(header)
    position_of = {header.labels[name]: i for i, name in header.positions.items()}
    text_positions = {i for i, name in header.positions.items() if name == kind.key_column}

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kesalahan")
    sheet.freeze_panes = "A2"
    heads = []
    for name in [*header.raw, "KESALAHAN"]:
        cell = WriteOnlyCell(sheet, value=neutralise(name))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        heads.append(cell)
    sheet.append(heads)
    for number, raw in data:
        if number not in by_row:
            continue
        values = list(raw[:width]) + [""] * (width - len(raw))
        bad = {
            position_of[column]: messages
            for column, messages in by_cell[number].items()
            if column in position_of
        }
        out = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value=cell_value(value))
            if index in text_positions:
                cell.number_format = "@"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "DD-MM-YYYY"
            if index in bad:
                cell.fill = _ERROR_FILL
                cell.comment = Comment("\n".join(bad[index]), "Merit", width=300, height=120)
            out.append(cell)
        out.append(f"Baris {number}: " + " ".join(_sentence(text) for text in by_row[number]))
        sheet.append(out)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sentence(text: str) -> str:
    """Messages are sentences ("... tidak dikenal; ... diterima: L, P."): joined with a
    space, each ending in its own full stop."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _header_width(header: HeaderMap) -> int:
    return len(header.raw)
