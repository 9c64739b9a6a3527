"""The assessment's round trip in a real browser: an operator fills in and submits with
evidence, a reviewer returns one indicator, the operator corrects and resubmits, the reviewer
finalises, and both see the final score and category."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessment import workflow
from assessment.evidence import evidence_add
from assessment.instrument_io import load_instrument_text
from tests.factories import DEFAULT_INSTRUMENT, PDF_BYTES, pdf

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft_all_but_last_aspect(people, wilayah):
    """Aspects 1-7 were filled in on earlier days (with evidence); Sistem Informasi is left
    for the browser, so the journey stays short but goes through every kind of input."""
    instrument, _created = load_instrument_text(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
    operator = people["operator_contoh"]
    assessment = workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2026, instrument=instrument, actor=operator
    )
    for answer in assessment.answers.select_related("indicator__aspect"):
        if answer.indicator.aspect.order == 8:
            continue
        workflow.answer_save(
            answer=answer, actor=operator, expected_version=0, level=3, justification="Ada."
        )
        for index, _label in enumerate(answer.indicator.evidence_expected):
            evidence_add(answer=answer, actor=operator, upload=pdf(), requirement=index)
    return assessment


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)


def answer_indicator(page, code: str, level: int, text: str) -> None:
    section = page.get_by_test_id(f"indicator-{code}")
    with page.expect_response(re.compile(r"/jawaban/\d+/$")):
        section.get_by_role("radio").nth(level - 1).check()
    expect(section.get_by_test_id("saved-state")).to_be_visible()
    with page.expect_response(re.compile(r"/jawaban/\d+/$")):
        section.get_by_label(f"Penjelasan ({code})").fill(text)
        section.get_by_label(f"Penjelasan ({code})").press("Tab")


def upload_all_evidence(page, code: str, path) -> None:
    """One file for each expected document: chosen, assigned in its queue row, uploaded
    without a page reload; the result shows in the row."""
    zone = page.get_by_test_id(f"dropzone-{code}")
    count = zone.locator("[data-requirements] option").count() - 1  # minus "Lainnya"
    for index in range(count):
        zone.get_by_label(f"Berkas ({code})").set_input_files(str(path))
        row = zone.get_by_test_id("upload-row").last
        row.get_by_role("combobox").select_option(index=index)
        zone.get_by_role("button", name="Unggah").click()
        expect(row).to_contain_text(f"diunggah untuk indikator {code}")
    expect(page.get_by_test_id(f"checklist-{code}").get_by_text("belum ada")).to_have_count(0)


def test_fill_submit_return_correct_resubmit_finalise(
    page, login, people, draft_all_but_last_aspect, tmp_path
):
    assessment = draft_all_but_last_aspect
    evidence = tmp_path / "SK e-office 2026.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.on("dialog", lambda dialog: dialog.accept())

    # The operator opens the assessment: Sistem Informasi is still missing.
    login("operator_contoh")
    page.get_by_role("link", name="Penilaian", exact=True).click()
    page.get_by_role("link", name="Kabupaten Contoh").click()
    expect(page.get_by_test_id("problems")).to_contain_text("Indikator 8.1 belum dijawab.")
    expect(page.get_by_test_id("derived-notice")).to_be_visible()
    page.get_by_role("link", name="8. Sistem Informasi").click()

    for code in ["8.1", "8.2", "8.3", "8.4"]:
        answer_indicator(page, code, 3, f"Bukti {code} terlampir.")
        upload_all_evidence(page, code, evidence)
    page.reload()
    expect(page.get_by_label("Penjelasan (8.4)")).to_have_value("Bukti 8.4 terlampir.")
    expect(page.get_by_test_id("self-total")).to_have_text("300,00")
    expect(page.get_by_test_id("self-category")).to_have_text("Kategori III Baik")
    screenshot(page, "assessment-aspect-filled")

    page.get_by_role("link", name=str(assessment)).click()
    page.get_by_role("button", name="Ajukan untuk verifikasi").click()
    expect(page.get_by_text("Penilaian diajukan untuk verifikasi.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Diajukan")

    # The province reviewer accepts the self levels but returns 8.2 with a reason.
    switch_user(page, login, "reviewer_provinsi")
    page.get_by_role("link", name="Antrean verifikasi").first.click()
    page.get_by_role("link", name="Kabupaten Contoh").click()
    page.get_by_role("button", name="Terima level mandiri").click()
    row = page.get_by_test_id("review-8.2")
    row.get_by_label("Alasan pengembalian 8.2").fill("Dokumen integrasi belum ditandatangani.")
    row.get_by_label("Kembalikan 8.2").check()
    row.get_by_role("button", name="Simpan pengembalian 8.2").click()
    expect(row.get_by_test_id("return-state")).to_have_text("8.2 ditandai untuk dikembalikan.")
    page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    expect(page.get_by_text("Penilaian dikembalikan untuk perbaikan.")).to_be_visible()

    # The operator sees exactly which indicator to fix, and fixes it.
    switch_user(page, login, "operator_contoh")
    page.goto(f"/penilaian/{assessment.pk}/")
    returned = page.get_by_test_id("returned-list")
    expect(returned).to_contain_text("8.2: Dokumen integrasi belum ditandatangani.")
    returned.get_by_role("link", name="8.2").click()
    expect(page.get_by_test_id("return-reason")).to_contain_text("belum ditandatangani")
    expect(page.get_by_test_id("indicator-8.1").get_by_role("radio").first).to_be_disabled()
    answer_indicator(page, "8.2", 2, "Integrasi baru uji coba; dokumen ditandatangani.")
    section = page.get_by_test_id("indicator-8.2")
    section.get_by_label("Berkas (8.2)").set_input_files(str(evidence))
    section.get_by_role("button", name="Unggah").click()
    expect(section.get_by_test_id("upload-row")).to_contain_text("diunggah untuk indikator 8.2")
    page.goto(f"/penilaian/{assessment.pk}/")
    page.get_by_role("button", name="Ajukan kembali").click()
    expect(page.get_by_test_id("status")).to_have_text("Diajukan")

    # The reviewer sees what changed, verifies 8.2 at 2 and finalises.
    switch_user(page, login, "reviewer_provinsi")
    page.goto(f"/penilaian/{assessment.pk}/verifikasi/")
    row = page.get_by_test_id("review-8.2")
    expect(row.get_by_test_id("changes")).to_contain_text("Level 3 menjadi 2")
    with page.expect_response(re.compile(r"/verifikasi/\d+/$")):
        row.get_by_label("Level verifikasi 8.2").select_option("2")
    page.get_by_role("button", name="Selesaikan verifikasi").click()
    expect(page.get_by_text("Verifikasi selesai.")).to_be_visible()
    page.get_by_role("button", name="Finalkan").click()
    expect(page.get_by_text("Penilaian difinalkan.")).to_be_visible()
    # 300 less 19 % x one level on one of four indicators.
    expect(page.get_by_test_id("verified-total")).to_have_text("295,25")
    expect(page.get_by_test_id("verified-category")).to_have_text("Kategori III Baik")
    expect(page.get_by_test_id("timeline-step")).to_have_count(6)
    screenshot(page, "assessment-reviewer-final")

    switch_user(page, login, "operator_contoh")
    page.goto(f"/penilaian/{assessment.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("Final")
    expect(page.get_by_test_id("verified-total")).to_have_text("295,25")
    expect(page.get_by_test_id("verified-category")).to_have_text("Kategori III Baik")
    expect(page.get_by_test_id("final-result")).to_contain_text("295,25")
    expect(page.get_by_test_id("final-result")).to_contain_text("Kategori III Baik")
    expect(page.get_by_test_id("timeline")).to_contain_text("Dikembalikan untuk perbaikan")
    screenshot(page, "assessment-operator-final")


def test_an_autosave_that_never_reaches_the_server_says_so(
    page, login, people, draft_all_but_last_aspect
):
    """With the network down, the old "Tersimpan" time must not stay on screen."""
    assessment = draft_all_but_last_aspect
    login("operator_contoh")
    page.goto(f"/penilaian/{assessment.pk}/aspek/8/")
    page.route(re.compile(r"/jawaban/\d+/$"), lambda route: route.abort("internetdisconnected"))
    section = page.get_by_test_id("indicator-8.1")
    section.get_by_role("radio").nth(2).check()
    expect(section.get_by_text("Gagal menyimpan")).to_be_visible()
