"""Turning one spreadsheet cell into a Python value, or a clear Indonesian message.

Pure functions, no Django: the readers hand over what the file holds (text from CSV; text,
numbers, dates from .xlsx) and these decide what it means. A parser raises CellError with
the message the user will read next to the row and column."""

from __future__ import annotations

import datetime as dt
import re

from core.spreadsheets import FORMULA_START

from .. import nip as nip_rules

# Excel's day zero for serial dates (the 1900 leap-year bug is why it is the 30th).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# How a long number looks after Excel or a CSV export turned it into scientific notation.
_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?[eE]\+?\d+$")


class CellError(ValueError):
    """The cell cannot be used; str(error) is the message for the user."""


def text(value: object) -> str:
    """Cell text with stray spaces removed. A leading apostrophe that our own export put in
    front of = + - @ (formula neutralisation) is taken off again, so exports re-import."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Runs of whitespace become one space, ends trimmed: split() and strip() know the same
    # whitespace as the regex \s (str.isspace), and this is ~3x faster per cell.
    result = " ".join(str(value).split())
    if len(result) > 1 and result[0] == "'" and result[1] in FORMULA_START:
        result = result[1:]
    return result


def nip(value: object) -> str:
    """The NIP as digits. A cell Excel stored as a number has already lost digits (an
    18-digit number does not fit a float): that is reported, never repaired."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError(
            "NIP tersimpan sebagai angka sehingga digitnya hilang; format kolom NIP sebagai "
            "teks lalu ketik ulang NIP-nya."
        )
    raw = text(value).lstrip("'")  # SIASN's apostrophe that keeps Excel off the digits
    if _SCIENTIFIC.match(raw):
        raise CellError(
            f"NIP tertulis sebagai angka ilmiah ({raw}) sehingga digitnya hilang; format kolom "
            "NIP sebagai teks lalu ketik ulang NIP-nya."
        )
    return nip_rules.normalise(raw)


def date(value: object) -> dt.date | None:
    """A date from an Excel date cell, an Excel serial number, or text written
    dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy or yyyy-mm-dd. Blank is None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 80_000:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(f"Angka {value} bukan tanggal Excel yang valid.")
    raw = text(value)
    if not raw:
        return None
    # Text from a datetime cell exported by other tools: "2020-01-31 00:00:00".
    if len(raw) > 10 and raw[10] in " T":
        raw = raw[:10]
    match = _DMY.match(raw)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _YMD.match(raw)
        if not match:
            raise CellError(
                f"Tanggal '{raw}' tidak dikenali; tulis dd-mm-yyyy, dd/mm/yyyy atau yyyy-mm-dd."
            )
        year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(f"Tanggal '{raw}' tidak ada di kalender.") from exc
