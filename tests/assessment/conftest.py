from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment import workflow
from assessment.evidence import evidence_add
from assessment.instrument_io import load_instrument_text

DEFAULT_INSTRUMENT = Path(__file__).resolve().parents[2] / "fixtures/instrumen/merit-2019.yaml"

# The smallest real PDF and PNG: the sniffer reads their first bytes.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def pdf(name: str = "bukti.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def instrument(db):
    instrument, _created = load_instrument_text(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
    return instrument


@pytest.fixture
def draft(instrument, people, wilayah):
    """Kabupaten Contoh's 2026 assessment, nothing answered yet."""
    return workflow.assessment_create(
        instansi=wilayah["kabupaten"],
        year=2026,
        instrument=instrument,
        actor=people["admin_contoh"],
    )


def fill_in(assessment, user, level: int = 3) -> None:
    """Answer every indicator with a justification and every expected document."""
    for answer in assessment.answers.select_related("indicator"):
        workflow.answer_save(
            answer=answer,
            actor=user,
            expected_version=answer.version,
            level=level,
            justification="Dokumen sudah ditetapkan.",
        )
        for index, _label in enumerate(answer.indicator.evidence_expected):
            evidence_add(answer=answer, actor=user, upload=pdf(), requirement=index)
