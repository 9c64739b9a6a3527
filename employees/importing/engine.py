"""The generic import run: read, validate (dry run) and, when asked, apply.

One pass over the file in chunks: parse the cells of a chunk, check each row (every problem
of a row is reported, not only the first), fetch the stored records for the chunk's keys
with one query, compare in memory. Applying does the same pass inside ONE transaction and
writes each chunk's valid rows as soon as the chunk is checked, so no row waits in memory
for the end of the file, and what the duplicate checks remember of the file goes to disk
past its first 100,000 keys (`seen`): memory does not grow with the file. A large .xlsx is
read by a second process meanwhile (`read_ahead`). If a bad row turns up
and the admin did not choose to apply the valid rows and skip the others, the transaction
is rolled back: what is applied lands completely or not at all. Applying always
re-validates against the database as it is now, so a preview that went stale cannot write
wrong data."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Generator, Hashable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models.sql.subqueries import UpdateQuery
from django.utils import timezone

from agencies.models import AuditEvent

from . import cells, fingerprint
from .kinds import Column, ImportKind, Row, get_kind
from .models import ColumnChoice, ImportBatch, ImportProblem
from .problems import ProblemSpool
from .reader import FileProblem, HeaderMap, HeaderNotFound, SheetRows, find_header
from .seen import Key, SeenTable, compact

logger = logging.getLogger(__name__)

# The preview lists this many changed rows in full; the counts cover all of them.
MAX_CHANGES_SHOWN = 2000
# Seconds between progress updates of a running import.
PROGRESS_EVERY = 1.0


def run(batch: ImportBatch, *, apply: bool) -> ImportBatch:
    """Validate the batch's file and, if `apply` and there is no error (or the admin chose
    to skip the bad rows), write it.

    Never raises for a bad file or a bad row: the outcome is on the batch (status, counts,
    errors, message). Unexpected failures mark the batch failed and are logged."""
    Status = ImportBatch.Status
    batch.touch(
        status=Status.APPLYING if apply else Status.VALIDATING,
        progress=0,
        message="",
        file_at_fault=False,
    )
    kind = get_kind(batch.kind)(batch)
    problems = ProblemSpool()
    try:
        if apply:
            outcome, applied = _apply(kind, batch, problems)
        else:
            outcome, applied = _validate(kind, batch, None, problems), False
        # The counts and the list of problems land together (applied: the problems were
        # stored inside the apply's transaction).
        with transaction.atomic():
            if applied:
                batch.touch(**outcome, status=Status.DONE, progress=100, finished=timezone.now())
            else:
                problems.store(batch)
                batch.touch(**outcome, status=Status.VALIDATED, progress=100)
    except HeaderNotFound as problem:
        if problem.candidate is None:
            _file_at_fault(batch, str(problem))
        else:
            _ask_for_mapping(batch, problem.candidate, str(problem))
    except FileProblem as problem:
        # The file's own fault: the same file fails the same way, so no "Coba lagi".
        _file_at_fault(batch, str(problem))
    except Exception:
        logger.exception("Import %s failed", batch.pk)
        _record_failure(
            batch,
            status=Status.FAILED,
            message="Terjadi kesalahan sistem saat mengimpor; tidak ada data yang disimpan. "
            "Silakan coba lagi.",
            finished=timezone.now(),
        )
    finally:
        problems.close()
    return batch


def _file_at_fault(batch: ImportBatch, message: str) -> None:
    batch.touch(
        status=ImportBatch.Status.FAILED,
        message=message,
        file_at_fault=True,
        finished=timezone.now(),
    )


def _ask_for_mapping(batch: ImportBatch, header: HeaderMap, message: str) -> None:
    """The header row could not be recognised: a preview of no rows whose column mapping
    lists the likeliest header row's cells, for the admin to say what they are."""
    with transaction.atomic():
        ImportProblem.objects.filter(batch=batch).delete()
        batch.touch(
            status=ImportBatch.Status.VALIDATED,
            progress=100,
            message=f"{message} Baris {header.row_number} tampaknya baris judul kolom: pilih di "
            "Pemetaan kolom di bawah kolom Merit untuk tiap kolom berkas (minimal dua), lalu "
            "periksa ulang.",
            total_rows=0,
            count_new=0,
            count_changed=0,
            count_unchanged=0,
            count_error=0,
            changes=[],
            unknown_columns=[],
            columns=[
                [name, header.positions.get(i, "")] for i, name in enumerate(header.raw) if name
            ],
        )


# Recording a failure caused by the database itself (a restart, a failover) waits this long
# for it to come back, so the batch says "failed" at once rather than after its heartbeat
# goes stale (IMPORT_STALE_SECONDS).
_RECORD_FAILURE_WAITS = (0.0, 0.5, 1, 2, 4, 8)


def _record_failure(batch: ImportBatch, **fields: Any) -> None:
    for wait in _RECORD_FAILURE_WAITS:
        time.sleep(wait)
        # The connection the failure broke is dropped and opened again (outside a request
        # nothing else would: the worker keeps its connection between tasks).
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        try:
            batch.touch(**fields)
            return
        except DatabaseError:
            logger.warning("Import %s: the failure could not be recorded yet", batch.pk)
    logger.error("Import %s: failure not recorded; it shows as stopped once stale", batch.pk)


def header_aliases(kind: type[ImportKind], batch: ImportBatch | None) -> dict[str, str]:
    """header key -> field: the kind's own names, then what the agency chose on earlier
    uploads, then what the admin chose for this file ("" = ignore the column)."""
    table = kind.aliases()
    if batch is not None:
        remembered = ColumnChoice.objects.filter(instansi_id=batch.instansi_id, kind=kind.key)
        table.update(dict(remembered.values_list("header", "field")))
        table.update(batch.options.get("mapping") or {})
    # A remembered choice naming a field the kind no longer has is ignored, not fatal.
    fields = {column.field for column in kind.columns}
    return {key: name for key, name in table.items() if name in fields}


# How SIASN's exports write an empty value.
_NULL = frozenset({"null", "NULL", "Null"})


def read_data_rows(
    kind: type[ImportKind], path: Path, batch: ImportBatch | None = None
) -> tuple[HeaderMap, Generator[tuple[int, list[Any]]], int]:
    """The header of the file, an iterator over its non-blank rows after the header, and
    the number of rows the file has in all. With a batch, its column choices apply."""
    sheet = SheetRows(path)
    rows = iter(sheet)
    # A large sheet is read by a second process (read_ahead): whatever ends the reading
    # early (a problem in the header here, in a row later) closes `rows`, which stops it.
    try:
        header = find_header(rows, header_aliases(kind, batch), kind.required_headers())
        missing = [c.header for c in kind.columns if c.required and c.field not in header.labels]
        if missing:
            raise FileProblem(
                "Kolom wajib tidak ditemukan: "
                + ", ".join(missing)
                + f" (baris judul kolom terbaca di baris {header.row_number})."
            )
    except BaseException:
        _close(rows)
        raise

    def data() -> Generator[tuple[int, list[Any]]]:
        null = _NULL
        try:
            for number, raw in rows:
                # The first non-blank cell (usually the first cell) decides: no call per cell.
                for cell in raw:
                    if cell.__class__ is str:
                        if cell and cell not in null and not cell.isspace():
                            text = cell.strip()
                            if text and text not in null:
                                yield number, raw
                                break
                    elif cell is not None:
                        yield number, raw
                        break
        finally:
            _close(rows)

    return header, data(), sheet.total


def _close(rows: Iterator[Any]) -> None:
    close = getattr(rows, "close", None)
    if close is not None:
        close()


# Distinct texts whose parsed value is remembered per column and run: unit names, golongan,
# jabatan, education repeat on every row (a column of unique values, like NIP, stops adding).
_MEMO_LIMIT = 4096


class _Unreadable(str):
    """A parse outcome remembered in the memo: the cell's CellError message."""


def _columns(kind: ImportKind, header: HeaderMap) -> list[tuple[int, Column, dict[str, Any]]]:
    """(position in the row, column, memo of text cell -> parsed value) per mapped column."""
    return [(position, kind.column(name), {}) for position, name in header.positions.items()]


def _parse_cell(column: Column, cell: object) -> Any:
    try:
        return column.parse(cell)
    except cells.CellError as problem:
        return _Unreadable(problem)


def _parse(
    kind: ImportKind, columns: list[tuple[int, Column, dict[str, Any]]], number: int, raw: list[Any]
) -> Row:
    row = Row(number=number, values={}, raw=raw)
    values = row.values
    width = len(raw)
    for position, column, memo in columns:
        cell = raw[position] if position < width else ""
        # Parsers are pure functions of the cell: a text seen before has the same outcome.
        if cell.__class__ is str:
            if cell in _NULL:
                cell = ""  # SIASN writes empty values as the text null
            try:
                value = memo[cell]
            except KeyError:
                value = _parse_cell(column, cell)
                if len(memo) < _MEMO_LIMIT:
                    memo[cell] = value
        else:
            value = _parse_cell(column, cell)
        if value.__class__ is _Unreadable:
            row.error(column.field, str(value))
            row.bad.add(column.field)
            values[column.field] = None
            continue
        if column.required and (value is None or value == ""):
            row.error(column.field, f"{kind.label_of(column.field)} wajib diisi.")
        values[column.field] = value
    return row


def _chunks(
    rows: Iterator[tuple[int, list[Any]]], size: int
) -> Iterator[list[tuple[int, list[Any]]]]:
    chunk: list[tuple[int, list[Any]]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _recogniser(
    kind: ImportKind, header: HeaderMap, context: bytes
) -> Callable[[list[tuple[int, list[Any]]], SeenTable], dict[int, tuple[Hashable, Any]]]:
    """A function taking a chunk to the rows of it that are stored records written from the
    same text and unchanged since: index in the chunk -> (key as `seen` holds it, the
    stored record's data).

    Only the key cells are parsed; a row whose key repeats (in the chunk or earlier in the
    file) takes the full path, so duplicate rows are reported as before."""
    key_columns = [
        (position, kind.column(name))
        for position, name in header.positions.items()
        if name in kind.key_fields
    ]
    if len(key_columns) != len(kind.key_fields):
        return lambda chunk, seen: {}
    is_nip = {column.field: column.parse is cells.nip for _position, column in key_columns}

    def key_of(raw: list[Any]) -> Hashable:
        values = {}
        width = len(raw)
        for position, column in key_columns:
            cell = raw[position] if position < width else ""
            if cell.__class__ is str and cell in _NULL:
                cell = ""
            if is_nip[column.field] and cell.__class__ is str and cell.isdigit():
                values[column.field] = cell  # what cells.nip makes of plain digits
                continue
            try:
                values[column.field] = column.parse(cell)
            except cells.CellError:
                return None
        try:
            return kind.key_of(values)
        except (KeyError, TypeError, ValueError):
            return None

    def recognise(
        chunk: list[tuple[int, list[Any]]], seen: SeenTable
    ) -> dict[int, tuple[Hashable, Any]]:
        keys = [key_of(raw) for _number, raw in chunk]
        repeated = Counter(keys)
        compacted = {k: compact(k) for k in keys if k is not None and repeated[k] == 1}
        met = seen.lookup(compacted.values())
        stored = kind.load_fingerprints({k for k, c in compacted.items() if c not in met})
        found: dict[int, tuple[Hashable, Any]] = {}
        digest, fingerprint_of = fingerprint.digest, kind.fingerprint_of
        for index, key in enumerate(keys):
            record = stored.get(key)
            if record is not None:
                stored_fingerprint, data = record
                if fingerprint_of(data, digest(context, chunk[index][1])) == stored_fingerprint:
                    found[index] = (compacted[key], data)
        return found

    return recognise


def _validate(
    kind: ImportKind, batch: ImportBatch, writer: _Writer | None, problems: ProblemSpool
) -> dict[str, Any]:
    progress = _Progress(batch, share=90 if writer is not None else 100)
    seen = SeenTable()
    try:
        with batch.local_file() as path:
            return _validate_file(kind, batch, path, writer, progress, seen, problems)
    finally:
        progress.close()
        seen.close()
        kind.close()


def _validate_file(
    kind: ImportKind,
    batch: ImportBatch,
    path: Path,
    writer: _Writer | None,
    progress: _Progress,
    seen: SeenTable,
    problems: ProblemSpool,
) -> dict[str, Any]:
    """Read and check every row; hand each chunk's rows to write to `writer` (applying)
    as soon as the chunk is checked, so the rows to write do not pile up. `seen` holds the
    file's keys met so far, for the duplicate check; each chunk's errors and warnings go to
    `problems`. Returns the preview's fields for the batch (counts, changes, columns)."""
    header, data, file_rows = read_data_rows(type(kind), path, batch)
    expected = max(file_rows - header.row_number, 1)
    limit = settings.IMPORT_MAX_ROWS
    label = {f.field: header.labels.get(f.field, f.header) for f in kind.columns}
    columns = _columns(kind, header)
    context = kind.fingerprint_context(header)
    recognise = _recogniser(kind, header, context) if context is not None else None
    changes: list[dict[str, Any]] = []
    counts = {"new": 0, "changed": 0, "unchanged": 0, "error": 0}
    total = 0
    # Every error and warning is kept for the preview (complete, paged). Most messages
    # repeat word for word ("Pegawai aktif berusia 59 tahun, melewati batas usia pensiun
    # 58 tahun: ..." on thousands of rows): each text is kept once.
    texts: dict[str, str] = {}

    def one(message: str) -> str:
        kept = texts.get(message)
        if kept is not None:
            return kept
        if len(texts) < _MEMO_LIMIT:
            texts[message] = message
        return message

    with closing(data):
        for chunk in _chunks(data, kind.chunk_size):
            total += len(chunk)
            if total > limit:
                raise FileProblem(
                    f"Berkas berisi lebih dari {limit:,} baris data; batas satu impor adalah "
                    f"{limit:,} baris. Bagi berkas menjadi beberapa bagian.".replace(",", ".")
                )
            # Rows recognised as stored records written from the same text stay tuples
            # (number, key, stored data): they are not parsed, checked or compared.
            rows: list[Row | tuple[int, Hashable, Any]] = []
            unchanged = recognise(chunk, seen) if recognise is not None else {}
            for index, (number, raw) in enumerate(chunk):
                known = unchanged.get(index)
                if known is not None:
                    rows.append((number, *known))
                    continue
                parsed = _parse(kind, columns, number, raw)
                if kind.is_example(parsed):
                    total -= 1
                    problems.warning(
                        number, "", "Baris contoh dari templat dilewati (tidak diimpor)."
                    )
                    continue
                if context is not None:
                    parsed.digest = fingerprint.digest(context, raw)
                if not parsed.errors:
                    parsed.key = kind.key_of(parsed.values)
                rows.append(parsed)
            # One query for the chunk's stored records, before the rules that may need them.
            existing = kind.load_existing(
                {r.key for r in rows if not isinstance(r, tuple) and r.key is not None}
            )
            for row in rows:
                if isinstance(row, tuple):
                    continue
                if row.key is not None:
                    row.existing = existing.get(row.key)
                # Every problem of the row at once: cross-cell rules run even after a bad cell.
                kind.check(row)
            _mark_duplicates(kind, rows, seen)
            to_write: list[Row] = []
            refresh: list[Any] = []
            for row in rows:
                if not isinstance(row, tuple) and not row.errors:
                    kind.compare(row)
            kind.before_warnings([r for r in rows if isinstance(r, tuple) or not r.errors])
            for row in rows:
                if isinstance(row, tuple):
                    counts["unchanged"] += 1
                    number, _key, data = row
                    for field_name, message in kind.warn_unchanged(number, data):
                        problems.warning(number, label.get(field_name, field_name), one(message))
                    continue
                if row.errors:
                    counts["error"] += 1
                    for field_name, message in row.errors:
                        problems.error(row.number, label.get(field_name, field_name), one(message))
                    continue
                kind.warn(row)
                for field_name, message in row.warnings:
                    problems.warning(row.number, label.get(field_name, field_name), one(message))
                row.raw = []  # not needed past this point; keep memory down
                if row.existing is None:
                    counts["new"] += 1
                    to_write.append(row)
                elif row.changes:
                    counts["changed"] += 1
                    to_write.append(row)
                    if len(changes) < MAX_CHANGES_SHOWN:
                        changes.append(_change_entry(kind, row, label))
                else:
                    counts["unchanged"] += 1
                    if writer is not None and row.digest is not None:
                        stale = kind.stale_fingerprint(row)
                        if stale is not None:
                            refresh.append(stale)
            problems.flush()
            if writer is not None:
                writer.write(to_write, refresh, any_error=counts["error"] > 0)
            progress.report(total, expected)

    return dict(
        total_rows=total,
        count_new=counts["new"],
        count_changed=counts["changed"],
        count_unchanged=counts["unchanged"],
        count_error=counts["error"],
        changes=changes,
        unknown_columns=header.unknown,
        columns=[[name, header.positions.get(i, "")] for i, name in enumerate(header.raw) if name],
        **kind.findings(),
    )


def _mark_duplicates(
    kind: ImportKind, rows: list[Row | tuple[int, Hashable, Any]], seen: SeenTable
) -> None:
    """A valid row whose key a row before it (in this chunk or an earlier one) had is a
    duplicate. One lookup and one insert in `seen` for the chunk, in the file's order."""
    ordered = [
        (row[0], cast(Key, row[1]), None)  # a recognised row's key comes compacted
        if isinstance(row, tuple)
        else (row.number, compact(row.key), row)
        for row in rows
        if isinstance(row, tuple) or not row.errors
    ]
    met = seen.lookup(key for _number, key, _row in ordered)
    first_here: dict[Key, int] = {}
    new: list[tuple[Key, int, None]] = []
    for number, key, row in ordered:
        earlier = met.get(key)
        if earlier is not None:
            first = earlier[0]
        else:
            first = first_here.setdefault(key, number)
            if first == number:
                new.append((key, number, None))
        if first != number and row is not None:
            row.error(
                kind.key_column or kind.columns[0].field,
                f"Baris ganda: data yang sama sudah ada di baris {first}.",
            )
    seen.add(new)


def _change_entry(kind: ImportKind, row: Row, label: dict[str, str]) -> dict[str, Any]:
    return {
        "row": row.number,
        "key": str(row.key),
        "label": kind.record_label(row),
        "changes": [
            [label.get(f, kind.label_of(f)), kind.describe(f, old), kind.describe(f, new)]
            for f, old, new in row.changes
        ],
    }


class _Writer:
    """Writes each chunk's valid rows as soon as the chunk is checked, inside the import's
    one transaction (`_apply`). Without "skip the bad rows" it stops writing at the first
    bad row; `_apply` then rolls everything back and only the preview remains."""

    def __init__(self, kind: ImportKind, *, keep_valid: bool):
        self.kind = kind
        self.keep_valid = keep_valid

    def write(self, rows: list[Row], refresh: list[Any], *, any_error: bool) -> None:
        if any_error and not self.keep_valid:
            return
        if refresh:
            self.kind.refresh_fingerprints(refresh)
        if rows:
            self.kind.write(
                [r for r in rows if r.existing is None],
                [r for r in rows if r.existing is not None],
            )


class _RolledBack(Exception):
    """The file has bad rows and the admin did not choose to skip them: nothing is kept."""

    def __init__(self, outcome: dict[str, Any]):
        super().__init__()
        self.outcome = outcome


def _apply(
    kind: ImportKind, batch: ImportBatch, problems: ProblemSpool
) -> tuple[dict[str, Any], bool]:
    """Check and write in one pass and ONE transaction: what is applied lands whole or not
    at all. Returns the preview's fields and whether anything was applied. Applying always
    checks against the database as it is now, so a preview that went stale cannot write
    wrong data."""
    writer = _Writer(kind, keep_valid=batch.skip_invalid)
    try:
        with transaction.atomic():
            outcome = _validate(kind, batch, writer, problems)
            if outcome["count_error"] and not batch.skip_invalid:
                raise _RolledBack(outcome)
            problems.store(batch)
            AuditEvent.record(
                action=f"import.{batch.kind}",
                summary=(
                    f"Impor {kind.label} dari berkas {batch.original_name}: "
                    f"{outcome['count_new']} baru, {outcome['count_changed']} berubah, "
                    f"{outcome['count_unchanged']} tidak berubah"
                    + (
                        f", {outcome['count_error']} baris dilewati"
                        if outcome["count_error"]
                        else ""
                    )
                ),
                actor=batch.uploaded_by,
                instansi=batch.instansi,
                batch=str(batch.pk),
                file=batch.original_name,
                new=outcome["count_new"],
                changed=outcome["count_changed"],
                unchanged=outcome["count_unchanged"],
                skipped=outcome["count_error"],
            )
    except _RolledBack as rolled_back:
        return rolled_back.outcome, False
    return outcome, True


class _Progress:
    """The progress bar and heartbeat of a running import, about once a second (each
    update is a commit). While the import's transaction is open the batch row is updated
    through a connection of its own, so the page polling it sees the progress before the
    commit; SQLite takes one writer at a time, so there the bar waits for the end."""

    def __init__(self, batch: ImportBatch, *, share: int):
        self.batch = batch
        self.share = share
        self.touched = time.monotonic()
        self.side: Any = None

    def report(self, done: int, expected: int) -> None:
        if time.monotonic() - self.touched <= PROGRESS_EVERY:
            return
        self.touched = time.monotonic()
        fields = {
            "progress": min(self.share, self.share * done // expected),
            "heartbeat": timezone.now(),
        }
        if not connection.in_atomic_block:
            self.batch.touch(**fields)
            return
        if connection.vendor == "sqlite":
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        query = cast(
            UpdateQuery, ImportBatch.objects.filter(pk=self.batch.pk).query.chain(UpdateQuery)
        )
        query.add_update_values(fields)
        sql, params = query.get_compiler(connection=self.side).as_sql()
        with self.side.cursor() as cursor:
            cursor.execute(sql, params)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None
