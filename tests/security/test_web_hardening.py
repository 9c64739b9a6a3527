"""The browser-facing defences: a Content-Security-Policy with no inline script, CSRF on every
POST (forms and htmx), user text escaped in pages and PDFs, file names never trusted, and the
renderers never fetching a URL planted in user data."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from agencies.models import AuditEvent
from core.pdf import render_pdf
from employees.importing.reader import SheetRows
from tests.factories import PDF_BYTES, EmployeeFactory

from .test_url_scoping import PUBLIC, ROUTES, _urls

ROOT = Path(settings.BASE_DIR)


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_carry_a_policy_that_allows_only_our_own_scripts(client, people):
    for response in (
        client.get(reverse("login")),
        (client.force_login(people["admin_contoh"]), client.get(reverse("dashboard")))[1],
    ):
        policy = csp_directives(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def _templates() -> list[Path]:
    folders = [ROOT / "templates"] + [
        path for path in ROOT.glob("*/templates") if path.parent.name != "static"
    ]
    return sorted(
        p for folder in folders for p in folder.rglob("*") if p.suffix in {".html", ".svg"}
    )


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def test_no_template_has_an_inline_script_or_event_handler():
    # The policy would block them in the browser; this says which file to fix.
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, re.compile(r"javascript:", re.I)):
            found += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert len(_templates()) > 20
    assert not found, found


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_a_post_without_the_csrf_token_is_refused(world, route):
    client = Client(enforce_csrf_checks=True)
    if route.name not in PUBLIC:
        client.force_login(world["people"]["superadmin"])
    for url in _urls(route, world):
        assert client.post(url, {}).status_code == 403, url


def test_htmx_requests_carry_the_token_from_the_page(people, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["operator_contoh"])
    assessment, answer = world["assessment"], world["answer"]
    page = client.get(reverse("assessment:aspect", args=[assessment.pk, 1]))
    token = re.search(r"""hx-headers='\{"X-CSRFToken": "([^"]+)"\}'""", page.content.decode())
    assert token, "base.html must hand htmx the CSRF token"
    url = reverse("assessment:answer_save", args=[assessment.pk, answer.pk])
    data = {"version": answer.version, "level": 2, "justification": "Lewat htmx"}
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 403
    response = client.post(url, data, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token.group(1))
    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.justification == "Lewat htmx"


SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def test_an_employee_name_with_html_is_shown_as_text(client, people, wilayah, referensi):
    employee = EmployeeFactory(instansi=wilayah["kabupaten"], nama=f"Budi {SCRIPT}")
    client.force_login(people["admin_contoh"])
    for url in (reverse("employees:list"), reverse("employees:detail", args=[employee.pk])):
        body = client.get(url).content.decode()
        assert SCRIPT not in body, url
        assert ESCAPED in body, url


def test_a_justification_with_html_is_shown_as_text(client, people, world):
    assessment, answer = world["assessment"], world["answer"]
    client.force_login(people["operator_contoh"])
    client.post(
        reverse("assessment:answer_save", args=[assessment.pk, answer.pk]),
        {"version": answer.version, "level": 3, "justification": SCRIPT},
    )
    answer.refresh_from_db()
    assert answer.justification == SCRIPT  # stored as typed
    order = answer.indicator.aspect.order
    body = client.get(reverse("assessment:aspect", args=[assessment.pk, order])).content.decode()
    assert SCRIPT not in body
    assert ESCAPED in body


def test_an_uploaded_file_name_is_never_used_as_a_path_or_a_raw_header(client, people, world):
    assessment, answer = world["assessment"], world["answer"]
    client.force_login(people["operator_contoh"])
    name = '../../..\\evil"; x=.pdf'
    client.post(
        reverse("assessment:evidence_upload", args=[assessment.pk, answer.pk]),
        {"file": SimpleUploadedFile(name, PDF_BYTES), "requirement": "0"},
    )
    evidence = answer.evidence.order_by("-pk").first()
    assert evidence.file.name.startswith("bukti/")
    assert ".." not in evidence.file.name and "evil" not in evidence.file.name
    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    response = client.get(reverse("assessment:evidence", args=[evidence.public_id]))
    disposition = response["Content-Disposition"]
    assert '"; x=' not in disposition  # the quote cannot end the header value early
    assert "\\" not in disposition.split("filename")[0]


def test_downloading_evidence_is_recorded(client, people, world):
    client.force_login(people["reviewer_provinsi"])
    response = client.get(reverse("assessment:evidence", args=[world["evidence"].public_id]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="assessment.evidence_download")
    assert event.actor == people["reviewer_provinsi"]
    assert event.instansi == world["instansi"]


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """A loopback HTTP server that counts every request made to it."""
    _Counter.hits = []
    server = HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Counter.hits
    server.shutdown()


def test_the_pdf_renderer_fetches_no_url_planted_in_html(listener):
    base, hits = listener
    html = (
        f'<html><head><link rel="stylesheet" href="{base}/gaya.css"></head>'
        f'<body><img src="{base}/gambar.png"><p style="background:url({base}/latar.png)">'
        f"Laporan</p></body></html>"
    )
    assert render_pdf(html).startswith(b"%PDF")
    assert hits == []


def test_the_spreadsheet_reader_fetches_no_external_link(listener, tmp_path):
    base, hits = listener
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", "NAMA"])
    sheet.append([f'=WEBSERVICE("{base}/bocor")', f'=HYPERLINK("{base}/x","klik")'])
    sheet["C2"] = f"='{base}/[luar.xlsx]Sheet1'!A1"
    path = tmp_path / "tautan.xlsx"
    book.save(path)
    rows = list(SheetRows(path))
    # The reader reads stored values only (formulas without one read as empty): nothing ran.
    assert rows[0] == (1, ["NIP", "NAMA"])
    assert hits == []
