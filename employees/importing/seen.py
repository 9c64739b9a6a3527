"""What an import has met so far in its file, off the Python heap past a bound.

Two checks of an import look back over the whole file: a key (NIP) met twice is a
duplicate row, and one person met under two NIPs is a warning. Held in Python dicts,
their tables cost ~270 bytes a row (the entries, their ints and the allocator's
fragmentation): 135 MB more at 500,000 rows than at 0, so an import's peak memory grew
with its file (issue 17 asks for it flat). Here the first MEMORY_ENTRIES keys stay in a
dict and the rest go to a temporary SQLite database (the standard library's): its pages
sit in a temporary file, and the process keeps only a bounded page cache of it, whatever
the file's size.

The import asks once per chunk of rows, not once per row: a lookup of the chunk's keys
and an insert of the new ones."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

# A key as the table holds it: an int (a NIP's digits) or a text.
Key = int | str
# What is remembered of the row that met a key first: its number and a note (a NIP).
First = tuple[int, int | str | None]

# Host parameters a statement (SQLite's oldest limit is 999).
_PER_STATEMENT = 900
# The table's page cache in KiB: its memory past MEMORY_ENTRIES, whatever the file's size.
# 1 MiB, not 4: a 500,000-row re-import peaked 7 MB lower (124 against 131 MB) and was no
# slower (paired runs 45.7, 50.3 s against 48.6, 51.3 s): the operating system's file
# cache serves the pages this one lets go (benchmarks/README.md, sixth session).
_CACHE_KIB = 1024
# Keys held in a dict before the rest go to disk: ~25 MB for the two tables of an import
# (a dict costs ~0.1 microseconds a key, the database ~3.5 on this project's 2-core
# machines), so most agencies' files (fewer rows than this) never touch the disk.
MEMORY_ENTRIES = 100_000


class SeenTable:
    """key -> (row number, note) of the first row that met the key, first one kept.

    The first MEMORY_ENTRIES keys are held in a dict (a file of up to that many rows costs
    no more than before); the keys after them go to the temporary database, so the memory
    stops growing there, whatever the file's size."""

    def __init__(self, memory_entries: int | None = None) -> None:
        self._memory: dict[Key, int | tuple[int, int | str]] = {}
        self._room = MEMORY_ENTRIES if memory_entries is None else memory_entries
        self._db: sqlite3.Connection | None = None

    def lookup(self, keys: Iterable[Key]) -> dict[Key, First]:
        """The keys among `keys` met before, with their first rows."""
        memory = self._memory
        found: dict[Key, First] = {}
        rest: list[Key] = []
        for key in set(keys):
            first = memory.get(key)
            if first is None:
                rest.append(key)
            elif isinstance(first, int):
                found[key] = (first, None)
            else:
                found[key] = first
        if self._db is None:
            return found
        for start in range(0, len(rest), _PER_STATEMENT):
            part = rest[start : start + _PER_STATEMENT]
            marks = ",".join("?" * len(part))
            # A fixed text with one "?" per key: the keys are parameters.
            sql = f"SELECT key, row, note FROM seen WHERE key IN ({marks})"  # noqa: S608
            for key, row, note in self._db.execute(sql, part):
                found[key] = (row, note)
        return found

    def add(self, entries: Sequence[tuple[Key, int, int | str | None]]) -> None:
        """Remember (key, row number, note) for keys not met before; a key already in the
        table keeps its first row."""
        memory = self._memory
        spill: list[tuple[Key, int, int | str | None]] = []
        for key, row, note in entries:
            if key in memory:
                continue
            if self._room > 0:
                memory[key] = row if note is None else (row, note)
                self._room -= 1
            else:
                spill.append((key, row, note))
        if spill:
            db = self._database()
            # One transaction a batch: without it every row is a transaction of its own.
            db.execute("BEGIN")
            db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", spill)
            db.execute("COMMIT")

    def _database(self) -> sqlite3.Connection:
        if self._db is None:
            # "" is a temporary database on disk, deleted when closed (":memory:" would
            # keep its pages on the heap, which is what this table is for avoiding).
            db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
            # No type on `key`: ints stay ints and texts stay texts, so 123 and "123" are
            # two keys, as in a dict.
            db.execute(
                "CREATE TABLE seen (key PRIMARY KEY, row INTEGER NOT NULL, note) WITHOUT ROWID"
            )
            self._db = db
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._memory = {}


def compact(key: object) -> Key:
    """A key as the table holds it: a NIP-like key (digits, no leading zero, at most 18 of
    them) as an int, any other text as it is, anything else (a tuple of fields) as its
    repr. Keys with a leading zero stay text, so "0123" and "123" stay two keys."""
    if key.__class__ is str:
        if key.isdigit() and len(key) <= 18 and key[0] != "0" and key.isascii():
            return int(key)
        return key
    if isinstance(key, int) and not isinstance(key, bool) and -(2**63) <= key < 2**63:
        return key
    return repr(key)
