"""The generic import run: read, validate (dry run) and, when asked and clean, apply.

One pass over the file in chunks: parse the cells of a chunk, check each row (every problem
of a row is reported, not only the first), fetch the stored records for the chunk's keys
with one query, compare in memory. Rows to write are kept (values only); if the whole file
is clean, or the admin chose to apply the valid rows and skip the others, they are written
chunk by chunk inside ONE transaction, so what is applied lands completely or not at all.
Applying always re-validates against the database as it is now, so a preview that went
stale cannot write wrong data."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from agencies.models import AuditEvent

from . import cells
from .kinds import Column, ImportKind, Row, get_kind
from .models import ColumnChoice, ImportBatch
from .reader import FileProblem, HeaderMap, SheetRows, find_header

logger = logging.getLogger(__name__)

# The preview lists this many changed rows in full; the counts cover all of them.
MAX_CHANGES_SHOWN = 2000


def run(batch: ImportBatch, *, apply: bool) -> ImportBatch:
    """Validate the batch's file and, if `apply` and there is no error, write it.

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
    try:
        pending = _validate(kind, batch, apply=apply)
        if apply and (batch.count_error == 0 or batch.skip_invalid):
            _apply(kind, batch, pending)
            batch.touch(status=Status.DONE, progress=100, finished=timezone.now())
        else:
            batch.touch(status=Status.VALIDATED, progress=100)
    except FileProblem as problem:
        # The file's own fault: the same file fails the same way, so no "Coba lagi".
        batch.touch(
            status=Status.FAILED,
            message=str(problem),
            file_at_fault=True,
            finished=timezone.now(),
        )
    except Exception:
        logger.exception("Import %s failed", batch.pk)
        _record_failure(
            batch,
            status=Status.FAILED,
            message="Terjadi kesalahan sistem saat mengimpor; tidak ada data yang disimpan. "
            "Silakan coba lagi.",
            finished=timezone.now(),
        )
    return batch


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


def _is_blank(cell: object) -> bool:
    if cell is None:
        return True
    text = str(cell).strip()
    return not text or text in _NULL


def read_data_rows(
    kind: type[ImportKind], path: Path, batch: ImportBatch | None = None
) -> tuple[HeaderMap, Iterator[tuple[int, list[Any]]], int]:
    """The header of the file, an iterator over its non-blank rows after the header, and
    the number of rows the file has in all. With a batch, its column choices apply."""
    sheet = SheetRows(path)
    rows = iter(sheet)
    header = find_header(rows, header_aliases(kind, batch), kind.required_headers())
    missing = [c.header for c in kind.columns if c.required and c.field not in header.labels]
    if missing:
        raise FileProblem(
            "Kolom wajib tidak ditemukan: "
            + ", ".join(missing)
            + f" (baris judul kolom terbaca di baris {header.row_number})."
        )

    def data() -> Iterator[tuple[int, list[Any]]]:
        for number, raw in rows:
            if not all(_is_blank(cell) for cell in raw):
                yield number, raw

    return header, data(), sheet.total


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


def _validate(kind: ImportKind, batch: ImportBatch, *, apply: bool) -> list[list[Row]]:
    with batch.local_file() as path:
        return _validate_file(kind, batch, path, apply=apply)


def _validate_file(
    kind: ImportKind, batch: ImportBatch, path: Path, *, apply: bool
) -> list[list[Row]]:
    header, data, file_rows = read_data_rows(type(kind), path, batch)
    expected = max(file_rows - header.row_number, 1)
    limit = settings.IMPORT_MAX_ROWS
    label = {f.field: header.labels.get(f.field, f.header) for f in kind.columns}
    # Applying the valid rows of a file that has bad ones: keep the good rows to write.
    keep_valid = apply and batch.skip_invalid

    columns = _columns(kind, header)
    seen: dict[object, int] = {}
    errors: list[list[Any]] = []
    warnings: list[list[Any]] = []
    changes: list[dict[str, Any]] = []
    pending: list[list[Row]] = []
    counts = {"new": 0, "changed": 0, "unchanged": 0, "error": 0}
    total = 0
    for chunk in _chunks(data, kind.chunk_size):
        total += len(chunk)
        if total > limit:
            raise FileProblem(
                f"Berkas berisi lebih dari {limit:,} baris data; batas satu impor adalah "
                f"{limit:,} baris. Bagi berkas menjadi beberapa bagian.".replace(",", ".")
            )
        rows = []
        for number, raw in chunk:
            row = _parse(kind, columns, number, raw)
            if kind.is_example(row):
                total -= 1
                warnings.append([number, "", "Baris contoh dari templat dilewati (tidak diimpor)."])
                continue
            if not row.errors:
                row.key = kind.key_of(row.values)
            rows.append(row)
        # One query for the chunk's stored records, before the rules that may need them.
        existing = kind.load_existing({r.key for r in rows if r.key is not None})
        for row in rows:
            if row.key is not None:
                row.existing = existing.get(row.key)
            # Every problem of the row at once: cross-cell rules run even after a bad cell.
            kind.check(row)
            if row.errors:
                continue
            first = seen.setdefault(row.key, row.number)
            if first != row.number:
                row.error(
                    kind.key_column or kind.columns[0].field,
                    f"Baris ganda: data yang sama sudah ada di baris {first}.",
                )
        to_write: list[Row] = []
        for row in rows:
            if not row.errors:
                kind.compare(row)
            if row.errors:
                counts["error"] += 1
                for field_name, message in row.errors:
                    errors.append([row.number, label.get(field_name, field_name), message])
                continue
            kind.warn(row)
            for field_name, message in row.warnings:
                warnings.append([row.number, label.get(field_name, field_name), message])
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
        if to_write and (keep_valid or not counts["error"]):
            pending.append(to_write)
        elif counts["error"] and not keep_valid:
            pending = []  # nothing will be written: free the memory
        share = 90 if apply else 100
        batch.touch(progress=min(share, share * total // expected))

    batch.touch(
        total_rows=total,
        count_new=counts["new"],
        count_changed=counts["changed"],
        count_unchanged=counts["unchanged"],
        count_error=counts["error"],
        errors=errors,
        warnings=warnings,
        changes=changes,
        unknown_columns=header.unknown,
        columns=[[name, header.positions.get(i, "")] for i, name in enumerate(header.raw) if name],
        **kind.findings(),
    )
    return pending


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


def _apply(kind: ImportKind, batch: ImportBatch, pending: list[list[Row]]) -> None:
    with transaction.atomic():
        for chunk in pending:
            kind.write(
                [r for r in chunk if r.existing is None],
                [r for r in chunk if r.existing is not None],
            )
        AuditEvent.record(
            action=f"import.{batch.kind}",
            summary=(
                f"Impor {kind.label} dari berkas {batch.original_name}: {batch.count_new} baru, "
                f"{batch.count_changed} berubah, {batch.count_unchanged} tidak berubah"
                + (f", {batch.count_error} baris dilewati" if batch.count_error else "")
            ),
            actor=batch.uploaded_by,
            instansi=batch.instansi,
            batch=str(batch.pk),
            file=batch.original_name,
            new=batch.count_new,
            changed=batch.count_changed,
            unchanged=batch.count_unchanged,
            skipped=batch.count_error,
        )
