"""Telling an unchanged row of a re-imported file from its text alone.

Most re-imports send back the file that was imported before, with a few rows changed.
Parsing, resolving and comparing every row to find that 99% did not change costs several
times the read itself. A kind that supports it stores, with each record it writes, a
fingerprint: a digest of the file row exactly as read, of the reading context (the column
mapping, the upload options, the vocabulary and reference tables the words were resolved
with) and of the record's own `updated` stamp. On the next import a row whose digest, sealed
with the stored record's `updated`, equals the stored fingerprint is the record as written
and unchanged since: it is counted unchanged without being parsed. Any save of the record
elsewhere moves `updated`, any change to the context changes every digest; such rows take
the full path, so the outcome is the same as without fingerprints, only faster."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib

# Bump when parsing or resolving rules change what a row means: stored fingerprints then
# stop matching and every row is read in full once more.
VERSION = b"1"


def context(*parts: object) -> bytes:
    """A digest of what the reading of every row depends on, besides the row itself.
    `parts` must have a stable repr (no sets, no objects with addresses)."""
    return hashlib.blake2b(VERSION + repr(parts).encode(), digest_size=16).digest()


def digest(context_digest: bytes, raw: list) -> str:
    """The row's cells as read (text, numbers, dates, their types) under a context: 24 hex
    digits (96 bits)."""
    return hashlib.blake2b(context_digest + repr(raw).encode(), digest_size=12).hexdigest()


def seal(row_digest: str, updated: dt.datetime) -> str:
    """The fingerprint stored with a record written from the row at `updated`: the row's
    digest and the low 32 bits of the stamp in microseconds. A later save gives other bits
    unless it falls on an exact multiple of 71.6 minutes later, to the microsecond."""
    return row_digest + _stamp(updated)


@functools.lru_cache(maxsize=4096)
def _stamp(updated: dt.datetime) -> str:
    # One import writes every record with the same stamp, so most calls are a cache hit.
    stamp = int(updated.timestamp()) * 1_000_000 + updated.microsecond
    return f"{stamp & 0xFFFFFFFF:08x}"
