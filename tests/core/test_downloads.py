"""Every download names its file through core.downloads: user text in a name can neither
break the header nor add a second file name."""

from __future__ import annotations

from email.message import Message

from core.downloads import download
from core.spreadsheets import sheet_title


def parsed(response) -> Message:
    header = Message()
    header["Content-Disposition"] = response["Content-Disposition"]
    return header


def test_a_report_opens_in_the_browser_or_is_saved():
    shown = download(b"%PDF", filename="kartu.pdf", content_type="application/pdf", inline=True)
    saved = download(b"%PDF", filename="kartu.pdf", content_type="application/pdf")
    assert shown["Content-Disposition"] == 'inline; filename="kartu.pdf"'
    assert saved["Content-Disposition"] == 'attachment; filename="kartu.pdf"'
    assert saved["Content-Type"] == "application/pdf" and saved.content == b"%PDF"


def test_a_slash_or_backslash_in_a_name_becomes_a_dash():
    response = download(b"", filename="Semester I/2026\\b.xlsx", content_type="text/plain")
    assert parsed(response).get_filename() == "Semester I-2026-b.xlsx"


def test_a_quote_stays_inside_the_one_file_name():
    response = download(b"", filename='a"; filename="jahat.exe', content_type="text/plain")
    assert parsed(response).get_filename() == 'a"; filename="jahat.exe'


def test_an_indonesian_name_with_accents_survives():
    response = download(b"", filename="Pemetaan Dinas Pendidikan é.pdf", content_type="text/plain")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert parsed(response).get_filename() == "Pemetaan Dinas Pendidikan é.pdf"


def test_a_sheet_title_drops_what_excel_refuses_and_keeps_31_characters():
    assert sheet_title("Pemetaan Semester I/2026") == "Pemetaan Semester I-2026"
    assert sheet_title("[a]:b*c?d\\e") == "-a-b-c-d-e"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("///") == "-"
