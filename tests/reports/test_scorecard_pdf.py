"""The scorecard PDF read back as text: what a reviewer files, prints and signs."""

from __future__ import annotations

import http.server
import io
import multiprocessing
import os
import shutil
import subprocess
import threading
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader
from weasyprint import HTML

from assessment.scorecard import render_scorecard
from core.dates import tanggal
from core.pdf import (
    RefusedURL,
    StaticOnlyFetcher,
    parsed_stylesheet,
    render_many,
    render_pdf,
)

from .conftest import pdf_text

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ASPECTS = [
    "1. Perencanaan Kebutuhan",
    "2. Pengadaan",
    "3. Pengembangan Karier",
    "4. Promosi dan Mutasi",
    "5. Manajemen Kinerja",
    "7. Perlindungan dan Pelayanan",
    "8. Sistem Informasi",
]


def joined(content: bytes) -> str:
    return "\n".join(pdf_text(content))


def test_a_draft_scorecard_shows_the_agency_score_category_and_aspects(filled):
    content = render_scorecard(filled)
    pages = pdf_text(content)
    text = "\n".join(pages)
    assert content.startswith(b"%PDF")
    assert "Kabupaten Contoh" in text
    assert "2026" in text
    assert "versi 1" in text
    # Level 3 everywhere: 300 points, category III Baik.
    assert "Nilai 300,00" in text
    assert "Kategori III Baik" in text
    for aspect in ASPECTS:
        assert aspect in text
    assert "Penggajian" in text
    # A draft is marked as one on every page and cannot be verified.
    assert all("DRAF" in page for page in pages)
    assert "Draf: tidak dapat diverifikasi" in text
    assert "Kode verifikasi" not in text


def test_pages_are_numbered_halaman_x_dari_y(filled):
    pages = pdf_text(render_scorecard(filled))
    total = len(pages)
    assert total >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {total}" in page


def test_the_page_is_a4_portrait(filled):
    box = PdfReader(BytesIO(render_scorecard(filled))).pages[0].mediabox
    # A4 is 210 x 297 mm = 595 x 842 points.
    assert round(float(box.width)) == 595
    assert round(float(box.height)) == 842


def test_the_final_scorecard_has_no_watermark_and_carries_signatures_and_code(final, people):
    frozen = final.frozen_scorecards.get()
    with frozen.file.open("rb") as handle:
        text = joined(handle.read())
    assert "DRAF" not in text
    assert f"Kode verifikasi {frozen.code}" in text
    assert "Final" in text
    # Signature block: place and Indonesian date, the head and the verifier with NIP.
    assert f"Contoh, {tanggal(timezone.localdate())}" in text
    assert "Dr. Budi Santoso" in text
    assert "NIP 197001011990031001" in text
    assert str(people["reviewer_provinsi"]) in text
    assert "NIP 198609262015051001" in text
    # Timeline and the reviewer's note.
    assert "Difinalkan" in text and "Verifikasi selesai" in text
    assert "Sesuai bukti." in text


def test_user_text_is_printed_as_text_not_markup(filled, people):
    answer = filled.answers.order_by("pk").first()
    answer.reviewer_note = '<b>tebal</b> <img src="http://127.0.0.1:9/x.png"> & catatan'
    answer.save()
    text = joined(render_scorecard(filled))
    assert "<b>tebal</b>" in text
    assert "& catatan" in text


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the stdlib's name
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_renderer_never_fetches_a_url_from_the_network():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        html = (
            f'<link rel="stylesheet" href="{url}/gaya.css">'
            f'<p>Halo</p><img src="{url}/gambar.png">'
            f'<div style="background: url({url}/latar.png)">x</div>'
        )
        content = render_pdf(html)
    finally:
        server.shutdown()
    assert content.startswith(b"%PDF")
    assert _Counting.hits == []


def test_the_fetcher_serves_our_static_files_and_refuses_everything_else():
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch("merit-static:core/pdf.css")
    assert b"Halaman" in response.read()
    for url in (
        "http://example.com/a.png",
        "https://example.com/a.css",
        "file:///etc/passwd",
        "data:text/plain,hai",
        "merit-static:../../etc/passwd",
        "merit-static:tidak-ada.css",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_a_page_rendered_to_png_for_a_person_to_look_at(final, tmp_path):
    frozen = final.frozen_scorecards.get()
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "kartu-nilai-halaman"
    subprocess.run(
        [
            shutil.which("pdftoppm") or "/usr/bin/pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            frozen.file.path,
            str(target),
        ],
        check=True,
    )
    pictures = list(ARTIFACTS.glob("kartu-nilai-halaman*.png"))
    assert pictures and pictures[0].stat().st_size > 10_000


def test_the_report_stylesheet_is_parsed_once_and_again_after_an_edit(tmp_path):
    sheet = tmp_path / "laporan.css"
    sheet.write_text("@page { size: A4 portrait; }", encoding="utf-8")
    first = parsed_stylesheet(sheet)
    assert parsed_stylesheet(sheet) is first

    sheet.write_text("@page { size: A4 landscape; }", encoding="utf-8")
    os.utime(sheet, ns=(sheet.stat().st_atime_ns, sheet.stat().st_mtime_ns + 1_000_000))
    edited = parsed_stylesheet(sheet)
    assert edited is not first
    page = PdfReader(io.BytesIO(HTML(string="<p>x</p>").write_pdf(stylesheets=[edited]))).pages[0]
    assert page.mediabox.width > page.mediabox.height


@pytest.mark.parametrize("workers, expected_children", [(1, 0), (2, 2)])
def test_several_documents_render_in_order_in_as_many_processes_as_set(
    settings, workers, expected_children
):
    settings.REPORT_WORKERS = workers
    settings.REPORT_DOCUMENTS_PER_WORKER = 2
    htmls = [f"<h1>Dokumen {n}</h1>" for n in range(5)]
    rendered = render_many(htmls)
    first = next(rendered)
    assert len(multiprocessing.active_children()) == expected_children
    texts = [pdf_text(content)[0] for content in [first, *rendered]]
    assert [f"Dokumen {n}" in text for n, text in enumerate(texts)] == [True] * 5
    assert all("Halaman 1 dari 1" in text for text in texts)  # the report stylesheet
    assert multiprocessing.active_children() == []
