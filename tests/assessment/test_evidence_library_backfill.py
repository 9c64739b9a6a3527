"""Evidence uploaded before the evidence library existed joins it (`manage.py
isi_pustaka_bukti`): the agency finds those documents in its library and attaches them to
later indicators and years like any other, each content stored once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from agencies.models import AuditEvent, Instansi
from assessment import workflow
from assessment.evidence import backfill_library, evidence_add, library
from assessment.models import Evidence, EvidenceFile
from tests.factories import PDF_BYTES, pdf

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.now() - dt.timedelta(days=400)


def answer_of(assessment, code):
    return assessment.answers.select_related("indicator").get(indicator__code=code)


def old_upload(answer, content: bytes = PDF_BYTES, name: str = "SK Anjab.pdf") -> Evidence:
    """A row as uploads made it before the library: its own stored copy, no document."""
    evidence = Evidence.objects.create(
        answer=answer,
        requirement=0,
        file=ContentFile(content, name="bukti.pdf"),
        original_name=name,
        content_type="application/pdf",
        size=len(content),
    )
    Evidence.objects.filter(pk=evidence.pk).update(uploaded=LAST_YEAR)
    evidence.refresh_from_db()
    return evidence


def test_old_evidence_joins_the_agency_s_library_dated_as_first_uploaded(people, draft):
    first = old_upload(answer_of(draft, "1.1"))
    other = old_upload(answer_of(draft, "1.2"), PDF_BYTES + b"%lain\n", "Peta jabatan.pdf")
    stored = {first.file.name, other.file.name}

    report = backfill_library()

    assert (report.attached, report.documents, report.copies_deleted) == (2, 2, 0)
    assert not report.missing
    documents = library(Instansi.objects.filter(pk=draft.instansi_id)).order_by("original_name")
    assert [d.original_name for d in documents] == ["Peta jabatan.pdf", "SK Anjab.pdf"]
    for evidence in Evidence.objects.all():
        assert evidence.document is not None
        assert evidence.file.name == evidence.document.file.name, "the row names its document"
        assert evidence.document.uploaded == LAST_YEAR
    assert {d.file.name for d in documents} == stored, "named, not copied"
    assert all(default_storage.exists(name) for name in stored)
    event = AuditEvent.objects.get(action="assessment.evidence.library_backfill")
    assert "2 lampiran, 2 dokumen baru" in event.summary


def test_one_content_stored_twice_before_keeps_one_copy(people, draft):
    """Before the library the same file for two indicators was stored twice; and a third
    copy came through the library since."""
    operator = people["operator_contoh"]
    a = old_upload(answer_of(draft, "1.1"))
    b = old_upload(answer_of(draft, "1.2"))
    since = evidence_add(
        answer=answer_of(draft, "1.3"), actor=operator, upload=pdf(), requirement=0
    )
    assert len({a.file.name, b.file.name, since.file.name}) == 3

    report = backfill_library()

    assert (report.attached, report.documents, report.copies_deleted) == (2, 0, 2)
    assert EvidenceFile.objects.count() == 1
    kept = since.document.file.name
    assert set(Evidence.objects.values_list("file", flat=True)) == {kept}
    assert default_storage.exists(kept)
    assert not default_storage.exists(a.file.name) and not default_storage.exists(b.file.name)


def test_each_agency_keeps_its_own_document(people, draft, instrument, wilayah):
    lain = workflow.assessment_create(
        instansi=wilayah["kabupaten_lain"],
        year=2026,
        instrument=instrument,
        actor=people["admin_lain"],
    )
    mine, theirs = old_upload(answer_of(draft, "1.1")), old_upload(answer_of(lain, "1.1"))

    assert backfill_library().documents == 2
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.document.instansi_id == draft.instansi_id
    assert theirs.document.instansi_id == lain.instansi_id


def test_a_dry_run_counts_and_changes_nothing_and_a_second_run_finds_nothing(people, draft):
    old_upload(answer_of(draft, "1.1"))
    old_upload(answer_of(draft, "1.2"))

    dry = backfill_library(dry_run=True)
    assert (dry.attached, dry.documents) == (2, 1), "two rows, one content"
    assert not EvidenceFile.objects.exists()
    assert Evidence.objects.filter(document__isnull=True).count() == 2

    assert backfill_library().attached == 2
    again = backfill_library()
    assert (again.attached, again.documents, again.copies_deleted) == (0, 0, 0)
    assert AuditEvent.objects.filter(action="assessment.evidence.library_backfill").count() == 1


def test_a_row_whose_file_is_gone_is_reported_and_left(people, draft, capsys):
    gone = old_upload(answer_of(draft, "1.1"))
    default_storage.delete(gone.file.name)
    kept = old_upload(answer_of(draft, "1.2"), PDF_BYTES + b"%lain\n")

    call_command("isi_pustaka_bukti")

    out, err = capsys.readouterr()
    assert "1 bukti sudah masuk pustaka: 1 dokumen baru, 0 salinan ganda dihapus." in out
    assert f"Berkas bukti {gone.public_id} tidak ditemukan" in err
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.document is None and kept.document is not None
