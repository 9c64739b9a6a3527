"""A reusable spreadsheet import engine (.xlsx and .csv) for every app of Merit.

Public API (see kinds.py for how to describe an import kind):

- `Column`, `ImportKind`, `Row`, `register`, `get_kind`: describe and register a kind.
- `cells`: cell parsers (`cells.nip`, `cells.date`, `cells.text`) raising `cells.CellError`.
- `vocab`: the alias table (employees.Alias) by family, for words such as golongan or SKP
  ratings, normalised (case, spaces, punctuation) before lookup.
- `ImportBatch` (models.py): one upload; `services.start_batch` / `services.confirm_batch`.
- `ImportProblem` (models.py): one error or warning of a batch's rows (`problems.py` spools
  them during a run).
- `engine.run(batch, apply=...)`: the run itself (the background task calls it).
- `xlsx.template`, `xlsx.error_file`: the import's spreadsheets (exports use
  core.spreadsheets).
"""

from __future__ import annotations

from . import cells, vocab
from .kinds import Column, ImportKind, Row, get_kind, register, registered_kinds

__all__ = [
    "Column",
    "ImportKind",
    "Row",
    "cells",
    "get_kind",
    "register",
    "registered_kinds",
    "vocab",
]
