"""The final scorecard is frozen at finalisation; anyone can check its code on a public page."""

from __future__ import annotations

import hashlib

import pytest

from assessment import workflow
from assessment.models import FrozenScorecard

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def download(client, assessment) -> bytes:
    response = client.get(f"/penilaian/{assessment.pk}/kartu-nilai.pdf?unduh=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_finalising_freezes_the_scorecard_once_with_its_hash(final):
    frozen = FrozenScorecard.objects.get(assessment=final)
    with frozen.file.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == frozen.sha256
    assert frozen.size == len(content)
    assert frozen.total == final.verified_total
    assert frozen.category == "III Baik"
    # Stored privately under an unguessable name, not under the agency's name.
    assert frozen.file.name.startswith("kartu-nilai/")
    assert "Contoh" not in frozen.file.name
    step = final.transitions.get(action="finalised")
    assert step.detail["verification_code"] == frozen.code


def test_the_final_scorecard_is_served_unchanged_even_after_data_changes(client, people, final):
    client.force_login(people["reviewer_provinsi"])
    first = download(client, final)
    second = download(client, final)
    assert first == second
    # Someone renames the agency and edits a note directly in the database: the paper
    # the agency signed does not change.
    final.instansi.nama = "Kabupaten Contoh Baru"
    final.instansi.save()
    final.answers.update(reviewer_note="Catatan yang diubah belakangan")
    client.force_login(people["operator_contoh"])
    third = download(client, final)
    assert third == first
    assert hashlib.sha256(third).hexdigest() == final.frozen_scorecards.get().sha256
    assert "Kabupaten Contoh Baru" not in "\n".join(pdf_text(third))


def test_a_draft_scorecard_is_rendered_fresh_and_says_draft(client, people, filled):
    client.force_login(people["operator_contoh"])
    text = "\n".join(pdf_text(download(client, filled)))
    assert "DRAF" in text
    assert not FrozenScorecard.objects.exists()


def test_anyone_checks_a_code_on_the_public_page(client, final):
    frozen = final.frozen_scorecards.get()
    page = client.get("/penilaian/verifikasi/", {"kode": frozen.code}).content.decode()
    assert "Dokumen asli" in page
    assert "Kabupaten Contoh" in page and "2026" in page
    assert "300,00" in page and "III Baik" in page
    # Nothing else: no notes, no evidence, no people.
    assert "Sesuai bukti" not in page
    assert "reviewer_provinsi" not in page.lower().replace(" ", "_")


def test_a_code_typed_loosely_is_still_found(client, final):
    code = final.frozen_scorecards.get().code
    typed = code.lower().replace("-", " ")
    page = client.get("/penilaian/verifikasi/", {"kode": typed}).content.decode()
    assert "Dokumen asli" in page


def test_an_unknown_code_is_clearly_not_found(client, final):
    page = client.get("/penilaian/verifikasi/", {"kode": "MRT-AAAA-BBBB-CCCC"}).content.decode()
    assert "Kode tidak ditemukan" in page
    assert "Kabupaten Contoh" not in page
    page = client.get("/penilaian/verifikasi/", {"kode": "<script>x</script>"}).content.decode()
    assert "Kode tidak ditemukan" in page
    assert "<script>x</script>" not in page


def test_reopening_voids_the_frozen_scorecard_and_finalising_again_freezes_a_new_one(
    client, people, final
):
    old = final.frozen_scorecards.get()
    workflow.assessment_reopen(
        assessment=final, actor=people["superadmin"], reason="Salah hitung aspek 3"
    )
    old.refresh_from_db()
    assert old.voided_at is not None and old.void_reason == "Salah hitung aspek 3"
    page = client.get("/penilaian/verifikasi/", {"kode": old.code}).content.decode()
    assert "Dokumen sudah dibatalkan" in page
    assert "Dokumen asli" not in page
    # While reopened, the download is a draft again.
    client.force_login(people["reviewer_provinsi"])
    assert "DRAF" in "\n".join(pdf_text(download(client, final)))

    reviewer = people["reviewer_provinsi"]
    answer = final.answers.order_by("pk").first()
    workflow.answer_verify(
        answer=answer,
        actor=reviewer,
        verified_level=4,
        note="",
        return_requested=False,
        return_reason="",
    )
    workflow.assessment_verify(assessment=final, actor=reviewer)
    workflow.assessment_finalise(assessment=final, actor=reviewer)
    new = final.frozen_scorecards.get(voided_at__isnull=True)
    assert new.code != old.code
    assert new.total > old.total
    text = "\n".join(pdf_text(download(client, final)))
    assert new.code in text and old.code not in text
    page = client.get("/penilaian/verifikasi/", {"kode": new.code}).content.decode()
    assert "Dokumen asli" in page


def test_the_verification_page_needs_no_login(client, db):
    response = client.get("/penilaian/verifikasi/")
    assert response.status_code == 200
    assert "Kode verifikasi" in response.content.decode()


def test_a_disk_that_refuses_the_pdf_leaves_the_assessment_verified(
    client, people, filled, settings, tmp_path
):
    blocked = tmp_path / "bukan-folder"
    blocked.write_text("a file where the media folder should be")
    reviewer = people["reviewer_provinsi"]
    workflow.assessment_submit(assessment=filled, actor=people["admin_contoh"])
    workflow.accept_self_levels(assessment=filled, actor=reviewer)
    workflow.assessment_verify(assessment=filled, actor=reviewer)
    settings.MEDIA_ROOT = blocked
    client.force_login(reviewer)
    response = client.post(f"/penilaian/{filled.pk}/finalkan/", follow=True)
    assert "Kartu nilai final tidak dapat disimpan" in response.content.decode()
    filled.refresh_from_db()
    assert filled.status == "verified"
    assert not FrozenScorecard.objects.exists()
    assert not filled.transitions.filter(action="finalised").exists()
