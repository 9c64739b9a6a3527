"""Shared PDF helpers (WeasyPrint): a renderer that never leaves the machine.

Any report (the scorecard, the talent nine-box report) renders a Django template to HTML
and hands it to `render_pdf`. The URL fetcher serves only our own static files and refuses
everything else, so a link or image planted in user text (already escaped by the templates)
can never make the server fetch a URL. Fonts come from Debian packages (fonts-dejavu-core,
fonts-liberation2) named in the CSS, so the PDF looks the same on every machine."""

from __future__ import annotations

import gc
import mimetypes
import multiprocessing
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import django
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_PREFIX = "merit-static:"
# Images handed to one render in memory (a letterhead's logo from private storage).
IMAGE_PREFIX = "merit-image:"
IMAGE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}
# The stylesheet every printed report shares (A4, fonts, tables, page numbers).
REPORT_STYLESHEET = "core/pdf.css"
_parsed: dict[str, tuple[int, CSS]] = {}


class RefusedURL(ValueError):
    """The renderer asked for something outside our static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serves `merit-static:<path>` from the static files and `merit-image:<name>` from the
    PNG/JPEG images given for this render; refuses every other URL (http, https, ftp, file,
    data, anything)."""

    def __init__(self, images: Mapping[str, bytes] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.images = dict(images or {})

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith(IMAGE_PREFIX):
            return self.image(url)
        if not url.startswith(STATIC_PREFIX):
            raise RefusedURL(f"refused: {url[:100]}")
        found = self.static_path(url[len(STATIC_PREFIX) :])
        body = Path(found).read_bytes()
        mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

    def image(self, url: str) -> URLFetcherResponse:
        body = self.images.get(url[len(IMAGE_PREFIX) :])
        mime = next((m for magic, m in IMAGE_TYPES.items() if body and body.startswith(magic)), "")
        if body is None or not mime:
            raise RefusedURL(f"refused: {url[:100]}")
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

    @staticmethod
    def static_path(relative: str) -> str:
        """The file behind a static path (app static folders, then STATIC_ROOT)."""
        relative = relative.lstrip("/")
        if ".." in Path(relative).parts:
            raise RefusedURL(f"refused: {relative[:100]}")
        found = finders.find(relative)
        if not found:
            root = Path(settings.STATIC_ROOT or "")
            candidate = root / relative
            found = str(candidate) if settings.STATIC_ROOT and candidate.is_file() else None
        if not found:
            raise RefusedURL(f"not a static file: {relative}")
        return found


def report_stylesheet() -> CSS:
    return parsed_stylesheet(Path(StaticOnlyFetcher.static_path(REPORT_STYLESHEET)))


def parsed_stylesheet(path: Path) -> CSS:
    """A stylesheet parsed once per process (about 8 ms a report otherwise) and again only
    when the file changes, so an edit shows up without a restart."""
    mtime = path.stat().st_mtime_ns
    cached = _parsed.get(str(path))
    if cached is None or cached[0] != mtime:
        sheet = CSS(
            string=path.read_text(encoding="utf-8"),
            base_url=STATIC_PREFIX + "/",
            url_fetcher=StaticOnlyFetcher(),
        )
        _parsed[str(path)] = cached = (mtime, sheet)
    return cached[1]


# One document to render: its HTML, or its HTML and the images it names as merit-image:.
Source = str | tuple[str, Mapping[str, bytes]]


def render_pdf(html: str, *, images: Mapping[str, bytes] | None = None) -> bytes:
    """The PDF for an HTML string in the report stylesheet; relative URLs resolve to our
    static files only, `merit-image:<name>` to `images[name]`. WeasyPrint applies a
    stylesheet given here as the user's, below the document's own <style>, so a template
    still overrides it as it did with a <link>."""
    document = HTML(
        string=html, base_url=STATIC_PREFIX + "/", url_fetcher=StaticOnlyFetcher(images)
    )
    with _older_objects_set_aside():
        return document.write_pdf(stylesheets=[report_stylesheet()])


@contextmanager
def _older_objects_set_aside() -> Iterator[None]:
    """WeasyPrint builds and drops ~100,000 objects a page; the full passes of the garbage
    collector they set off walk the whole heap of the process (Django, caches, the request:
    ~100 ms a pass in a worker), a third of a scorecard's time. What exists before the render
    cannot be the render's garbage: it waits in the permanent generation (gc.freeze, a list
    splice) until the render is done, then goes back to the collector (gc.unfreeze).
    A web worker froze what it loaded at start already (meritsys.wsgi): that is left as it
    is, since unfreezing here would undo it for the rest of the worker's life."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def render_source(source: Source) -> bytes:
    if isinstance(source, str):
        return render_pdf(source)
    html, images = source
    return render_pdf(html, images=images)


def _start_worker() -> None:
    django.setup()


def render_many(htmls: Sequence[Source]) -> Iterator[bytes]:
    """The PDFs of several documents, in order. WeasyPrint is pure Python and holds the GIL,
    so several documents render side by side only in separate processes: REPORT_WORKERS of
    them, started fresh ("spawn": no copy of the caller's database connections or threads),
    when each gets at least REPORT_DOCUMENTS_PER_WORKER documents (starting one costs ~1 s)."""
    workers = min(settings.REPORT_WORKERS, len(htmls) // settings.REPORT_DOCUMENTS_PER_WORKER)
    if workers <= 1:
        yield from map(render_source, htmls)
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker)
    try:
        yield from pool.map(render_source, htmls)
    finally:
        # Also when the caller stops early (closes this generator after a failure): what has
        # not started yet is dropped instead of rendered for nothing.
        pool.shutdown(wait=True, cancel_futures=True)


def render_template_pdf(template: str, context: dict) -> bytes:
    return render_pdf(render_to_string(template, context))
