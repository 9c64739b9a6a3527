"""Reading the first sheet of an .xlsx as a stream of rows, in memory that does not grow
with the sheet.

python-calamine builds the whole sheet in memory before the first row comes out (694 MB
for 500,000 rows); this reads the sheet's XML from the zip block by block and yields each
row as soon as it is complete. Values are those python-calamine gives, so parsers and row
fingerprints see the same thing: text as str (shared and inline strings, rich text runs
joined, ASCII blanks trimmed unless xml:space="preserve", Excel's _x00HH_ escapes undone),
numbers as float, booleans, dates as datetime.date / datetime / time / timedelta when the
cell's number format is a date or duration (built-in ids 14-22 and 45-47, custom formats
by calamine's rule, 1900 or 1904 date system), and "" for empty and error cells.

Rows: (Excel row number, cells). Position 0 is column A (python-calamine starts at the
sheet's first used column: the same unless column A is empty throughout). Each row is
padded to the widest row so far (python-calamine pads all to the widest of the sheet: the
same from the header row on, as a header names every column); rows without a value
(missing from the XML or all blank) come as lists of "" so numbers stay Excel's; trailing
blank rows are not yielded. A cell holds a value when python-calamine would give it one
(a styled empty cell or a formula without a cached value widens nothing).

The hostile-file checks of `sheet_guard` are made in the same pass: the zip's declared
sizes, the declared dimension before the first row, and the real rows, columns and cells
as they are met, with the real uncompressed size and ratio of every block, so a cell at
XFD1048576 is refused before anything is allocated for it.

Two parsers give the same rows: a regular-expression scan of the cells as Excel,
LibreOffice, openpyxl and SIASN write them (`r` first, plain text values), about three
times faster than expat with Python handlers; and an expat parse for anything else
(prefixed namespaces, cells without `r`, comments, CDATA), which the scan hands over to,
from the start of the sheet, skipping the rows it already gave."""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from . import sheet_guard
from .sheet_guard import FileProblem, SheetLimits

# Number formats: what a cell's style makes of its number.
_NUMBER, _DATE, _DURATION = 0, 1, 2
_BUILTIN_FORMATS = {**dict.fromkeys((*range(14, 23), 45, 47), _DATE), 46: _DURATION}
_DAY_MS = 86_400_000
_EPOCH = dt.datetime(1899, 12, 30)
_EXCEL_1904_SHIFT = 1462
_CUT_LIMIT = 8 << 20  # text kept waiting for the end of a cell before the exact parser takes over
_DATE_MEMO_LIMIT = 16_384
_PIECE = 8 << 10  # characters of sheet XML whose cells are read at once


class _Empty:
    """A cell without a value (calamine's Empty): it neither widens nor lengthens the sheet."""


EMPTY: Any = _Empty()


class _NotCommon(Exception):
    """The sheet is not written the way the fast scan reads: the exact parser takes over."""


def _unreadable(detail: str) -> FileProblem:
    return FileProblem(f"Berkas .xlsx tidak dapat dibaca: {detail}.")


# --- values -------------------------------------------------------------------------------

_X_ESCAPE = re.compile(r"_x00([0-9A-Fa-f]{2})_")
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));|&")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_FLOAT = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)", re.I
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_TIME = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?")
_BLANKS = " \t\r\n"


def _entity(match: re.Match[str]) -> str:
    name, decimal, hexadecimal = match.groups()
    if name:
        return _NAMED[name]
    if decimal or hexadecimal:
        return chr(int(decimal, 10) if decimal else int(hexadecimal, 16))
    raise _NotCommon  # a bare & or an entity XML does not define: let expat judge


def _xml_text(raw: str) -> str:
    """Character data as an XML parser gives it: line ends normalised, entities decoded."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in raw:
        raw = _ENTITY.sub(_entity, raw)
    return raw


def _string_run(text: str, preserve: bool) -> str:
    """One <t> of a shared or inline string, as calamine reads it."""
    if not preserve:
        text = text.strip(_BLANKS)
    if "_x00" in text:
        text = _X_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def _round(value: float) -> int:
    """Half away from zero, as Rust rounds."""
    magnitude = abs(value)
    whole = math.floor(magnitude)
    if magnitude - whole >= 0.5:
        whole += 1
    return whole if value >= 0 else -whole


def excel_date(value: float, kind: int, is_1904: bool) -> Any:
    """A serial number under a date or duration format, as python-calamine converts it:
    timedelta for durations, time below 1, date when whole, else datetime; the number
    itself when the date is out of Python's range."""
    try:
        if kind == _DURATION:
            return dt.timedelta(milliseconds=_round(value * _DAY_MS))
        if value != value:  # NaN: calamine's conversion gives its epoch
            return _EPOCH
        serial = value + _EXCEL_1904_SHIFT if is_1904 else value
        if serial < 60:
            serial += 1  # Excel's 1900 leap-year bug
        ms = _round(serial * _DAY_MS)
        if value < 1.0:
            ms %= _DAY_MS
            return dt.time(ms // 3_600_000, ms // 60_000 % 60, ms // 1000 % 60, ms % 1000 * 1000)
        moment = _EPOCH + dt.timedelta(milliseconds=ms)
        return moment.date() if value.is_integer() else moment
    except (OverflowError, ValueError):
        return value


def _number(text: str, cell_type: str | None) -> Any:
    """A <v> of a numeric cell: float, or the text itself when the cell has no type."""
    if text.isascii() and (text.isdigit() or _FLOAT.fullmatch(text)):
        return float(text)
    if cell_type is None:
        return text
    raise _unreadable(f"angka tidak valid '{text[:40]}'")


def _iso(text: str) -> Any:
    """A t="d" cell (ISO 8601 text), as python-calamine reads it; the text when unreadable."""
    try:
        if "T" in text:
            day, _, clock = text.partition("T")
            time = _iso_time(clock)
            if _ISO_DATE.fullmatch(day) and time is not None:
                return dt.datetime.combine(dt.date.fromisoformat(day), time)
        elif ":" in text:
            time = _iso_time(text)
            if time is not None:
                return time
        elif _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    return text


def _iso_time(text: str) -> dt.time | None:
    match = _ISO_TIME.fullmatch(text)
    if not match:
        return None
    hour, minute, second, fraction = match.groups()
    micro = int((fraction or "0").ljust(9, "0")[:6])
    return dt.time(int(hour), int(minute), int(second or 0), micro)


def date_format_kind(code: str) -> int:
    """Whether a custom number format shows dates or durations (calamine's rule: the first
    section's unquoted, unescaped tokens; [h], [m], [s] make a duration)."""
    escaped = quoted = ampm = hms = False
    brackets = 0
    previous = " "
    for char in code:
        if escaped:
            escaped = False
        elif char in "_\\*":
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == ";":
            return _NUMBER
        elif char == "[":
            brackets += 1
        elif char == "]" and brackets == 1 and hms:
            return _DURATION
        elif char == "]":
            brackets = max(brackets - 1, 0)
        elif char in "aA" and not ampm and brackets == 0:
            ampm = True
        elif brackets == 0 and (char in "pm/PM" if ampm else char in "dmhysDMHYS"):
            return _DATE
        elif not (hms and char.lower() == previous.lower()):
            hms = previous == "[" and char in "mhsMHS"
        previous = char
    return _NUMBER


# --- the workbook around the sheet ----------------------------------------------------------


def _local(name: str) -> str:
    return name.rpartition("}")[2].rpartition(":")[2]


def _parse_small(data: bytes, start: Callable[[str, dict[str, str]], None]) -> None:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise _unreadable(f"XML tidak valid ({exc})") from exc


def _read_styles(archive: zipfile.ZipFile, names: set[str]) -> list[int]:
    """The number-format kind of every cell style (cellXfs), by style index."""
    if "xl/styles.xml" not in names:
        return []
    custom: dict[str, str] = {}
    kinds: list[int] = []
    inside = {"cellXfs": False}

    def start(name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        if local == "numFmt" and "numFmtId" in attributes and "formatCode" in attributes:
            custom[attributes["numFmtId"]] = attributes["formatCode"]
        elif local == "cellXfs":
            inside["cellXfs"] = True
        elif local == "xf" and inside["cellXfs"]:
            number_format = attributes.get("numFmtId")
            if number_format is None:
                kinds.append(_NUMBER)
            elif number_format in custom:
                kinds.append(date_format_kind(custom[number_format]))
            else:
                builtin = int(number_format) if number_format.isdigit() else -1
                kinds.append(_BUILTIN_FORMATS.get(builtin, _NUMBER))
        elif local in ("cellStyles", "dxfs"):
            inside["cellXfs"] = False

    _parse_small(archive.read("xl/styles.xml"), start)
    return kinds


def _is_1904(archive: zipfile.ZipFile) -> bool:
    found = {"1904": False}

    def start(name: str, attributes: dict[str, str]) -> None:
        if _local(name) == "workbookPr":
            found["1904"] = attributes.get("date1904") in ("1", "true")

    _parse_small(archive.read("xl/workbook.xml"), start)
    return found["1904"]


_SHARED = re.compile(
    r"<si>(?:<t>([^<]*)</t>|<t xml:space=\"preserve\">([^<]*)</t>|(.*?))</si>|<si/>", re.S
)


def _read_shared_strings(
    archive: zipfile.ZipFile, names: set[str], limits: SheetLimits
) -> list[str]:
    """The shared strings in order (one str per distinct text of the workbook)."""
    if "xl/sharedStrings.xml" not in names:
        return []
    data = b"".join(sheet_guard.stream(archive, "xl/sharedStrings.xml", limits))
    try:
        if not _utf8(data, b"<sst"):
            raise _NotCommon
        text = data.decode("utf-8")
        del data
        if "<!--" in text or "<![CDATA[" in text or "<?" in text[5:]:
            raise _NotCommon
        strings: list[str] = []
        for plain, kept, other in _SHARED.findall(text):
            if other:
                strings.append(_rich_string("<si>" + other + "</si>"))
            elif kept:
                strings.append(_string_run(_xml_text(kept), True))
            else:
                strings.append(_string_run(_xml_text(plain), False))
        if len(strings) != text.count("<si"):
            raise _NotCommon
        return strings
    except (_NotCommon, UnicodeDecodeError):
        return _exact_shared_strings(archive, limits)


def _exact_shared_strings(archive: zipfile.ZipFile, limits: SheetLimits) -> list[str]:
    strings: list[str] = []
    reader = _StringReader()

    def start(name: str, attributes: dict[str, str]) -> None:
        if _local(name) == "si":
            reader.begin()
        else:
            reader.start(_local(name), attributes)

    def end(name: str) -> None:
        local = _local(name)
        if local == "si":
            strings.append(reader.finish())
        else:
            reader.end(local)

    parser = _expat(start, end, reader.text)
    try:
        for block in sheet_guard.stream(archive, "xl/sharedStrings.xml", limits):
            parser.Parse(block, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise _unreadable(f"XML teks bersama tidak valid ({exc})") from exc
    return strings


def _rich_string(fragment: str) -> str:
    """A <si> or <is> element with runs, phonetic guides or anything unusual, read exactly."""
    reader = _StringReader()
    reader.begin()
    parser = _expat(
        lambda name, attributes: reader.start(_local(name), attributes),
        lambda name: reader.end(_local(name)),
        reader.text,
    )
    try:
        parser.Parse(fragment.encode("utf-8"), True)
    except expat.ExpatError as exc:
        raise _NotCommon from exc
    return reader.finish()


def _refuse_doctype(*_args: object) -> None:
    raise _unreadable("XML dengan DOCTYPE tidak diterima")


def _expat(
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None],
) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = _refuse_doctype
    return parser


class _StringReader:
    """The text of a <si> or <is>: every <t> outside phonetic runs (<rPh>), joined."""

    def __init__(self) -> None:
        self.begin()

    def begin(self) -> None:
        self.runs: list[str] = []
        self.phonetic = 0
        self.buffer: list[str] | None = None
        self.preserve = False

    def start(self, local: str, attributes: dict[str, str]) -> None:
        if local == "rPh":
            self.phonetic += 1
        elif local == "t" and not self.phonetic:
            self.buffer = []
            space = next((v for k, v in attributes.items() if _local(k) == "space"), None)
            self.preserve = space == "preserve"

    def text(self, data: str) -> None:
        if self.buffer is not None:
            self.buffer.append(data)

    def end(self, local: str) -> None:
        if local == "rPh":
            self.phonetic -= 1
        elif local == "t" and self.buffer is not None:
            self.runs.append(_string_run("".join(self.buffer), self.preserve))
            self.buffer = None

    def finish(self) -> str:
        return "".join(self.runs)


# --- the sheet ------------------------------------------------------------------------------


class SheetStream:
    """The rows of an .xlsx file's first sheet, read as a stream (see the module's doc).

    Opening checks the zip and the declared dimension and reads the styles, the date
    system and the shared strings; `total` is then the declared last row, or an estimate
    from the rows in the first block of the sheet and its uncompressed size (for the
    progress bar only)."""

    def __init__(self, path: Path, limits: SheetLimits):
        self.path = path
        self.limits = limits
        archive, names = sheet_guard.open_workbook(path)
        with archive:
            sheet_guard.check_archive(archive, limits)
            member = sheet_guard.first_sheet(archive, names)
            if member is None:
                raise _unreadable("lembar kerja pertama tidak ditemukan")
            self.member = member
            try:
                self.kinds = _read_styles(archive, names)
                self.is_1904 = _is_1904(archive)
                self.strings = _read_shared_strings(archive, names, limits)
                head = self._head(archive)
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
                raise FileProblem("Berkas .xlsx rusak atau bukan berkas Excel.") from exc
            declared = sheet_guard.refuse_declared(head, limits)
            size = archive.getinfo(member).file_size
        # The cells of the first block: a small hostile file is refused here, when opened.
        early = _Rows(limits)
        for letters, digits in _HEAD_CELL.findall(head):
            early.reach(int(digits), sheet_guard.column_number(letters))
        for digits in _HEAD_ROW.findall(head):
            early.reach(int(digits), 0)
        if declared and declared[2] > 1:
            self.total = declared[2]
        else:
            start = max(head.find(b"sheetData"), 0)
            rows = head.count(b"<row", start) + head.count(b":row ", start)
            if b"sheetData>" in head[start + 9 :] or len(head) >= size:
                self.total = rows
            else:
                self.total = rows * size // max(len(head) - start, 1)
        self.total = min(self.total, limits.max_rows)
        # The scan reads UTF-8 without namespace prefixes; anything else goes to expat.
        self._common = _utf8(head, b"<sheetData")

    def _head(self, archive: zipfile.ZipFile) -> bytes:
        head = b""
        for block in sheet_guard.stream(archive, self.member, self.limits):
            head += block
            if b"<sheetData" in head or b":sheetData" in head or len(head) > (1 << 20):
                break
        return head

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        given = 0
        if self._common:
            try:
                for number, row in self._scan():
                    given = number
                    yield number, row
                return
            except _NotCommon:
                pass
        for number, row in self._exact():
            if number > given:
                yield number, row

    # Both parsers feed cells to a _Rows, which keeps the limits and assembles the rows.

    def _blocks(self) -> Iterator[bytes]:
        try:
            with zipfile.ZipFile(self.path) as archive:
                yield from sheet_guard.stream(archive, self.member, self.limits)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
            raise FileProblem("Berkas .xlsx rusak atau bukan berkas Excel.") from exc

    def _scan(self) -> Iterator[tuple[int, list[Any]]]:
        rows = _Rows(self.limits)
        strings, string_count = self.strings, len(self.strings)
        style_kind = {str(i): kind for i, kind in enumerate(self.kinds)}
        is_1904 = self.is_1904
        dates: tuple[dict[str, Any], ...] = ({}, {}, {})
        columns = rows.columns
        row_digits = ""
        row: list[Any] = []
        number = 0
        for chunk in self._chunks(rows):
            cells = _CELL.findall(chunk)
            if chunk.count("<c") != len(cells) and len(_CELL_START.findall(chunk)) != len(cells):
                raise _NotCommon  # a cell the pattern does not read: never skip one
            # Most pieces have no entity, carriage return or _x00HH_ escape: their strings
            # are used as they are (trimmed).
            plain_text = not ("&" in chunk or "\r" in chunk or "_x00" in chunk)
            del chunk
            for letters, digits, style, cell_type, plain, inline, other in cells:
                if digits != row_digits:
                    if row:
                        yield from rows.add(number, row)
                    number = int(digits)
                    row_digits = digits
                    row = rows.open(number)
                column = columns.get(letters)
                if column is None:
                    column = rows.column(letters, number)
                if inline:
                    if inline[2] == ">":
                        if plain_text:
                            value = inline[3:].strip(_BLANKS)
                        else:
                            value = _string_run(_xml_text(inline[3:]), False)
                    else:
                        value = _string_run(_xml_text(inline[24:]), True)
                elif plain:
                    text = plain[3:]
                    if cell_type == "s":
                        if not text:
                            continue
                        index = int(text) if text.isdigit() and text.isascii() else 0
                        if index >= string_count:
                            raise _unreadable("indeks teks bersama tidak ditemukan")
                        value = strings[index]
                    elif not cell_type or cell_type == "n":
                        if not text:
                            continue
                        kind = style_kind.get(style, _NUMBER) if style else _NUMBER
                        if kind:
                            memo = dates[kind]
                            value = memo.get(text)
                            if value is None:
                                value = _number(text, cell_type or None)
                                if value.__class__ is float:
                                    value = excel_date(value, kind, is_1904)
                                if len(memo) < _DATE_MEMO_LIMIT:
                                    memo[text] = value
                        elif text.isdigit() and text.isascii():
                            value = float(text)
                        else:
                            value = _number(text, cell_type or None)
                    else:
                        value = _typed(_xml_text(text), cell_type)
                        if value is EMPTY:
                            continue
                elif other:
                    value = self._cell(letters + digits, style, cell_type, other)
                    if value is EMPTY:
                        continue
                else:
                    continue
                width = len(row)
                if column == width:
                    row.append(value)
                elif column < width:
                    row[column] = value
                else:
                    row.extend([""] * (column - width))
                    row.append(value)
        if row:
            yield from rows.add(number, row)

    def _chunks(self, rows: _Rows) -> Iterator[str]:
        """The text of <sheetData> in pieces cut after a cell or a row (never inside one),
        checked for what the scan cannot read, block by block."""
        carry = b""
        started = False
        for block in self._blocks():
            data = carry + block
            if not started:
                at = data.find(b"<sheetData")
                if at < 0:
                    carry = data
                    continue
                data = data[at:]
                started = True
                if data.startswith(b"<sheetData/>"):
                    return
            end = data.find(b"</sheetData>")
            if end >= 0:
                piece, carry = data[:end], b""
            else:
                cell_end, row_end = data.rfind(b"</c>"), data.rfind(b"</row>")
                cut = max(cell_end + 4 if cell_end >= 0 else 0, row_end + 6 if row_end >= 0 else 0)
                piece, carry = data[:cut], data[cut:]
                if len(carry) > _CUT_LIMIT:
                    raise _NotCommon
            del data
            if piece:
                chunk = piece.decode("utf-8")
                del piece
                if "<!--" in chunk or "<![CDATA[" in chunk or "<?" in chunk:
                    raise _NotCommon
                if ":c" in chunk and _PREFIXED_CELL.search(chunk):
                    raise _NotCommon
                declared_rows = _ROW_NUMBER.findall(chunk)
                if declared_rows:
                    rows.reach(max(map(int, declared_rows)), 0)
                # In pieces of a few rows: the cells of one piece are alive together, and
                # thousands of them would trigger the garbage collector over the importer's
                # whole heap again and again (it cost the re-import a quarter more CPU).
                at, size = 0, len(chunk)
                while at < size:
                    cut = chunk.find("</row>", at + _PIECE)
                    cut = size if cut < 0 else cut + 6
                    yield chunk[at:cut]
                    at = cut
            if end >= 0:
                return
        raise _NotCommon  # no end of sheetData: let expat say what is wrong

    def _cell(self, reference: str, style: str, cell_type: str, inner: str) -> Any:
        """A cell the scan does not read itself (rich text, formulas without a plain
        cached value...), read by the exact parser."""
        attributes = f' s="{style}"' if style else ""
        attributes += f' t="{cell_type}"' if cell_type else ""
        cells = _ExactSheet(self)
        parser = cells.parser()
        try:
            parser.Parse(
                f'<sheetData><c r="{reference}"{attributes}>{inner}</c></sheetData>'.encode(),
                True,
            )
        except expat.ExpatError as exc:
            raise _NotCommon from exc
        if len(cells.found) != 1:
            raise _NotCommon
        return cells.found[0][2]

    def _exact(self) -> Iterator[tuple[int, list[Any]]]:
        rows = _Rows(self.limits)
        cells = _ExactSheet(self, rows)
        parser = cells.parser()
        try:
            for block in self._blocks():
                parser.Parse(block, False)
                yield from cells.drain()
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise FileProblem(f"Berkas .xlsx rusak (XML lembar kerja tidak valid: {exc}).") from exc
        yield from cells.close()


def _utf8(head: bytes, element: bytes) -> bool:
    """The part is UTF-8, has no DOCTYPE and writes `element` without a namespace prefix."""
    declaration = re.match(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*\?>", head)
    if declaration and re.search(rb"encoding=[\"'](?!utf-?8[\"'])", declaration.group(), re.I):
        return False
    return re.search(re.escape(element) + rb"[ />]", head) is not None and b"<!DOCTYPE" not in head


_CELL = re.compile(
    r'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?'
    r'(?: (?:cm|vm|ph)="[^"<]*")*[ \t\r\n]*'
    r"(?:/>|>(?:(?:<f>[^<]*</f>|<f [^<>]*/>|<f [^<>]*>[^<]*</f>)?(<v>[^<]*)</v>"
    r'|<is>(<t>[^<]*|<t xml:space="preserve">[^<]*)</t></is>'
    r"|(.*?))</c>)",
    re.S,
)
_ROW_NUMBER = re.compile(r'<row r="([0-9]{1,9})"')
_HEAD_CELL = re.compile(rb'<(?:[A-Za-z_][-.\w]*:)?c r="([A-Z]{1,4})([0-9]{1,8})"')
_HEAD_ROW = re.compile(rb'<(?:[A-Za-z_][-.\w]*:)?row r="([0-9]{1,9})"')
_CELL_START = re.compile(r"<c[ \t\r\n/>]")
_PREFIXED_CELL = re.compile(r"<[A-Za-z_][-.\w]*:c[ \t\r\n/>]")


def _typed(text: str, cell_type: str) -> Any:
    """A <v> (its decoded text) of a cell of type str, b, e, d or inlineStr."""
    if cell_type == "str":
        return text
    if cell_type == "b":
        return text != "0" if text else EMPTY
    if cell_type == "e":
        return ""
    if cell_type == "d":
        return _iso(text)
    if cell_type in ("inlineStr", "is"):
        return EMPTY  # the text is in <is>; a <v> beside it is ignored
    raise _unreadable(f"jenis sel tidak dikenal '{cell_type[:20]}'")


class _Rows:
    """Turns cells, in the sheet's order, into complete rows, and enforces the limits on
    the rows and columns the cells reach (empty cells included), before anything is
    allocated for them."""

    def __init__(self, limits: SheetLimits):
        self.limits = limits
        self.width = 0  # the widest row so far: rows are padded to it
        self.given = 0  # the last row number yielded
        self.current = 0  # the row being built
        self.max_row = 0
        self.max_column = 0
        self.columns: dict[str, int] = {}

    def reach(self, row: int, column: int) -> None:
        if row > self.max_row or column > self.max_column:
            self.max_row = max(row, self.max_row)
            self.max_column = max(column, self.max_column)
            problem = sheet_guard.too_large(
                self.limits, self.max_row, self.max_column, declared=False
            )
            if problem:
                raise FileProblem(problem)

    def column(self, letters: str, row: int) -> int:
        """The 0-based position of a column, checked against the limits."""
        if len(letters) > 3:
            self.reach(row, self.limits.max_columns + 1)
        number = sheet_guard.column_number(letters)
        self.reach(row, number)
        self.columns[letters] = number - 1
        return number - 1

    def open(self, number: int) -> list[Any]:
        """A new row `number` starts: check it and return its (empty) list of cells."""
        if number <= self.current:
            raise _NotCommon if number else _unreadable("nomor baris tidak valid")
        if number > self.max_row:
            self.reach(number, 0)
        self.current = number
        return []

    def add(self, number: int, row: list[Any]) -> Iterator[tuple[int, list[Any]]]:
        """Yield the blank rows before row `number`, then the row itself, padded."""
        if number <= self.given:
            raise _NotCommon
        width = len(row)
        if width > self.width:
            self.width = width
        elif width < self.width:
            row.extend([""] * (self.width - width))
        for blank in range(self.given + 1, number):
            yield blank, [""] * self.width
        self.given = number
        yield number, row


class _ExactSheet:
    """expat handlers following the sheet as calamine does: a cell without `r` is the one
    after the previous, a row without `r` the one after the previous; each child of a cell
    replaces its value (<v>, <is>; <f> empties it)."""

    def __init__(self, sheet: SheetStream, rows: _Rows | None = None):
        self.sheet = sheet
        self.rows = rows
        self.found: list[tuple[int, int, Any]] = []  # (row 1-based, column 0-based, value)
        self.row_index = 0  # 0-based, as calamine counts
        self.col_index = 0
        self.in_cell = False
        self.depth = 0  # inside the cell
        self.style: str | None = None
        self.cell_type: str | None = None
        self.position = (0, 0)
        self.value: Any = EMPTY
        self.child: str | None = None
        self.text: list[str] | None = None
        self.string: _StringReader | None = None
        self.pending: list[tuple[int, list[Any]]] = []
        self.row_number = 0
        self.row: list[Any] = []

    def parser(self) -> expat.XMLParserType:
        return _expat(self.start, self.end, self.chars)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        if self.in_cell:
            self.depth += 1
            if self.string is not None:
                self.string.start(local, attributes)
            elif self.depth == 1:
                self.child = local
                if local == "is":
                    self.string = _StringReader()
                    self.string.begin()
                elif local == "v":
                    self.text = []
                elif local == "f":
                    self.value = EMPTY
            return
        if local == "row":
            reference = attributes.get("r")
            if reference is not None:
                digits = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
                if not digits.isdigit() or int(digits) < 1:
                    raise _unreadable(f"nomor baris tidak valid '{reference[:20]}'")
                self.row_index = int(digits) - 1
            if self.rows is not None:
                self.rows.reach(self.row_index + 1, 0)
        elif local == "c":
            reference = attributes.get("r")
            if reference is not None:
                match = _REFERENCE.fullmatch(reference)
                if match is None:
                    raise _unreadable(f"alamat sel tidak valid '{reference[:20]}'")
                letters, digits = match.groups()
                column = sheet_guard.column_number(letters.upper()) if len(letters) < 5 else 99_999
                self.col_index = column - 1
                self.position = (int(digits), self.col_index)
            else:
                self.position = (self.row_index + 1, self.col_index)
            if self.rows is not None:
                self.rows.reach(self.position[0], self.position[1] + 1)
            self.in_cell = True
            self.depth = 0
            self.style = attributes.get("s")
            self.cell_type = attributes.get("t")
            self.value = EMPTY

    def chars(self, data: str) -> None:
        if self.string is not None:
            self.string.text(data)
        elif self.text is not None:
            self.text.append(data)

    def end(self, name: str) -> None:
        local = _local(name)
        if self.in_cell:
            if self.depth == 0:  # </c>
                self.in_cell = False
                self.col_index += 1
                self._cell(self.position[0], self.position[1], self.value)
                return
            if self.string is not None and self.depth == 1:
                self.value = self.string.finish()
                self.string = None
            elif self.string is not None:
                self.string.end(local)
            elif self.depth == 1 and local == "v" and self.text is not None:
                self.value = self._v("".join(self.text))
                self.text = None
            self.depth -= 1
            return
        if local == "row":
            self.row_index += 1
            self.col_index = 0

    def _v(self, text: str) -> Any:
        cell_type = self.cell_type
        if cell_type is None or cell_type == "n":
            if not text:
                return EMPTY
            value = _number(text, cell_type)
            if value.__class__ is not float:
                return value
            kind = _NUMBER
            if self.style is not None:
                index = int(self.style) if self.style.isdigit() else 0
                kind = self.sheet.kinds[index] if index < len(self.sheet.kinds) else _NUMBER
            return excel_date(value, kind, self.sheet.is_1904) if kind else value
        if cell_type == "s":
            if not text:
                return EMPTY
            index = int(text) if text.isdigit() and text.isascii() else 0
            if index >= len(self.sheet.strings):
                raise _unreadable("indeks teks bersama tidak ditemukan")
            return self.sheet.strings[index]
        return _typed(text, cell_type)

    def _cell(self, number: int, column: int, value: Any) -> None:
        if self.rows is None:
            self.found.append((number, column, value))
            return
        if value is EMPTY:
            return
        if number != self.row_number:
            if number < self.row_number:
                raise _unreadable(
                    f"baris {number} muncul setelah baris {self.row_number}; buka berkas di "
                    "Excel, simpan ulang, lalu unggah lagi"
                )
            if self.row:
                self.pending.extend(self.rows.add(self.row_number, self.row))
            self.row_number = number
            self.row = self.rows.open(number) if number > self.rows.current else []
        row = self.row
        width = len(row)
        if column < width:
            row[column] = value
        else:
            row.extend([""] * (column - width))
            row.append(value)

    def drain(self) -> Iterator[tuple[int, list[Any]]]:
        pending, self.pending = self.pending, []
        yield from pending

    def close(self) -> Iterator[tuple[int, list[Any]]]:
        if self.row:
            self.pending.extend(self.rows.add(self.row_number, self.row) if self.rows else ())
            self.row = []
        return self.drain()


_REFERENCE = re.compile(r"([A-Za-z]+)([0-9]+)")
