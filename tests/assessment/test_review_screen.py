"""The reviewer's screen: each indicator with the self level and its description, the
operator's note and the evidence (previewed in the page); a return with a reason of several
lines, checked when saved; the change summary; accepting the self levels with a count; and
four-eyes finalising where the instrument asks for it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment import workflow
from assessment.evidence import evidence_add, evidence_remove
from assessment.instrument_io import InstrumentError, export_instrument, load_instrument_text
from tests.factories import DEFAULT_INSTRUMENT, PDF_BYTES, UserFactory

from .conftest import fill_in

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def submitted(draft, people):
    fill_in(draft, people["operator_contoh"])
    workflow.assessment_submit(assessment=draft, actor=people["operator_contoh"])
    draft.refresh_from_db()
    return draft


def answer_of(assessment, code):
    return assessment.answers.select_related("indicator").get(indicator__code=code)


def review_url(assessment):
    return f"/penilaian/{assessment.pk}/verifikasi/"


def save_return(client, assessment, code, reason, ticked=True):
    data = {"part": "return", "return_reason": reason}
    if ticked:
        data["return_requested"] = "on"
    a = answer_of(assessment, code)
    return client.post(f"{review_url(assessment)}{a.pk}/", data, **HTMX)


def row_of(page: str, code: str) -> str:
    start = page.index(f'data-testid="review-{code}"')
    return page[start : page.index("</tr>", start)]


def test_each_indicator_shows_level_description_note_and_evidence_with_preview(
    client, people, submitted
):
    client.force_login(people["reviewer_provinsi"])
    page = client.get(review_url(submitted)).content.decode()
    row = row_of(page, "1.1")
    # Level 3 of 1.1 in the default instrument, with its description.
    assert "Level 3</strong> · Anjab dan ABK disusun untuk seluruh jabatan dan ditetapkan." in row
    assert "Dokumen sudah ditetapkan." in row
    # Which expected document each file is for, its version, who uploaded it.
    assert "Keputusan penetapan Anjab dan ABK" in row
    assert "versi 1" in row and str(people["operator_contoh"]) in row
    evidence = answer_of(submitted, "1.1").evidence.first()
    assert f'data-src="/penilaian/bukti/{evidence.public_id}/"' in row
    assert 'data-kind="pdf"' in row
    assert 'target="_blank"' in row


def test_ticking_return_saves_nothing_until_the_return_is_saved_with_a_reason(
    client, people, submitted
):
    client.force_login(people["reviewer_provinsi"])
    a = answer_of(submitted, "4.1")
    # The level autosaves without the return fields: no reason demanded, nothing returned.
    response = client.post(f"{review_url(submitted)}{a.pk}/", {"verified_level": 3}, **HTMX)
    assert "Tersimpan" in response.content.decode()
    # Saving the return without a reason is refused, beside the box.
    refused = save_return(client, submitted, "4.1", "   ").content.decode()
    assert "Tuliskan alasan pengembalian indikator ini." in refused
    a.refresh_from_db()
    assert not a.return_requested
    # A reason of two lines is kept as two lines.
    saved = save_return(client, submitted, "4.1", "Pola karier belum ditetapkan.\r\nLampirkan SK.")
    assert "4.1 ditandai untuk dikembalikan." in saved.content.decode()
    a.refresh_from_db()
    assert a.return_reason == "Pola karier belum ditetapkan.\nLampirkan SK."
    # A later level change keeps the return as it was.
    client.post(f"{review_url(submitted)}{a.pk}/", {"verified_level": 2}, **HTMX)
    a.refresh_from_db()
    assert a.return_requested and a.verified_level == 2


def test_after_resubmission_the_reason_is_history_and_the_field_is_empty(client, people, submitted):
    reviewer, operator = people["reviewer_provinsi"], people["operator_contoh"]
    client.force_login(reviewer)
    save_return(client, submitted, "4.1", "Pola karier belum ditetapkan.\nLampirkan SK.")
    page = client.get(review_url(submitted)).content.decode()
    assert "Pola karier belum ditetapkan.\nLampirkan SK.</textarea>" in row_of(page, "4.1")
    client.post(f"/penilaian/{submitted.pk}/kembalikan/")
    workflow.assessment_submit(assessment=submitted, actor=operator)

    page = client.get(review_url(submitted)).content.decode()
    row = row_of(page, "4.1")
    assert "Alasan pengembalian sebelumnya:<br>Pola karier belum ditetapkan.<br>Lampirkan SK." in (
        row
    )
    start = row.index('name="return_reason"')
    assert row[start : row.index("</textarea>", start)].endswith(">")  # empty field
    assert 'id="ret-' in row and "checked" not in row[row.index('id="ret-') :][:80]


def test_a_replaced_file_counts_once_in_the_change_summary(client, people, submitted):
    reviewer, operator = people["reviewer_provinsi"], people["operator_contoh"]
    client.force_login(reviewer)
    save_return(client, submitted, "1.1", "SK belum ditandatangani.")
    save_return(client, submitted, "1.2", "Peta jabatan salah berkas.")
    client.post(f"/penilaian/{submitted.pk}/kembalikan/")
    submitted.refresh_from_db()

    replaced_answer = answer_of(submitted, "1.1")
    old = replaced_answer.evidence.get(requirement=1)
    signed = SimpleUploadedFile("SK ttd.pdf", PDF_BYTES + b"%ttd\n", "application/pdf")
    evidence_add(
        answer=replaced_answer, actor=operator, upload=signed, requirement=None, replaces=old
    )
    # On 1.2 the wrong file is removed and a right one added.
    other = answer_of(submitted, "1.2")
    evidence_remove(evidence=other.evidence.get(), actor=operator)
    right = SimpleUploadedFile("peta.pdf", PDF_BYTES + b"%peta\n", "application/pdf")
    evidence_add(answer=other, actor=operator, upload=right, requirement=0)
    workflow.assessment_submit(assessment=submitted, actor=operator)

    page = client.get(review_url(submitted)).content.decode()
    assert "1 bukti diganti" in row_of(page, "1.1")
    assert "bukti baru" not in row_of(page, "1.1")
    assert "1 bukti baru; 1 bukti dihapus" in row_of(page, "1.2")


def test_accepting_the_self_levels_asks_first_and_says_how_many(client, people, submitted):
    reviewer = people["reviewer_provinsi"]
    a = answer_of(submitted, "1.1")
    workflow.answer_verify(answer=a, actor=reviewer, verified_level=2, note="")
    client.force_login(reviewer)
    page = client.get(review_url(submitted)).content.decode()
    count = submitted.answers.count() - 1
    assert f"Terima level mandiri untuk {count} indikator yang belum diverifikasi" in page
    assert (
        f'data-confirm="Terima level mandiri sebagai level verifikasi untuk {count} indikator'
        in page
    )
    response = client.post(f"/penilaian/{submitted.pk}/terima-level/", follow=True)
    assert f"Level mandiri diterima untuk {count} indikator" in response.content.decode()
    a.refresh_from_db()
    assert a.verified_level == 2  # already verified: untouched
    assert workflow.unverified_count(submitted) == 0


def test_four_eyes_the_verifier_may_not_finalise_where_the_instrument_says_so(
    client, people, submitted, instrument
):
    instrument.finalise_by_other_reviewer = True
    instrument.save()
    verifier = people["reviewer_provinsi"]
    workflow.accept_self_levels(assessment=submitted, actor=verifier)
    workflow.assessment_verify(assessment=submitted, actor=verifier)

    with pytest.raises(workflow.WorkflowError, match="empat mata"):
        workflow.assessment_finalise(assessment=submitted, actor=verifier)
    assert submitted.status == "verified"
    assert "finalise" not in workflow.allowed_actions(verifier, submitted)
    client.force_login(verifier)
    page = client.get(review_url(submitted)).content.decode()
    assert 'data-testid="four-eyes"' in page
    refused = client.post(f"/penilaian/{submitted.pk}/finalkan/", follow=True)
    assert "empat mata" in refused.content.decode()

    second = UserFactory(username="reviewer_kedua", role=verifier.role, instansi=verifier.instansi)
    assert "finalise" in workflow.allowed_actions(second, submitted)
    workflow.assessment_finalise(assessment=submitted, actor=second)
    assert submitted.status == "final"


def test_without_four_eyes_the_verifier_finalises(people, submitted):
    verifier = people["reviewer_provinsi"]
    workflow.accept_self_levels(assessment=submitted, actor=verifier)
    workflow.assessment_verify(assessment=submitted, actor=verifier)
    workflow.assessment_finalise(assessment=submitted, actor=verifier)
    assert submitted.status == "final"


def test_four_eyes_is_set_in_the_instrument_file_and_exported_back():
    text = DEFAULT_INSTRUMENT.read_text(encoding="utf-8").replace(
        "version: 1", "version: 9\nfinalise_by_other_reviewer: true", 1
    )
    instrument, _created = load_instrument_text(text)
    assert instrument.finalise_by_other_reviewer
    assert "finalise_by_other_reviewer: true" in export_instrument(instrument)
    wrong = text.replace("finalise_by_other_reviewer: true", "finalise_by_other_reviewer: ya")
    with pytest.raises(InstrumentError, match="harus true atau false"):
        load_instrument_text(wrong.replace("version: 9", "version: 10", 1))
