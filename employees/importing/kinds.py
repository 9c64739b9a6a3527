"""What one kind of import is (its columns and its rules), and the registry of kinds.

The engine (engine.py) does the generic work: reading, finding the header, parsing cells,
duplicate rows, counting, storing the preview, one transaction. A kind says what its
columns are, how to find the records a file's rows refer to, what counts as an error and
how to write. Other apps register their own kinds (talent: performance and potential).

    from employees.importing import Column, ImportKind, register

    @register
    class NilaiKinerjaImport(ImportKind):
        key = "kinerja"
        label = "Nilai kinerja"
        columns = [Column("nip", "NIP", parse=cells.nip, required=True), ...]
        def key_of(self, values): return (values["nip"], values["tahun"])
        def load_existing(self, keys): ...
        def write(self, new, changed): ...
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import cells
from .reader import HeaderMap, header_key

if TYPE_CHECKING:
    from agencies.models import Instansi

    from .models import ImportBatch


@dataclass(frozen=True)
class Column:
    """One column of an import kind.

    field: the key in the row's values dict; header: the name written in our template;
    aliases: other names real sheets use; parse: cell -> value (raises cells.CellError);
    choices: the list offered in the template's drop-down; example: the template's example;
    in_template: False for columns only other systems' exports have (read, never written)."""

    field: str
    header: str
    parse: Callable[[object], Any] = cells.text
    required: bool = False
    aliases: Sequence[str] = ()
    choices: Sequence[str] = ()
    example: object = ""
    width: int = 16
    in_template: bool = True


@dataclass
class Row:
    """One data row of the file after its cells were parsed."""

    number: int  # the row number as Excel shows it
    values: dict[str, Any]
    raw: list  # the cells as read, for the error file
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field, message)
    key: Hashable = None
    existing: Any = None
    changes: list[tuple[str, object, object]] = field(default_factory=list)
    # Fields whose cell could not be read (their value is None): later checks skip them.
    bad: set[str] = field(default_factory=set)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (field, message)
    # Fields whose value the file did not say but the kind deduced (e.g. status from golongan).
    inferred: set[str] = field(default_factory=set)
    # The digest of the row as read (fingerprint.digest), for kinds that store fingerprints.
    digest: str | None = None

    def error(self, field_name: str, message: str) -> None:
        self.errors.append((field_name, str(message)))

    def warn(self, field_name: str, message: str) -> None:
        self.warnings.append((field_name, str(message)))


class ImportKind:
    """Base class: subclasses set the class attributes and implement the hooks."""

    # Templates receive the class itself: keep them from calling it.
    do_not_call_in_templates = True
    key: str = ""
    label: str = ""
    columns: Sequence[Column] = ()
    # The column named in "duplicate row" errors (default: the first column).
    key_column: str = ""
    # Where the batch page sends the user when the import is done (a URL name).
    done_url_name: str = "dashboard"
    # Rows handled together when fetching existing records and writing.
    chunk_size: int = 2000

    # The upload form asks for a status applying to rows whose status the file lacks.
    asks_status: bool = False
    # The fields `key_of` reads. With `fingerprint_context` and `load_fingerprints` they let
    # the engine recognise rows written by an earlier import of the same text without
    # parsing them (fingerprint.py); kinds without them take the full path for every row.
    key_fields: Sequence[str] = ()

    def __init__(self, batch: ImportBatch):
        self.batch = batch
        self.instansi = batch.instansi
        self.user = batch.uploaded_by
        self._example: dict[str, Any] | None = None

    # --- describing the columns ---------------------------------------------------------
    @classmethod
    def aliases(cls) -> dict[str, str]:
        """header_key(name) -> field, for the template header, the field and every alias."""
        table: dict[str, str] = {}
        for column in cls.columns:
            for name in (column.header, column.field, *column.aliases):
                table[header_key(name)] = column.field
        return table

    @classmethod
    def choices(cls, instansi: Instansi | None) -> dict[str, list[str]]:
        """The values the template offers as drop-down lists, by field. Override to add
        lists that are data (reference tables, the agency's units)."""
        return {c.field: list(c.choices) for c in cls.columns if c.choices}

    @classmethod
    def required_headers(cls) -> list[str]:
        return [c.header for c in cls.columns if c.required]

    @classmethod
    def column(cls, field_name: str) -> Column:
        return next(c for c in cls.columns if c.field == field_name)

    # --- hooks --------------------------------------------------------------------------
    def key_of(self, values: dict[str, Any]) -> Hashable:
        """What identifies a record; two rows with the same key are duplicates."""
        raise NotImplementedError

    def check(self, row: Row) -> None:
        """Rules across cells of one row (called after every cell parsed, also when some
        could not be read: skip the fields in row.bad); add row.error. row.existing is the
        stored record already when the row's key could be read."""

    def warn(self, row: Row) -> None:
        """Plausibility doubts about a valid row, after `compare` (row.existing is known):
        row.warn(field, message). They never block the row."""

    def before_warnings(self, rows: list[Row | tuple[int, Hashable, Any]]) -> None:
        """Called once per chunk before `warn` / `warn_unchanged` of its rows (Rows, and
        the (number, key, stored) tuples of rows recognised as unchanged): one query for
        what the warnings of the whole chunk need."""

    def findings(self) -> dict[str, Any]:
        """Batch fields the kind fills after the run (e.g. units missing from the tree)."""
        return {}

    def close(self) -> None:
        """Release what the run held (temporary tables); called when the pass is over."""

    def is_example(self, row: Row) -> bool:
        """The template's example row, left in the sheet: every column the file has that
        carries an example holds exactly it. Such a row is never imported."""
        if self._example is None:
            self._example = {}
            for column in self.columns:
                if column.example not in ("", None):
                    try:
                        self._example[column.field] = column.parse(column.example)
                    except cells.CellError:
                        continue
        values = row.values
        first = self.key_column or next(iter(self._example), "")
        if first in self._example and values.get(first) != self._example[first]:
            return False  # the common case, decided by one comparison
        present = [name for name in self._example if name in values]
        return (
            len(present) >= 2
            and (not self.key_column or self.key_column in present)
            and all(values[name] == self._example[name] for name in present)
        )

    def load_existing(self, keys: Iterable[Hashable]) -> dict[Hashable, Any]:
        """The stored records for these keys (any agency: the kind refuses foreign ones)."""
        raise NotImplementedError

    def fingerprint_context(self, header: HeaderMap) -> bytes | None:
        """fingerprint.context(...) of everything besides the row that decides what a row
        means (mapping, options, vocabulary, reference tables); None: no fingerprints."""
        return None

    def load_fingerprints(self, keys: Iterable[Hashable]) -> dict[Hashable, tuple[str, Any]]:
        """key -> (stored fingerprint, the stored record as `fingerprint_of` and
        `warn_unchanged` take it) for this agency's records among the keys."""
        return {}

    def fingerprint_of(self, stored: Any, row_digest: str) -> str:
        """What the stored fingerprint is if the record was written from a row with this
        digest and not saved since (fingerprint.seal with the record's `updated`)."""
        raise NotImplementedError

    def stale_fingerprint(self, row: Row) -> Any:
        """For a row found unchanged by comparison (row.digest set, row.existing stored):
        what `refresh_fingerprints` needs to store its fingerprint, or None if the stored
        one is already right. Then the next import of the same text recognises it."""
        return None

    def refresh_fingerprints(self, stale: list[Any]) -> None:
        """Store the fingerprints `stale_fingerprint` returned (inside the import's
        transaction; the records themselves do not change)."""

    def warn_unchanged(self, number: int, stored: Any) -> list[tuple[str, str]]:
        """`warn` for a row recognised as the stored record, unchanged: (field, message)."""
        return []

    def compare(self, row: Row) -> None:
        """Fill row.changes (field, old, new) against row.existing, or refuse the row."""
        raise NotImplementedError

    def write(self, new: list[Row], changed: list[Row]) -> None:
        """Write one chunk; called inside the import's single transaction."""
        raise NotImplementedError

    def label_of(self, field_name: str) -> str:
        """A column's name for messages: the template header."""
        for column in self.columns:
            if column.field == field_name:
                return column.header
        return field_name

    def record_label(self, row: Row) -> str:
        """How the preview names the stored record a changed row refers to."""
        return str(row.key)

    def describe(self, field_name: str, value: object) -> str:
        """A value as the preview shows it."""
        if value is None or value == "":
            return "—"
        if hasattr(value, "strftime"):
            return value.strftime("%d-%m-%Y")
        return str(value)


_REGISTRY: dict[str, type[ImportKind]] = {}


def register(kind: type[ImportKind]) -> type[ImportKind]:
    """Class decorator: make an import kind available under kind.key."""
    if not kind.key:
        raise ValueError("An import kind needs a key.")
    if kind.key in _REGISTRY and _REGISTRY[kind.key] is not kind:
        raise ValueError(f"Import kind {kind.key!r} is already registered.")
    _REGISTRY[kind.key] = kind
    return kind


def get_kind(key: str) -> type[ImportKind]:
    """The registered kind; KeyError if none."""
    return _REGISTRY[key]


def registered_kinds() -> dict[str, type[ImportKind]]:
    return dict(_REGISTRY)
