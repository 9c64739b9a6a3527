from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from assessment import workflow
from tests.assessment.conftest import fill_in


def pdf_text(content: bytes) -> list[str]:
    """The text of each page, as a person copying from the PDF would get it."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def finalise(assessment, people, *, verified_level: int = 3) -> None:
    """Submit (after filling in), verify every indicator at `verified_level`, finalise."""
    reviewer = people["reviewer_provinsi"]
    workflow.assessment_submit(assessment=assessment, actor=people["admin_contoh"])
    for answer in assessment.answers.all():
        workflow.answer_verify(
            answer=answer,
            actor=reviewer,
            verified_level=verified_level,
            note="Sesuai bukti.",
            return_requested=False,
            return_reason="",
        )
    workflow.assessment_verify(assessment=assessment, actor=reviewer)
    workflow.assessment_finalise(assessment=assessment, actor=reviewer)


@pytest.fixture
def filled(draft, people):
    """Kabupaten Contoh's 2026 assessment, every indicator answered at level 3."""
    fill_in(draft, people["admin_contoh"], level=3)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def final(filled, people):
    reviewer = people["reviewer_provinsi"]
    reviewer.nip = "198609262015051001"
    reviewer.save(update_fields=["nip"])
    filled.signing_place = "Contoh"
    filled.head_name = "Dr. Budi Santoso"
    filled.head_nip = "197001011990031001"
    filled.save()
    finalise(filled, people, verified_level=3)
    filled.refresh_from_db()
    return filled


@pytest.fixture
def kota_draft(instrument, people, wilayah):
    """Kota Contoh's 2026 assessment, nothing answered yet (the province's second agency)."""
    return workflow.assessment_create(
        instansi=wilayah["kota"], year=2026, instrument=instrument, actor=people["superadmin"]
    )
