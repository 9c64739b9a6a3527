"""Refusing an .xlsx that would crash or exhaust a reader.

python-calamine builds the whole rectangle between a sheet's first and last cell in memory,
and sizes it from the sheet's declared dimension too. A 2 KB file with cells at A1 and
XFD1048576 makes it allocate 17 billion cells and abort the process (calamine issue #693):
not a Python exception, so nothing could catch it and the worker died. Here the zip and the
first sheet's XML are read as a stream, without trusting what they declare: the members'
real uncompressed sizes and compression ratios, the declared dimension, and the rows and
columns the cells really occupy. Limits are settings (IMPORT_SHEET_*, IMPORT_XLSX_*).

The import's own reader (`xlsx_stream`) no longer uses calamine: it makes these checks
with the helpers below while it reads, in the same pass. `check` is the whole pass on its
own, for telling whether a failed batch's file is one the reader refuses."""

from __future__ import annotations

import functools
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.parsers import expat

from django.conf import settings

_BLOCK = 1 << 20
# Below this size a member may compress as well as it likes (a tiny sheet of blanks does).
_RATIO_FLOOR = 1 << 20
_SMALL_PART = 10 << 20  # workbook.xml and its relationships are tiny in real files
_REF = re.compile(rb"([A-Z]{1,4})([0-9]{1,8})")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s[^>]*?ref="([A-Z0-9:$]+)"')
# A cell whose first attribute is not its reference (or another element starting "<c").
_CELL_WITHOUT_REF_FIRST = re.compile(rb'<c(?! r=")')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*?\b\w+:id=\"([^\"]+)\"")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\s([^>]*)>")
_ATTRIBUTE = re.compile(rb'(\w+)="([^"]*)"')


class FileProblem(Exception):
    """The file as a whole cannot be imported; str(error) is the message for the user."""


@dataclass(frozen=True)
class SheetLimits:
    max_rows: int
    max_columns: int
    max_cells: int
    max_uncompressed_bytes: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> SheetLimits:
        return cls(
            max_rows=settings.IMPORT_SHEET_MAX_ROWS,
            max_columns=settings.IMPORT_SHEET_MAX_COLUMNS,
            max_cells=settings.IMPORT_SHEET_MAX_CELLS,
            max_uncompressed_bytes=settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES,
            max_ratio=settings.IMPORT_XLSX_MAX_RATIO,
        )


@dataclass
class Extent:
    """The rows and columns a sheet's cells occupy (1-based, as Excel counts them)."""

    rows: int = 0
    columns: int = 0


def open_workbook(path: Path) -> tuple[zipfile.ZipFile, set[str]]:
    """The file as an open zip and its members' names; FileProblem unless it is a zip that
    holds a workbook. The caller closes the zip."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileProblem("Berkas .xlsx rusak atau bukan berkas Excel.") from exc
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        archive.close()
        raise FileProblem("Berkas zip ini bukan buku kerja Excel (.xlsx).")
    return archive, names


def check(path: Path, limits: SheetLimits) -> Extent:
    """Raise FileProblem unless the workbook's first sheet fits the limits; return its
    real extent. Reads the zip as a stream: memory stays at a few megabytes."""
    archive, names = open_workbook(path)
    with archive:
        check_archive(archive, limits)
        try:
            extent = Extent()
            for sheet in _first_sheets(archive, names):
                found = _scan_sheet(archive, sheet, limits)
                extent.rows = max(extent.rows, found.rows)
                extent.columns = max(extent.columns, found.columns)
            if "xl/sharedStrings.xml" in names:
                for _block in stream(archive, "xl/sharedStrings.xml", limits):
                    pass
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
            raise FileProblem("Berkas .xlsx rusak atau bukan berkas Excel.") from exc
    return extent


@functools.lru_cache(maxsize=1024)
def column_number(letters: str | bytes) -> int:
    """'A' -> 1, 'Z' -> 26, 'AA' -> 27, 'XFD' -> 16384."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def too_large(limits: SheetLimits, rows: int, columns: int, *, declared: bool) -> str | None:
    what = "menyatakan ukuran" if declared else "berisi sel sampai"
    size = f"{rows:,} baris x {columns:,} kolom".replace(",", ".")
    advice = (
        " Salin hanya tabel datanya ke buku kerja baru (tanpa sel kosong yang diformat jauh "
        "di bawah atau di kanan), simpan, lalu unggah lagi."
    )
    if rows > limits.max_rows or columns > limits.max_columns:
        return (
            f"Lembar kerja pertama {what} {size}; batasnya {limits.max_rows:,} baris dan "
            f"{limits.max_columns:,} kolom. Berkas tidak dibaca.".replace(",", ".")
            + advice
        )
    if rows * columns > limits.max_cells:
        return (
            f"Lembar kerja pertama {what} {size} = {rows * columns:,} sel; batasnya "
            f"{limits.max_cells:,} sel. Berkas tidak dibaca.".replace(",", ".")
            + advice
        )
    return None


def check_archive(archive: zipfile.ZipFile, limits: SheetLimits) -> None:
    """Refuse a zip whose members declare too much, in all or for their compressed size."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise _bomb(info.file_size, info.compress_size)
    if total > limits.max_uncompressed_bytes:
        raise _too_big(total, limits)


def _bomb(size: int, compressed: int) -> FileProblem:
    return FileProblem(
        f"Isi berkas .xlsx dimampatkan secara tidak wajar (rasio {size // max(compressed, 1):,}:1)"
        "; berkas ditolak demi keamanan server. Simpan ulang berkas dari Excel lalu unggah "
        "lagi.".replace(",", ".")
    )


def _too_big(size: int, limits: SheetLimits) -> FileProblem:
    return FileProblem(
        f"Isi berkas .xlsx terlalu besar setelah dibuka (lebih dari "
        f"{limits.max_uncompressed_bytes / 1_048_576:.0f} MB); bagi berkas menjadi beberapa "
        "bagian."
    )


def stream(archive: zipfile.ZipFile, name: str, limits: SheetLimits) -> Iterator[bytes]:
    """The member's bytes in blocks, counting what it really holds (not what it declares)."""
    compressed = max(archive.getinfo(name).compress_size, 1)
    size = 0
    with archive.open(name) as member:
        for block in iter(lambda: member.read(_BLOCK), b""):
            size += len(block)
            if size > limits.max_uncompressed_bytes:
                raise _too_big(size, limits)
            if size > _RATIO_FLOOR and size > limits.max_ratio * compressed:
                raise _bomb(size, compressed)
            yield block


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        return member.read(_SMALL_PART)


def first_sheet(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The first sheet's member as calamine finds it (workbook order, relationships), or
    None when that cannot be resolved."""
    first = _SHEET.search(_small_part(archive, "xl/workbook.xml"))
    rels = "xl/_rels/workbook.xml.rels"
    if first and rels in names:
        for match in _RELATIONSHIP.finditer(_small_part(archive, rels)):
            attributes = dict(_ATTRIBUTE.findall(match.group(1)))
            if attributes.get(b"Id") == first.group(1):
                target = attributes.get(b"Target", b"").decode("utf-8", "replace")
                member = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else str(PurePosixPath("xl") / target)
                )
                if member in names:
                    return member
    return None


def _first_sheets(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    """The first sheet's member; every worksheet when it cannot be resolved, so nothing
    goes unchecked."""
    member = first_sheet(archive, names)
    if member is not None:
        return [member]
    return sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def _scan_sheet(archive: zipfile.ZipFile, name: str, limits: SheetLimits) -> Extent:
    blocks = stream(archive, name, limits)
    head = b""
    for block in blocks:
        head += block
        if b"<sheetData" in head or b":sheetData" in head or len(head) > _BLOCK:
            break
    refuse_declared(head, limits)
    # Writers put `r` first on every cell (Excel, LibreOffice, openpyxl, SIASN): then plain
    # byte scans find the extent fast. Anything else gets an exact XML parse.
    if b"<sheetData" in head:
        extent = _scan_fast(head, blocks, limits)
        if extent is not None:
            return extent
        blocks = stream(archive, name, limits)
        head = b""
    return _scan_exact(head, blocks, limits)


def declared_dimension(head: bytes) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) the sheet's <dimension> declares
    (1-based), or None without a readable one."""
    dimension = _DIMENSION.search(head)
    if not dimension:
        return None
    parts = dimension.group(1).replace(b"$", b"").split(b":")
    corners = [match for match in map(_REF.search, parts) if match is not None]
    if not corners or len(corners) != len(parts):
        return None
    rows = [int(corner.group(2)) for corner in corners]
    columns = [column_number(corner.group(1)) for corner in corners]
    return min(rows), min(columns), max(rows), max(columns)


def refuse_declared(head: bytes, limits: SheetLimits) -> tuple[int, int, int, int] | None:
    """Raise FileProblem if the head of a sheet declares a dimension over the limits;
    return the declared dimension (see `declared_dimension`)."""
    declared = declared_dimension(head)
    if declared is not None:
        first_row, first_column, last_row, last_column = declared
        problem = too_large(
            limits, last_row - first_row + 1, last_column - first_column + 1, declared=True
        )
        if problem:
            raise FileProblem(problem)
    return declared


def _scan_fast(head: bytes, blocks: Iterator[bytes], limits: SheetLimits) -> Extent | None:
    """The extent from byte scans, or None if the sheet is not written the common way
    (a cell without `r` first, cells out of order): then the exact parse decides."""
    extent = Extent()
    carry = head[head.index(b"<sheetData") :]
    for block in itertools.chain([b""], blocks):
        data = carry + block
        cut = data.rfind(b"</row>")
        if cut < 0:
            carry = data
            continue
        chunk, carry = data[: cut + 6], data[cut + 6 :]
        if _CELL_WITHOUT_REF_FIRST.search(chunk):
            return None
        for row in chunk.split(b"</row>"):
            at = row.rfind(b'<c r="')
            if at < 0:
                continue
            ref = _REF.match(row, at + 6)
            if ref is None:
                return None
            extent.rows = max(extent.rows, int(ref.group(2)))
            extent.columns = max(extent.columns, column_number(ref.group(1)))
        # A row's last cell is its widest and lowest only when cells are in order: any cell
        # beyond what the last cells showed sends the sheet to the exact parse.
        if _beyond(extent.rows, extent.columns).search(chunk):
            return None
        problem = too_large(limits, extent.rows, extent.columns, declared=False)
        if problem:
            raise FileProblem(problem)
    if b"<c" in carry:
        return None  # a cell after the last closed row: not the common layout
    return extent


def _greater(number: int, digits: str, base: int, width: str) -> str:
    """A regex for the numerals (in `digits`, most significant first) greater than
    `number`: longer ones, or as long and larger at the first differing place."""
    numeral = ""
    while number:
        number, rest = divmod(number, base) if base == 10 else divmod(number - 1, base)
        numeral = digits[rest] + numeral
    first = "[1-9]" if base == 10 else width
    options = [f"{first}{width}{{{len(numeral)},}}"]
    for i, place in enumerate(numeral):
        higher = digits[digits.index(place) + 1 :]
        if higher:
            options.append(
                re.escape(numeral[:i])
                + f"[{higher[0]}-{higher[-1]}]"
                + width * (len(numeral) - i - 1)
            )
    return "(?:" + "|".join(options) + ")"


@functools.lru_cache(maxsize=64)
def _beyond(rows: int, columns: int) -> re.Pattern[bytes]:
    """A cell reference below row `rows` or right of column `columns`."""
    letters = _greater(columns, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 26, "[A-Z]")
    numbers = _greater(rows, "0123456789", 10, "[0-9]")
    return re.compile(f'<c r="(?:{letters}[0-9]|[A-Z]+{numbers}")'.encode())


class _Stop(Exception):
    pass


def _scan_exact(head: bytes, blocks: Iterator[bytes], limits: SheetLimits) -> Extent:
    """Follow the sheet's rows and cells as the reader would (a cell or row without a
    reference comes after the previous one), stopping as soon as a limit is passed."""
    extent = Extent()
    position = {"row": 0, "column": 0}
    problem: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition("}")[2]
        if local == "row":
            reference = attributes.get("r", "")
            position["row"] = int(reference) if reference.isdigit() else position["row"] + 1
            position["column"] = 0
        elif local == "c":
            match = _REF.fullmatch(attributes.get("r", "").encode())
            if match:
                position["column"] = column_number(match.group(1))
                position["row"] = int(match.group(2))
            else:
                position["column"] += 1
        else:
            return
        extent.rows = max(extent.rows, position["row"])
        extent.columns = max(extent.columns, position["column"])
        found = too_large(limits, extent.rows, extent.columns, declared=False)
        if found:
            problem.append(found)
            raise _Stop

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    try:
        for block in itertools.chain([head], blocks):
            parser.Parse(block, False)
        parser.Parse(b"", True)
    except _Stop:
        raise FileProblem(problem[0]) from None
    except expat.ExpatError as exc:
        raise FileProblem(f"Berkas .xlsx rusak (XML lembar kerja tidak valid: {exc}).") from exc
    return extent
