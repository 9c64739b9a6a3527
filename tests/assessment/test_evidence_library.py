"""The operator's evidence work: several files, each for an expected document (suggested from
its name), one stored copy per content, removal before submission (audited, purged after the
retention period), the library with its dates, and the one private download view."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from openpyxl import Workbook

from agencies.models import AuditEvent
from assessment import workflow
from assessment.evidence import (
    evidence_add,
    evidence_remove,
    purge_removed,
    suggest_requirement,
)
from assessment.models import Evidence, EvidenceFile
from tests.factories import PDF_BYTES, PNG_BYTES, pdf

from .conftest import fill_in

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def answer_of(assessment, code):
    return assessment.answers.select_related("indicator").get(indicator__code=code)


def other_pdf(name: str, marker: str) -> SimpleUploadedFile:
    """A PDF whose content differs from the factory's (a comment line), so it is stored apart."""
    return SimpleUploadedFile(name, PDF_BYTES + f"%{marker}\n".encode(), "application/pdf")


def upload_url(assessment, answer):
    return f"/penilaian/{assessment.pk}/jawaban/{answer.pk}/bukti/"


# --- the suggestion -----------------------------------------------------------------------


def test_the_file_name_suggests_the_expected_document_it_is_for():
    expected = ["Dokumen Anjab dan ABK", "Keputusan penetapan Anjab dan ABK"]
    assert suggest_requirement("SK Penetapan Anjab ABK 2026.pdf", expected) == 1
    assert suggest_requirement("dokumen_anjab.pdf", expected) == 0
    # Nothing in common: "Lainnya" until the person picks.
    assert suggest_requirement("foto kegiatan.jpg", expected) is None
    # Filler words ("dan", "pdf") suggest nothing.
    assert suggest_requirement("dan.pdf", expected) is None


def test_the_form_renders_each_documents_words_for_the_browser(client, people, draft):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{draft.pk}/aspek/1/").content.decode()
    assert 'data-words="keputusan penetapan anjab abk"' in page
    assert f'data-max-bytes="{10 * 1024 * 1024}"' in page


# --- one stored copy per content ----------------------------------------------------------


def test_the_same_file_for_two_indicators_is_stored_once(people, draft):
    operator = people["operator_contoh"]
    first = evidence_add(
        answer=answer_of(draft, "1.1"), actor=operator, upload=pdf("Anjab.pdf"), requirement=0
    )
    second = evidence_add(
        answer=answer_of(draft, "1.3"), actor=operator, upload=pdf("anjab-lagi.pdf"), requirement=0
    )
    assert EvidenceFile.objects.count() == 1
    assert first.document == second.document
    assert first.file.name == second.file.name
    _dirs, stored = default_storage.listdir(first.file.name.rsplit("/", 1)[0])
    assert len(stored) == 1
    # Each attachment keeps the name it was uploaded under.
    assert second.original_name == "anjab-lagi.pdf"
    different = evidence_add(
        answer=answer_of(draft, "1.1"),
        actor=operator,
        upload=other_pdf("peta.pdf", "lain"),
        requirement=1,
    )
    assert different.document != first.document
    assert EvidenceFile.objects.count() == 2


def test_another_agency_with_the_same_file_has_its_own_copy(people, draft, instrument, wilayah):
    lain = workflow.assessment_create(
        instansi=wilayah["kabupaten_lain"],
        year=2026,
        instrument=instrument,
        actor=people["admin_lain"],
    )
    mine = evidence_add(
        answer=answer_of(draft, "1.1"), actor=people["operator_contoh"], upload=pdf(), requirement=0
    )
    theirs = evidence_add(
        answer=answer_of(lain, "1.1"), actor=people["operator_lain"], upload=pdf(), requirement=0
    )
    assert mine.document != theirs.document
    assert mine.file.name != theirs.file.name


# --- uploading from the page (one request per file) ----------------------------------------


def test_an_upload_answers_with_the_indicators_list_and_the_result(client, people, draft):
    client.force_login(people["operator_contoh"])
    answer = answer_of(draft, "1.1")
    response = client.post(
        upload_url(draft, answer),
        {"file": pdf("SK Anjab.pdf"), "requirement": "1"},
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-ok="1"' in page
    assert "Bukti SK Anjab.pdf diunggah untuk indikator 1.1." in page
    assert f'id="evidence-{answer.pk}"' in page
    # The file is shown under its document with version, uploader and time.
    operator = str(people["operator_contoh"])
    assert "SK Anjab.pdf" in page and "versi 1" in page and f"diunggah {operator}," in page

    refused = client.post(
        upload_url(draft, answer),
        {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")},
        **HTMX,
    ).content.decode()
    assert 'data-ok="0"' in refused
    assert "bukan PDF, gambar, atau dokumen Office" in refused


def test_a_file_over_the_limit_is_refused_with_the_number_the_form_shows(
    client, people, draft, settings
):
    settings.ASSESSMENT_EVIDENCE_MAX_BYTES = 100
    client.force_login(people["operator_contoh"])
    answer = answer_of(draft, "1.1")
    form = client.get(f"/penilaian/{draft.pk}/aspek/1/").content.decode().replace("\xa0", " ")
    assert 'data-max-bytes="100"' in form
    assert "maksimal 100 bita per berkas" in form
    refused = client.post(upload_url(draft, answer), {"file": pdf("besar.pdf")}, **HTMX)
    text = refused.content.decode().replace("\xa0", " ")
    assert "Batasnya 100 bita." in text
    assert not Evidence.objects.exists()


def test_several_files_without_script_are_each_uploaded(client, people, draft):
    client.force_login(people["operator_contoh"])
    answer = answer_of(draft, "1.1")
    response = client.post(
        upload_url(draft, answer),
        {"file": [pdf("a.pdf"), other_pdf("b.pdf", "b")], "requirement": "0"},
        follow=True,
    )
    page = response.content.decode()
    assert "Bukti a.pdf diunggah" in page and "Bukti b.pdf diunggah" in page
    assert answer.evidence.count() == 2


# --- versions -------------------------------------------------------------------------------


def test_a_replacement_is_the_next_version_of_the_same_document(people, draft):
    operator = people["operator_contoh"]
    answer = answer_of(draft, "1.1")
    first = evidence_add(answer=answer, actor=operator, upload=pdf("v1.pdf"), requirement=1)
    second = evidence_add(
        answer=answer,
        actor=operator,
        upload=other_pdf("v2.pdf", "2"),
        requirement=None,
        replaces=first,
    )
    assert (first.version, second.version) == (1, 2)
    assert second.requirement == 1
    assert second.requirement_label() == "Keputusan penetapan Anjab dan ABK"


# --- removing a wrong file ------------------------------------------------------------------


def test_the_operator_removes_a_wrong_file_and_the_audit_says_who_and_when(client, people, draft):
    operator = people["operator_contoh"]
    answer = answer_of(draft, "1.1")
    wrong = evidence_add(answer=answer, actor=operator, upload=pdf("salah.pdf"), requirement=0)
    client.force_login(operator)
    response = client.post(f"/penilaian/bukti/{wrong.public_id}/hapus/", **HTMX)
    page = response.content.decode()
    assert "Bukti salah.pdf dihapus dari indikator 1.1." in page
    assert "belum ada" in page
    wrong.refresh_from_db()
    assert wrong.removed_by == operator and wrong.removed_at is not None
    event = AuditEvent.objects.get(action="assessment.evidence_removed")
    assert event.actor == operator
    assert "salah.pdf (versi 1) dihapus dari 1.1" in event.summary
    # Off the checklist, still stored until the retention period ends.
    assert workflow.missing_evidence(answer_of(draft, "1.1")) == [
        "Dokumen Anjab dan ABK",
        "Keputusan penetapan Anjab dan ABK",
    ]
    assert default_storage.exists(wrong.file.name)


def test_removal_is_refused_once_submitted(client, people, draft):
    operator = people["operator_contoh"]
    fill_in(draft, operator)
    workflow.assessment_submit(assessment=draft, actor=operator)
    evidence = answer_of(draft, "1.1").evidence.first()
    client.force_login(operator)
    response = client.post(f"/penilaian/bukti/{evidence.public_id}/hapus/", follow=True)
    assert "terkunci" in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.removed_at is None
    with pytest.raises(workflow.WorkflowError):
        evidence_remove(evidence=evidence, actor=operator)


def test_another_agency_cannot_remove_or_open_the_file(client, people, draft):
    evidence = evidence_add(
        answer=answer_of(draft, "1.1"), actor=people["operator_contoh"], upload=pdf(), requirement=0
    )
    client.force_login(people["operator_lain"])
    assert client.post(f"/penilaian/bukti/{evidence.public_id}/hapus/").status_code == 404
    assert client.get(f"/penilaian/bukti/{evidence.public_id}/").status_code == 404
    evidence.refresh_from_db()
    assert evidence.removed_at is None


def test_a_removed_file_is_deleted_from_storage_after_the_retention_period(people, draft, settings):
    settings.ASSESSMENT_EVIDENCE_REMOVED_KEEP_DAYS = 30
    operator = people["operator_contoh"]
    wrong = evidence_add(
        answer=answer_of(draft, "1.1"),
        actor=operator,
        upload=other_pdf("x.pdf", "x"),
        requirement=0,
    )
    shared = evidence_add(
        answer=answer_of(draft, "1.2"), actor=operator, upload=pdf("bersama.pdf"), requirement=0
    )
    shared_again = evidence_add(
        answer=answer_of(draft, "1.3"), actor=operator, upload=pdf("bersama.pdf"), requirement=0
    )
    evidence_remove(evidence=wrong, actor=operator)
    evidence_remove(evidence=shared, actor=operator)
    name = wrong.file.name

    assert purge_removed(timezone.now() + dt.timedelta(days=29)) == 0
    assert default_storage.exists(name)

    later = timezone.now() + dt.timedelta(days=31)
    assert purge_removed(later, dry_run=True) == 1
    assert default_storage.exists(name)
    assert purge_removed(later) == 1
    assert not default_storage.exists(name)
    wrong.refresh_from_db()
    assert wrong.file.name == "" and wrong.removed_by == operator  # the record stays
    # The file still attached to 1.3 is kept.
    assert default_storage.exists(shared_again.file.name)


def test_the_nightly_cleanup_purges_removed_evidence(people, draft, settings, capsys):
    settings.ASSESSMENT_EVIDENCE_REMOVED_KEEP_DAYS = 0
    operator = people["operator_contoh"]
    wrong = evidence_add(
        answer=answer_of(draft, "1.1"), actor=operator, upload=pdf(), requirement=0
    )
    name = wrong.file.name
    evidence_remove(evidence=wrong, actor=operator)
    call_command("bersihkan")
    assert "1 bukti yang dihapus operator" in capsys.readouterr().out
    assert not default_storage.exists(name)


# --- the library ---------------------------------------------------------------------------


def test_a_library_document_is_attached_to_another_indicator_by_reference(client, people, draft):
    operator = people["operator_contoh"]
    source = evidence_add(
        answer=answer_of(draft, "1.1"), actor=operator, upload=pdf("Anjab.pdf"), requirement=0
    )
    target = answer_of(draft, "1.3")
    client.force_login(operator)
    response = client.post(
        f"/penilaian/{draft.pk}/jawaban/{target.pk}/lampirkan/",
        {"document": source.document_id, "requirement": "0"},
        follow=True,
    )
    assert "Anjab.pdf dari pustaka dilampirkan untuk indikator 1.3." in response.content.decode()
    attached = target.evidence.get()
    assert attached.file.name == source.file.name
    assert EvidenceFile.objects.count() == 1


def test_another_agencys_library_document_cannot_be_attached(client, people, draft, instrument):
    lain_doc = EvidenceFile.objects.create(
        instansi=people["operator_lain"].instansi,
        sha256="0" * 64,
        file=pdf(),
        original_name="rahasia.pdf",
        content_type="application/pdf",
        size=10,
    )
    target = answer_of(draft, "1.1")
    client.force_login(people["operator_contoh"])
    response = client.post(
        f"/penilaian/{draft.pk}/jawaban/{target.pk}/lampirkan/",
        {"document": lain_doc.pk, "requirement": "0"},
    )
    assert response.status_code == 404
    assert not target.evidence.exists()
    response = client.post(
        f"/penilaian/pustaka-bukti/{lain_doc.pk}/", {"valid_until": "2030-01-01"}
    )
    assert response.status_code == 404


def test_expiring_evidence_is_listed_before_the_next_round(client, people, draft, settings):
    settings.ASSESSMENT_EVIDENCE_EXPIRY_WARNING_DAYS = 60
    operator = people["operator_contoh"]
    soon = evidence_add(
        answer=answer_of(draft, "1.1"), actor=operator, upload=pdf("SK Tim 2025.pdf"), requirement=0
    )
    later = evidence_add(
        answer=answer_of(draft, "1.2"),
        actor=operator,
        upload=other_pdf("Peta jabatan.pdf", "p"),
        requirement=0,
    )
    today = timezone.localdate()
    client.force_login(operator)
    response = client.post(
        f"/penilaian/pustaka-bukti/{soon.document_id}/",
        {
            "effective_date": "2025-01-02",
            "valid_until": (today + dt.timedelta(days=20)).isoformat(),
        },
        follow=True,
    )
    assert "Masa berlaku SK Tim 2025.pdf disimpan." in response.content.decode()
    client.post(
        f"/penilaian/pustaka-bukti/{later.document_id}/",
        {"valid_until": (today + dt.timedelta(days=400)).isoformat()},
    )
    soon.document.refresh_from_db()
    assert soon.document.effective_date == dt.date(2025, 1, 2)
    # The upload date stays the upload's.
    assert timezone.localdate(soon.document.uploaded) == today

    for url in ("/penilaian/pustaka-bukti/", "/penilaian/baru/"):
        page = client.get(url).content.decode()
        start = page.index('data-testid="expiring"')
        box = page[start : page.index("</div>", start)]
        assert "SK Tim 2025.pdf" in box
        assert "Peta jabatan.pdf" not in box

    refused = client.post(
        f"/penilaian/pustaka-bukti/{later.document_id}/",
        {"effective_date": "2026-05-01", "valid_until": "2026-01-01"},
        follow=True,
    )
    assert "tidak boleh sebelum" in refused.content.decode()


def test_the_operator_sets_a_files_validity_from_the_indicator_it_was_uploaded_for(
    client, people, draft
):
    # A name as agencies write them: spaces, "&", "#" and parentheses survive the link.
    NAME = "SK Bupati No. 800.1.2 & Lampiran #2 (2026).pdf"
    client.force_login(people["operator_contoh"])
    answer = answer_of(draft, "1.1")
    evidence_add(
        answer=answer, actor=people["operator_contoh"], upload=other_pdf("Peta.pdf", "x"),
        requirement=0,
    )  # fmt: skip
    fragment = client.post(
        upload_url(draft, answer), {"file": pdf(NAME), "requirement": "0"}, **HTMX
    ).content.decode()
    document = EvidenceFile.objects.get(original_name=NAME)
    # Next to the file: a link to its row of the library, found by its name.
    start = fragment.index("(2026).pdf</a>")
    link = fragment[fragment.index('data-testid="evidence-dates"', start) :]
    href = link[link.index('href="') + 6 : link.index('"', link.index('href="') + 6)]
    assert href == "/penilaian/pustaka-bukti/?q=" + quote(NAME)
    library = client.get(href).content.decode()
    assert library.count('data-testid="library-row"') == 1
    assert f'<input type="hidden" name="q" value="{escape(NAME)}">' in library

    saved = client.post(
        f"/penilaian/pustaka-bukti/{document.pk}/",
        {"valid_until": "2027-06-30", "q": NAME},
    )
    # Back to the same row, not the whole library.
    assert saved.url == "/penilaian/pustaka-bukti/?" + urlencode({"q": NAME})
    assert f"Masa berlaku {escape(NAME)} disimpan." in client.get(saved.url).content.decode()
    document.refresh_from_db()
    assert document.valid_until == dt.date(2027, 6, 30)
    # The indicator's list shows the date the operator set.
    page = client.get(f"/penilaian/{draft.pk}/aspek/{answer.indicator.aspect.order}/")
    assert "berlaku sampai 30 Jun 2027" in page.content.decode()


def test_the_library_page_costs_the_same_queries_for_one_row_or_many(client, people, draft):
    operator = people["operator_contoh"]
    client.force_login(operator)
    evidence_add(answer=answer_of(draft, "1.1"), actor=operator, upload=pdf(), requirement=0)
    client.get("/penilaian/pustaka-bukti/")
    with CaptureQueriesContext(connection) as one:
        client.get("/penilaian/pustaka-bukti/")
    for n in range(6):
        evidence_add(
            answer=answer_of(draft, "1.2"),
            actor=operator,
            upload=other_pdf(f"d{n}.pdf", str(n)),
            requirement=0,
        )
    with CaptureQueriesContext(connection) as seven:
        page = client.get("/penilaian/pustaka-bukti/").content.decode()
    assert page.count('data-testid="library-row"') == 7
    assert len(seven) == len(one)


# --- the download view ----------------------------------------------------------------------


def test_a_pdf_or_image_opens_inline_and_may_be_framed_by_our_pages(client, people, draft):
    operator = people["operator_contoh"]
    answer = answer_of(draft, "1.1")
    document = evidence_add(answer=answer, actor=operator, upload=pdf("SK.pdf"), requirement=0)
    image = evidence_add(
        answer=answer,
        actor=operator,
        upload=SimpleUploadedFile("foto.png", PNG_BYTES, "image/png"),
        requirement=1,
    )
    client.force_login(people["reviewer_provinsi"])
    for evidence in (document, image):
        response = client.get(f"/penilaian/bukti/{evidence.public_id}/")
        assert response["Content-Disposition"].startswith("inline")
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    saved = client.get(f"/penilaian/bukti/{document.public_id}/?unduh=1")
    assert saved["Content-Disposition"].startswith("attachment")
    # Every other page still refuses to be framed.
    review = client.get(f"/penilaian/{draft.pk}/")
    assert review["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in review["Content-Security-Policy"]


def test_an_office_file_is_always_a_download(client, people, draft, tmp_path):
    path = tmp_path / "rekap.xlsx"
    Workbook().save(path)
    operator = people["operator_contoh"]
    evidence = evidence_add(
        answer=answer_of(draft, "1.1"),
        actor=operator,
        upload=SimpleUploadedFile("rekap.xlsx", path.read_bytes()),
        requirement=0,
    )
    client.force_login(operator)
    response = client.get(f"/penilaian/bukti/{evidence.public_id}/")
    assert response["Content-Disposition"].startswith("attachment")


def test_last_years_document_is_reused_next_year_without_a_new_copy(
    client, people, instrument, wilayah
):
    operator = people["operator_contoh"]
    last_year = workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2025, instrument=instrument, actor=operator
    )
    old = evidence_add(
        answer=answer_of(last_year, "1.2"),
        actor=operator,
        upload=pdf("Peta jabatan 2025.pdf"),
        requirement=0,
    )
    this_year = workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2026, instrument=instrument, actor=operator
    )
    target = answer_of(this_year, "1.2")
    client.force_login(operator)
    # The indicator offers the library's documents, last year's included.
    page = client.get(f"/penilaian/{this_year.pk}/aspek/1/").content.decode()
    assert f'<option value="{old.document_id}">Peta jabatan 2025.pdf' in page
    client.post(
        f"/penilaian/{this_year.pk}/jawaban/{target.pk}/lampirkan/",
        {"document": old.document_id, "requirement": "0"},
    )
    reused = target.evidence.get()
    assert (reused.document_id, reused.file.name) == (old.document_id, old.file.name)
    assert EvidenceFile.objects.count() == 1
    # Uploading the same bytes again this year also lands on the one stored copy.
    again = evidence_add(
        answer=answer_of(this_year, "1.1"), actor=operator, upload=pdf("salinan.pdf"), requirement=0
    )
    assert again.document_id == old.document_id
    library = client.get("/penilaian/pustaka-bukti/").content.decode()
    assert library.count('data-testid="library-row"') == 1
    assert "2025 · 1.2" in library and "2026 · 1.2" in library and "2026 · 1.1" in library
