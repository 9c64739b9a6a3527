"""Spreadsheets Merit writes (exports of every app), safe to open in a spreadsheet program.

openpyxl in write-only mode streams rows to disk, so a 100k-row export stays small in
memory. Every text cell goes through `neutralise` (formula injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# What a spreadsheet program reads as the start of a formula. A leading TAB or CR is dropped
# by Excel and LibreOffice on import, and what follows it then runs (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters Excel refuses in a sheet's name; it also allows at most 31 characters.
_SHEET_TITLE_UNSAFE = re.compile(r"[\[\]:*?/\\]+")


def sheet_title(name: str) -> str:
    """A valid sheet name made from user text ("Pemetaan Semester I/2026")."""
    return _SHEET_TITLE_UNSAFE.sub("-", name)[:31].strip() or "Data"


def neutralise(value: object) -> object:
    """A value safe to write into a spreadsheet: text starting with = + - @ TAB or CR gets an
    apostrophe so no spreadsheet program runs it as a formula (the importer's cell reader
    takes it off again, so our exports re-import unchanged). The one neutraliser: every
    spreadsheet Merit writes, header cells included, passes its text through here."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def cell_value(value: object) -> object:
    """A value as written: datetimes as dates, text neutralised."""
    if isinstance(value, dt.datetime):
        return value.date()
    return neutralise(value)


def write_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], *, text_columns: Sequence[int] = ()
) -> bytes:
    """An .xlsx with one header row and the rows (dates as real dates, text neutralised)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.freeze_panes = "A2"
    header_cells = []
    for name in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(name))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header_cells.append(cell)
    sheet.append(header_cells)
    text_set = set(text_columns)
    for row in rows:
        out = []
        for index, value in enumerate(row):
            value = cell_value(value)
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
    turning 18 digits into 1,98E+17 (and destroying them when the file is saved). The
    importer takes the apostrophe off again."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(name) for name in headers])
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
    return neutralise(value)
