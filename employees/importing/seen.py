"""What an import has met so far in its file, kept off the Python heap.

Two checks of an import look back over the whole file: a key (NIP) met twice is a
duplicate row, and one person met under two NIPs is a warning. Held in Python dicts,
their tables cost ~270 bytes a row (the entries, their ints and the allocator's
fragmentation): 135 MB more at 500,000 rows than at 0, so an import's peak memory grew
with its file (issue 17 asks for it flat). Here they live in a temporary SQLite database
(the standard library's): its pages sit in a temporary file, and the process keeps only a
bounded page cache of it, whatever the file's size.

The import asks once per chunk of rows, not once per row: a lookup of the chunk's keys
and an insert of the new ones, a few milliseconds for 2,000 rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

# A key as the table holds it: an int (a NIP's digits) or a text.
Key = int | str
# What is remembered of the row that met a key first: its number and a note (a NIP).
First = tuple[int, int | str | None]

# Host parameters a statement (SQLite's oldest limit is 999).
_PER_STATEMENT = 900
# The table's page cache in KiB: the whole of its memory, whatever the file's size.
_CACHE_KIB = 4096


class SeenTable:
    """key -> (row number, note) of the first row that met the key, first one kept."""

    def __init__(self) -> None:
        # "" is a temporary database on disk, deleted when closed (":memory:" would keep
        # its pages on the heap, which is what this table is for avoiding).
        self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        # No type on `key`: ints stay ints and texts stay texts, so 123 and "123" are two
        # keys, as in a dict.
        self._db.execute(
            "CREATE TABLE seen (key PRIMARY KEY, row INTEGER NOT NULL, note) WITHOUT ROWID"
        )

    def lookup(self, keys: Iterable[Key]) -> dict[Key, First]:
        """The keys among `keys` met before, with their first rows."""
        wanted = list(set(keys))
        found: dict[Key, First] = {}
        for start in range(0, len(wanted), _PER_STATEMENT):
            part = wanted[start : start + _PER_STATEMENT]
            marks = ",".join("?" * len(part))
            # A fixed text with one "?" per key: the keys are parameters.
            sql = f"SELECT key, row, note FROM seen WHERE key IN ({marks})"  # noqa: S608
            for key, row, note in self._db.execute(sql, part):
                found[key] = (row, note)
        return found

    def add(self, entries: Sequence[tuple[Key, int, int | str | None]]) -> None:
        """Remember (key, row number, note) for keys not met before; a key already in the
        table keeps its first row."""
        if entries:
            self._db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", entries)

    def close(self) -> None:
        self._db.close()


def compact(key: object) -> Key:
    """A key as the table holds it: a NIP-like key (digits, no leading zero, at most 18 of
    them) as an int, any other text as it is, anything else (a tuple of fields) as its
    repr. Keys with a leading zero stay text, so "0123" and "123" stay two keys."""
    if isinstance(key, str):
        if key.isdigit() and key.isascii() and key[0] != "0" and len(key) <= 18:
            return int(key)
        return key
    if isinstance(key, int) and not isinstance(key, bool) and -(2**63) <= key < 2**63:
        return key
    return repr(key)
