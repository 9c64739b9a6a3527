"""The errors and warnings of one import run, on their way to the database.

A 500,000-row file can have tens of thousands of them (59,541 warnings in the benchmark's
file, most "past retirement age"). Kept in a list until the end and saved as one JSON column,
they grew the import's memory with the file and made every page of the preview load them
all. Now each chunk's problems go to a temporary file as soon as the chunk is checked, and
are stored as `ImportProblem` rows, a slice at a time, when the run is decided: inside the
apply's transaction when it writes, in a transaction of their own when it only previews or
rolls back (a rollback must not take the list of what was wrong with it)."""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from itertools import islice

from .models import ImportBatch, ImportProblem

# Problems stored a statement at a time.
STORE_SLICE = 2000
COLUMN_LENGTH = ImportProblem._meta.get_field("column").max_length or 200

Problem = tuple[bool, int, str, str]  # is_error, row number, column, message


class ProblemSpool:
    def __init__(self) -> None:
        # Open for the run, closed by close() (engine.run's finally).
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._chunk: list[Problem] = []

    def error(self, row: int, column: str, message: str) -> None:
        self._chunk.append((True, row, _fit(column), message))

    def warning(self, row: int, column: str, message: str) -> None:
        self._chunk.append((False, row, _fit(column), message))

    def flush(self) -> None:
        """The problems met since the last flush go to the file (one pickle: a message
        repeated within it is written once)."""
        if self._chunk:
            pickle.dump(self._chunk, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._chunk = []

    def __iter__(self) -> Iterator[Problem]:
        self.flush()
        self._file.seek(0)
        while True:
            try:
                # Our own temporary file, written above by this process.
                chunk = pickle.load(self._file)  # noqa: S301
            except EOFError:
                return
            yield from chunk

    def store(self, batch: ImportBatch) -> None:
        """Replace the batch's stored problems with these. The caller holds the transaction
        that makes this and the batch's counts land together."""
        ImportProblem.objects.filter(batch=batch).delete()
        problems = iter(self)
        while piece := list(islice(problems, STORE_SLICE)):
            ImportProblem.objects.bulk_create(
                ImportProblem(batch=batch, is_error=is_error, row=row, column=column, message=m)
                for is_error, row, column, m in piece
            )

    def close(self) -> None:
        self._file.close()


def _fit(column: str) -> str:
    """The column as the file's header names it, cut to what the table holds: a header the
    admin mapped by hand can be a sentence, and PostgreSQL refuses a longer value (the whole
    run would fail on one long header)."""
    return column if len(column) <= COLUMN_LENGTH else column[: COLUMN_LENGTH - 1] + "…"
