"""Download responses: the one place that names a file for the browser.

Filenames often carry user text (a period's or an instrument's name), so the header is
built by Django's `content_disposition_header()` (quotes and backslashes escaped, non-ASCII
names as RFC 6266 `filename*`), never by hand; path separators become dashes so a name
such as "Semester I/2026" stays one file name."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# Path separators and control characters: no part of a file name anywhere.
_UNSAFE = re.compile(r"[/\\\x00-\x1f\x7f]+")


def safe_filename(name: str) -> str:
    """The name with path separators and control characters replaced by a dash."""
    return _UNSAFE.sub("-", name).strip() or "unduhan"


def disposition(filename: str, *, inline: bool = False) -> str:
    """The Content-Disposition value: shown in the browser (inline) or saved (attachment)."""
    header = content_disposition_header(not inline, safe_filename(filename))
    assert header is not None  # only None for an inline response without a filename
    return header


def download(
    content: bytes | str, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """A response that hands `content` to the browser under `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition(filename, inline=inline)
    return response
