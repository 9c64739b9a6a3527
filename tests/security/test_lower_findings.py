"""The lower findings of issue 15 (finding 6): uploads stored under the type their content
shows and served inline only when a browser shows them harmlessly, uploads not readable by
other accounts on the host, no caching of signed-in pages, a limit on the public verification
page, and no redirect loop on /admin/ for a signed-in non-staff user."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.evidence import evidence_add
from tests.factories import PDF_BYTES, PNG_BYTES


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload_as(world, name: str, content: bytes):
    answer = world["answer"]
    return evidence_add(
        answer=answer,
        actor=world["people"]["admin_contoh"],
        upload=SimpleUploadedFile(name, content),
        requirement=0,
    )


def test_evidence_is_stored_under_the_type_its_content_shows(world):
    page = upload_as(world, "halaman.html", PNG_BYTES)
    assert page.file.name.endswith(".png")
    assert page.original_name == "halaman.html"
    document = upload_as(world, "laporan.pdf", docx_bytes())
    assert document.file.name.endswith(".docx")


def test_only_pdf_and_images_are_shown_in_the_browser(client, world):
    client.force_login(world["people"]["admin_contoh"])
    image = upload_as(world, "foto.png", PNG_BYTES)
    scan = upload_as(world, "surat.pdf", PDF_BYTES)
    document = upload_as(world, "laporan.pdf", docx_bytes())
    url = "assessment:evidence"
    for evidence in (image, scan):
        response = client.get(reverse(url, args=[evidence.public_id]))
        assert response["Content-Disposition"].startswith("inline"), evidence.original_name
    response = client.get(reverse(url, args=[document.public_id]))
    assert response["Content-Disposition"].startswith("attachment")
    # Saved under the name the user knows, with the extension its content has.
    assert 'filename="laporan.docx"' in response["Content-Disposition"]


def test_uploaded_files_are_not_readable_by_other_accounts_on_the_host(world, settings):
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o640
    assert settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o750
    evidence = upload_as(world, "surat.pdf", PDF_BYTES)
    path = Path(evidence.file.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o750


def test_signed_in_pages_and_downloads_are_not_cached(client, world):
    client.force_login(world["people"]["admin_contoh"])
    for url in (
        reverse("employees:detail", args=[world["employee"].pk]),
        reverse("assessment:evidence", args=[world["evidence"].public_id]),
        reverse("employees:export", args=["xlsx"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_the_public_verification_page_is_rate_limited(client, db, settings):
    settings.VERIFY_LOOKUPS_PER_ADDRESS_PER_HOUR = 5
    url = reverse("assessment:verify_code")
    for number in range(5):
        response = client.get(url, {"kode": f"TEBAK-{number}"}, REMOTE_ADDR="198.51.100.4")
        assert response.status_code == 200
    response = client.get(url, {"kode": "TEBAK-6"}, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 429
    assert "Terlalu banyak pemeriksaan" in response.content.decode()
    # Another address, and the empty form, are not held.
    assert client.get(url, {"kode": "X"}, REMOTE_ADDR="198.51.100.5").status_code == 200
    assert client.get(url, REMOTE_ADDR="198.51.100.4").status_code == 200


def test_admin_does_not_loop_for_a_signed_in_non_staff_user(client, people):
    client.force_login(people["operator_contoh"])
    response = client.get("/admin/", follow=True)
    assert len(response.redirect_chain) < 5
    assert response.status_code == 403
    assert "tidak memiliki akses ke situs admin" in response.content.decode()
