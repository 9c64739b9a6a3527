"""Reading .xlsx and .csv files into rows, and finding the header row in messy sheets.

python-calamine (Rust) reads .xlsx many times faster than openpyxl and keeps little in
memory; CSV goes through the standard library after sniffing the encoding and delimiter."""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

# How far down a title block may push the header row.
HEADER_SEARCH_ROWS = 30


class FileProblem(Exception):
    """The file as a whole cannot be imported; str(error) is the message for the user."""


def sniff_kind(head: bytes) -> str:
    """'xlsx' or 'csv' from the file's first bytes (its content, not its name)."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if b"\x00" in head:
        raise FileProblem("Berkas bukan .xlsx atau .csv (isinya biner).")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is fine.
        if exc.start < len(head) - 4:
            raise FileProblem(
                "Berkas CSV harus berkodekan UTF-8; simpan ulang sebagai 'CSV UTF-8'."
            ) from exc
    return "csv"


def check_xlsx(path: Path) -> None:
    """A zip file is only an .xlsx if it holds a workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise FileProblem("Berkas .xlsx rusak atau bukan berkas Excel.") from exc
    if "xl/workbook.xml" not in names:
        raise FileProblem("Berkas zip ini bukan buku kerja Excel (.xlsx).")


class SheetRows:
    """The rows of the first sheet or of the CSV file, as (Excel row number, cells).

    `total` is the number of rows (blank ones included), known before iterating, for the
    progress bar."""

    def __init__(self, path: Path):
        self.path = path
        with open(path, "rb") as handle:
            head = handle.read(4096)
        self.kind = sniff_kind(head)
        if self.kind == "xlsx":
            check_xlsx(path)
            try:
                workbook = python_calamine.CalamineWorkbook.from_path(str(path))
                self._sheet = workbook.get_sheet_by_index(0)
            except python_calamine.CalamineError as exc:
                raise FileProblem(f"Berkas .xlsx tidak dapat dibaca: {exc}") from exc
            end = self._sheet.end
            self.total = end[0] + 1 if end and self._sheet.height else 0
        else:
            self._head = head
            with open(path, "rb") as handle:
                self.total = sum(
                    block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")
                )

    def __iter__(self) -> Iterator[tuple[int, list]]:
        if self.kind == "xlsx":
            # iter_rows starts at the sheet's first row even when it is empty, so the
            # position is the row number the user sees in Excel.
            return enumerate(self._sheet.iter_rows(), start=1)
        return self._csv_rows()

    def _csv_rows(self) -> Iterator[tuple[int, list]]:
        sample = self._head.decode("utf-8-sig", errors="ignore")
        first_line = sample.splitlines()[0] if sample else ""
        # Indonesian Excel writes CSV with semicolons (the comma is the decimal separator).
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        with open(self.path, encoding="utf-8-sig", newline="") as handle:
            try:
                yield from enumerate(csv.reader(handle, delimiter=delimiter), start=1)
            except UnicodeDecodeError as exc:
                raise FileProblem(
                    "Berkas CSV harus berkodekan UTF-8; simpan ulang sebagai 'CSV UTF-8'."
                ) from exc
            except csv.Error as exc:
                raise FileProblem(f"Berkas CSV rusak: {exc}") from exc


def header_key(value: object) -> str:
    """'Gol. Ruang', 'GOL/RUANG' and ' gol ruang ' all become 'GOL RUANG'."""
    return re.sub(r"[^0-9A-Z]+", " ", str(value or "").upper()).strip()


@dataclass
class HeaderMap:
    row_number: int
    # column position -> field name, for the columns we know
    positions: dict[int, str]
    # the headers as written in the file, by field name (to name columns in messages)
    labels: dict[str, str]
    unknown: list[str] = field(default_factory=list)
    # The header row's cells as written (trailing blanks removed), for the error file.
    raw: list[str] = field(default_factory=list)


def find_header(
    rows: Iterator[tuple[int, list]], aliases: dict[str, str], required: Sequence[str]
) -> HeaderMap:
    """Consume rows up to and including the header row and map its columns to fields.

    `aliases` maps header_key(alias) -> field name. The header is the first row among the
    top ones that names at least two known columns; title rows above it are skipped."""
    for number, row in rows:
        if number > HEADER_SEARCH_ROWS:
            break
        found = {i: aliases[header_key(c)] for i, c in enumerate(row) if header_key(c) in aliases}
        if len(set(found.values())) < 2:
            continue
        positions: dict[int, str] = {}
        labels: dict[str, str] = {}
        unknown: list[str] = []
        for i, cell in enumerate(row):
            name = found.get(i)
            if name is None:
                if str(cell or "").strip():
                    unknown.append(str(cell).strip())
            elif name not in labels:  # a repeated column: the first one counts
                positions[i] = name
                labels[name] = str(cell).strip()
        written = [str(c).strip() if c is not None else "" for c in row]
        while written and not written[-1]:
            written.pop()
        return HeaderMap(number, positions, labels, unknown, written)
    raise FileProblem(
        "Baris judul kolom tidak ditemukan di "
        f"{HEADER_SEARCH_ROWS} baris pertama; pastikan ada kolom {', '.join(required)}."
    )
