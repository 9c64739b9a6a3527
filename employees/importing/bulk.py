"""Fast bulk INSERT for imports, with values already in database-ready Python types.

Django's bulk_create prepares every value of every field in Python (pre_save,
get_db_prep_save...), which costs more than the database's own work on a 100k-row import.
Import rows are already clean (parsed, validated), so they go straight to the database:
PostgreSQL's COPY (ids drawn from the table's sequence first), elsewhere one multi-row
INSERT per slice. Like bulk_create, it sends no signals: callers write history themselves."""

from __future__ import annotations

import datetime as dt
import io
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL


def _unchanged(value: object) -> object:
    return value


def adapter(model: type[Model]) -> Callable[[object], object]:
    """A function turning dates and datetimes into what this database takes (SQLite stores
    text; PostgreSQL's drivers take them as they are)."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        return _unchanged
    ops = connection.ops

    def adapt(value: object) -> object:
        if isinstance(value, dt.datetime):
            return ops.adapt_datetimefield_value(value)
        if isinstance(value, dt.date):
            return ops.adapt_datefield_value(value)
        return value

    return adapt


def constant(model: type[Model], value: dt.datetime) -> object:
    """A timestamp that every row of a write shares (created, updated, history_date), in
    the form this database takes, made once: on PostgreSQL its text (COPY reads it as the
    column's type), where turning the same datetime into text row by row cost ~5 % of a
    first import; elsewhere what `adapter` gives."""
    if connections[router.db_for_write(model)].vendor == "postgresql":
        return value.isoformat()
    return adapter(model)(value)


def picker(model: type[Model], columns: Sequence[str]) -> Callable[[Mapping[str, Any]], tuple]:
    """A function taking a record's values (a dict by column) to a row for `insert_rows`:
    the values in `columns` order, adapted for this database. Where nothing needs adapting
    (PostgreSQL) it is one C-level itemgetter call per row."""
    get = operator.itemgetter(*columns)
    adapt = adapter(model)
    if len(columns) == 1:
        return lambda values: (adapt(get(values)),)
    if adapt is _unchanged:
        return get
    return lambda values: tuple(map(adapt, get(values)))


def where_in(queryset: QuerySet, field: str, keys: Sequence[object]) -> QuerySet:
    """The queryset restricted to `field` IN `keys`. On PostgreSQL the keys travel as one
    array parameter: Django's `__in` prepares each of thousands of keys one by one."""
    if connections[queryset.db].vendor != "postgresql":
        return queryset.filter(**{f"{field}__in": keys})
    # A fixed SQL text with the keys as its only parameter.
    keys_sql = RawSQL("SELECT unnest(%s)", [list(keys)])  # noqa: S611
    return queryset.filter(**{f"{field}__in": keys_sql})


def update_column(model: type[Model], column: str, values: Sequence[tuple[int, object]]) -> None:
    """Set one column of many rows: (primary key, value) pairs. No signals, no `updated`:
    for bookkeeping columns only."""
    if not values:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    target = quote(column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Names come from the model's meta, quoted; values are two array parameters.
            sql = (
                f"UPDATE {table} SET {target} = v.value FROM unnest(%s, %s) AS v(id, value) "  # noqa: S608
                f"WHERE {table}.{pk} = v.id"
            )
            cursor.execute(sql, [[v[0] for v in values], [v[1] for v in values]])
        else:
            sql = f"UPDATE {table} SET {target} = %s WHERE {pk} = %s"  # noqa: S608
            cursor.executemany(sql, [(value, key) for key, value in values])


def insert_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    returning_id: bool = False,
) -> list[int]:
    """Insert the rows (tuples in `columns` order); with `returning_id`, the new primary
    keys in the rows' order."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        return _copy(connection, model, columns, rows, returning_id)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # SQLite allows 32,766 parameters a statement.
    per_statement = max(1, min(1000, 30_000 // len(columns)))
    suffix = f" RETURNING {quote(model._meta.pk.column)}" if returning_id else ""
    result: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            part = rows[start : start + per_statement]
            # Names come from the model's meta, quoted; values are parameters.
            values = ", ".join([placeholders] * len(part))
            sql = f"INSERT INTO {table} ({names}) VALUES {values}"  # noqa: S608
            cursor.execute(sql + suffix, [value for row in part for value in row])
            if returning_id:
                result.extend(row[0] for row in cursor.fetchall())
    return result


def _copy_text(value: object) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


# Values whose COPY text a builtin gives directly (a C call, no Python frame).
_DIRECT: dict[type, Callable[[Any], str]] = {
    int: int.__repr__,
    bool: {True: "t", False: "f"}.__getitem__,
    dt.date: dt.date.isoformat,
    dt.datetime: dt.datetime.isoformat,
}


def _copy_line(row: Sequence[object]) -> str:
    """One COPY line, as `_copy_text` would write each value, faster: None, plain text
    (printable, no backslash) and the `_DIRECT` types are converted inline; only the rest
    (text to escape, floats, decimals...) goes through `_copy_text`."""
    direct = _DIRECT
    return (
        "\t".join(
            [
                "\\N"
                if value is None
                else value
                if value.__class__ is str and value.isprintable() and "\\" not in value
                else direct[value.__class__](value)
                if value.__class__ in direct
                else _copy_text(value)
                for value in row
            ]
        )
        + "\n"
    )


def _copy(connection, model, columns, rows, returning_id: bool) -> list[int]:
    quote = connection.ops.quote_name
    table = model._meta.db_table
    pk = model._meta.pk.column
    ids: list[int] = []
    with connection.cursor() as cursor:
        if returning_id:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            columns = [pk, *columns]
            rows = [(pk_value, *row) for pk_value, row in zip(ids, rows, strict=True)]
        buffer = io.StringIO()
        write = buffer.write
        for row in rows:
            write(_copy_line(row))
        buffer.seek(0)
        names = ", ".join(quote(c) for c in columns)
        # The raw psycopg2 cursor: Django's wrapper has no copy_expert.
        cursor.cursor.copy_expert(f"COPY {quote(table)} ({names}) FROM STDIN", buffer)
    return ids
