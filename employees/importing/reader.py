"""Reading .xlsx and .csv files into rows, and finding the header row in messy sheets.

An .xlsx is read as a stream (`xlsx_stream`): its first sheet's XML, block by block, with
the values python-calamine gives, in memory that does not grow with the sheet, and with the
hostile-file limits of `sheet_guard` enforced as the cells are met. CSV goes through the
standard library after sniffing the encoding and the delimiter."""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from . import read_ahead, sheet_guard, xlsx_stream
from .sheet_guard import FileProblem, SheetLimits

# How far down a title block may push the header row.
HEADER_SEARCH_ROWS = 30
# CSV delimiters agencies' files use (SIASN exports vary); the sample they are judged on.
CSV_DELIMITERS = (",", ";", "\t", "|")
CSV_SNIFF_CHARS = 64 * 1024
CSV_SNIFF_LINES = 50
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Old Excel (.xls) and files often uploaded by mistake (PDF, images), by their first bytes:
# they are refused by name, not decoded as a Windows-1252 "CSV".
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf")


def sniff_kind(head: bytes) -> str:
    """'xlsx' or 'csv' from the file's first bytes (its content, not its name)."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(_UTF16_BOMS):
        return "csv"  # Excel's "Unicode Text": UTF-16, usually tab-separated
    if head.startswith(_OLE2):
        raise FileProblem(
            "Berkas .xls (Excel 97-2003) tidak dapat dibaca; buka di Excel lalu simpan "
            "sebagai .xlsx (Excel Workbook) atau CSV UTF-8."
        )
    if b"\x00" in head or head.startswith(_BINARY_SIGNATURES):
        raise FileProblem("Berkas bukan .xlsx atau .csv (isinya biner).")
    return "csv"


def check_xlsx(path: Path) -> None:
    """A zip file is only an .xlsx if it holds a workbook, and it is only read if its
    first sheet fits the limits (see `sheet_guard`): a full pass over the sheet."""
    sheet_guard.check(path, SheetLimits.from_settings())


def refuse_unreadable(path: Path) -> None:
    """Raise FileProblem if the file is of no kind we read or is an .xlsx the sheet guard
    refuses: the checks SheetRows makes while it reads, made here over the whole file
    without keeping any row (for a batch that failed, to tell a refused file)."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if sniff_kind(head) == "xlsx":
        check_xlsx(path)


class SheetRows:
    """The rows of the first sheet or of the CSV file, as (Excel row number, cells).

    `total` is known before iterating, for the progress bar: for CSV the number of lines;
    for .xlsx the last row the sheet declares (<dimension>), or an estimate from the first
    block of the sheet when it declares none (see `xlsx_stream.SheetStream`). An .xlsx over
    the limits is refused (FileProblem) when opened if its declared dimension or its first
    block shows it, else while iterating, at the first cell past a limit."""

    def __init__(self, path: Path):
        self.path = path
        with open(path, "rb") as handle:
            head = handle.read(4096)
        self.kind = sniff_kind(head)
        if self.kind == "xlsx":
            self._sheet = xlsx_stream.SheetStream(path, SheetLimits.from_settings())
            self.total = self._sheet.total
        else:
            self.encoding = csv_encoding(path)
            self.delimiter = csv_delimiter(path, self.encoding)
            with open(path, "rb") as handle:
                self.total = sum(
                    block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")
                )

    def __iter__(self) -> Iterator[tuple[int, list]]:
        if self.kind == "xlsx":
            if self._read_ahead():
                return read_ahead.rows(self._sheet.__iter__)
            return iter(self._sheet)
        return self._csv_rows()

    def _read_ahead(self) -> bool:
        """A large .xlsx is read in a second process (read_ahead), where the platform can."""
        least = settings.IMPORT_READ_AHEAD_MIN_BYTES
        return 0 <= least <= self.path.stat().st_size and read_ahead.available()

    def _csv_rows(self) -> Iterator[tuple[int, list]]:
        with open(self.path, encoding=self.encoding, newline="") as handle:
            try:
                yield from enumerate(csv.reader(handle, delimiter=self.delimiter), start=1)
            except csv.Error as exc:
                raise FileProblem(f"Berkas CSV rusak: {exc}") from exc


def csv_encoding(path: Path) -> str:
    """The file's text encoding: UTF-16 when it starts with its BOM; UTF-8 (BOM or not)
    when the whole file decodes as UTF-8; else Windows-1252, what Excel's plain "CSV" writes
    on an Indonesian Windows; else Latin-1, which decodes any byte."""
    with open(path, "rb") as handle:
        if handle.read(4).startswith(_UTF16_BOMS):
            return "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        if _decodes(path, encoding):
            return encoding
    return "latin-1"


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as handle:
        try:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def csv_delimiter(path: Path, encoding: str) -> str:
    """The delimiter among , ; tab | that splits the first lines most consistently.

    A title line ("DAFTAR PEGAWAI, KEADAAN PER 1-1-2025") or a name with a comma must not
    decide it: each candidate is scored by how many of the sample's lines it splits into
    the same number (two or more) of fields, quotes respected."""
    with open(path, encoding=encoding, newline="") as handle:
        sample = handle.read(CSV_SNIFF_CHARS)
    lines = sample.splitlines()
    if len(sample) == CSV_SNIFF_CHARS and len(lines) > 1:
        lines.pop()  # probably cut in the middle
    lines = [line for line in lines if line.strip()][:CSV_SNIFF_LINES]
    best, best_score = ",", (0, 0)
    for delimiter in CSV_DELIMITERS:
        widths = Counter(len(fields) for fields in csv.reader(lines, delimiter=delimiter))
        width, agreeing = max(
            ((w, n) for w, n in widths.items() if w >= 2), key=lambda item: item[1], default=(0, 0)
        )
        score = (agreeing, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def header_key(value: object) -> str:
    """'Gol. Ruang', 'GOL/RUANG' and ' gol ruang ' all become 'GOL RUANG'."""
    return re.sub(r"[^0-9A-Z]+", " ", str(value or "").upper()).strip()


class HeaderNotFound(FileProblem):
    """No row among the top ones names two known columns. `candidate` is the row most
    likely to be the header (None if the top rows are blank or single cells): the admin
    can say on the mapping screen what its columns are, and the file is read again."""

    def __init__(self, message: str, candidate: HeaderMap | None):
        super().__init__(message)
        self.candidate = candidate


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
    top: list[tuple[int, list]] = []  # the rows searched, for the mapping screen
    for number, row in rows:
        if number > HEADER_SEARCH_ROWS:
            break
        top.append((number, row))
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
        return HeaderMap(number, positions, labels, unknown, _written(row))
    raise HeaderNotFound(
        "Baris judul kolom tidak ditemukan di "
        f"{HEADER_SEARCH_ROWS} baris pertama; pastikan ada kolom {', '.join(required)}.",
        _likeliest_header(top, aliases),
    )


def _written(row: list) -> list[str]:
    """The cells as written, trailing blanks removed."""
    written = [str(c).strip() if c is not None else "" for c in row]
    while written and not written[-1]:
        written.pop()
    return written


def _likeliest_header(top: list[tuple[int, list]], aliases: dict[str, str]) -> HeaderMap | None:
    """The top row with the most text cells (a header names every column; a title row
    has one cell, data rows have numbers and dates), mapped as far as the aliases go."""
    best: tuple[int, list] | None = None
    best_count = 1  # a one-cell row is a title, not a header
    for number, row in top:
        count = sum(1 for c in row if isinstance(c, str) and c.strip())
        if count > best_count:
            best, best_count = (number, row), count
    if best is None:
        return None
    number, row = best
    positions: dict[int, str] = {}
    labels: dict[str, str] = {}
    for i, cell in enumerate(row):
        name = aliases.get(header_key(cell))
        if name is not None and name not in labels:
            positions[i] = name
            labels[name] = str(cell).strip()
    return HeaderMap(number, positions, labels, [], _written(row))
