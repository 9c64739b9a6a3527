"""Evidence and review in a real browser (issue 11, "Done when"): the operator drops four
files on one indicator and sees each result beside it, removes the wrong one and submits;
the reviewer previews a PDF without leaving the review page and returns one indicator with
a two-line reason; the operator fixes it; the reviewer sees the change and finalises."""

from __future__ import annotations

import base64
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessment import workflow
from assessment.evidence import evidence_add
from assessment.instrument_io import load_instrument_text
from tests.factories import DEFAULT_INSTRUMENT, PDF_BYTES, PNG_BYTES, TEST_PASSWORD, pdf

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT = 50_000  # bytes; the form, the browser's check and the server all read this one


@pytest.fixture
def all_but_one_indicators_evidence(people, wilayah, settings):
    """Everything answered; every indicator has its evidence except 8.1 (Sistem Informasi),
    which the operator brings in the browser."""
    settings.ASSESSMENT_EVIDENCE_MAX_BYTES = LIMIT
    instrument, _created = load_instrument_text(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
    operator = people["operator_contoh"]
    assessment = workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2026, instrument=instrument, actor=operator
    )
    for answer in assessment.answers.select_related("indicator"):
        workflow.answer_save(
            answer=answer, actor=operator, expected_version=0, level=3, justification="Ada."
        )
        if answer.indicator.code == "8.1":
            continue
        for index, _label in enumerate(answer.indicator.evidence_expected):
            evidence_add(answer=answer, actor=operator, upload=pdf(), requirement=index)
    return assessment


def drop_files(page, test_id: str, files: list[tuple[str, str, bytes]]) -> None:
    """Drag files from the desktop onto the element, as a person would."""
    payload = [
        {"name": name, "type": kind, "b64": base64.b64encode(content).decode()}
        for name, kind, content in files
    ]
    transfer = page.evaluate_handle(
        """(files) => {
            const transfer = new DataTransfer();
            for (const f of files) {
                const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
                transfer.items.add(new File([bytes], f.name, {type: f.type}));
            }
            return transfer;
        }""",
        payload,
    )
    zone = page.get_by_test_id(test_id)
    zone.dispatch_event("dragover", {"dataTransfer": transfer})
    zone.dispatch_event("drop", {"dataTransfer": transfer})


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_drop_remove_submit_preview_return_fix_finalise(
    page, login, people, all_but_one_indicators_evidence
):
    assessment = all_but_one_indicators_evidence
    dialogs: list[str] = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)

    # --- the operator drops four files on 8.1 -------------------------------------------
    login("operator_contoh")
    page.goto(f"/penilaian/{assessment.pk}/aspek/8/")
    zone = page.get_by_test_id("dropzone-8.1")
    expect(zone).to_contain_text("maksimal 48,8 KB per berkas")
    drop_files(
        page,
        "dropzone-8.1",
        [
            ("Tangkapan layar SIMPEG.png", "image/png", PNG_BYTES),
            ("Laporan pemutakhiran data 2026.pdf", "application/pdf", PDF_BYTES + b"%lap\n"),
            ("Surat undangan rapat.pdf", "application/pdf", PDF_BYTES + b"%salah\n"),
            ("Pindaian SK.pdf", "application/pdf", PDF_BYTES + b"0" * (LIMIT + 1)),
        ],
    )
    rows = zone.get_by_test_id("upload-row")
    expect(rows).to_have_count(4)
    # Each file is assigned to the document its name suggests; the person may change it.
    expect(rows.nth(0).get_by_role("combobox")).to_have_value("0")
    expect(rows.nth(1).get_by_role("combobox")).to_have_value("1")
    expect(rows.nth(2).get_by_role("combobox")).to_have_value("")
    # The one over the limit is refused here, before it is sent, with the form's number.
    expect(rows.nth(3)).to_contain_text("terlalu besar (49,0\u00a0KB)")
    expect(rows.nth(3)).to_contain_text("Batasnya 48,8 KB")
    loads: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: loads.append(frame.url) if frame is page.main_frame else None,
    )
    zone.get_by_role("button", name="Unggah").click()
    for n in range(3):
        expect(rows.nth(n)).to_contain_text("diunggah untuk indikator 8.1")
    assert loads == []  # three files uploaded, no page load
    checklist = page.get_by_test_id("checklist-8.1")
    expect(checklist.get_by_text("belum ada")).to_have_count(0)
    expect(checklist).to_contain_text("Surat undangan rapat.pdf")
    screenshot(page, "evidence-four-files-dropped")

    # The wrong one goes, after a confirmation.
    page.get_by_role("button", name="Hapus Surat undangan rapat.pdf").click()
    expect(page.get_by_test_id("evidence-result-8.1")).to_have_text(
        "Bukti Surat undangan rapat.pdf dihapus dari indikator 8.1."
    )
    expect(page.get_by_test_id("checklist-8.1")).not_to_contain_text("Surat undangan rapat.pdf")
    assert any("Hapus Surat undangan rapat.pdf" in d for d in dialogs)

    page.goto(f"/penilaian/{assessment.pk}/")
    page.get_by_role("button", name="Ajukan untuk verifikasi").click()
    expect(page.get_by_test_id("status")).to_have_text("Diajukan")

    # --- the reviewer previews, accepts the rest, returns 8.2 -------------------------------
    switch_user(page, login, "reviewer_provinsi")
    page.goto(f"/penilaian/{assessment.pk}/verifikasi/")
    review_url = page.url
    row = page.get_by_test_id("review-8.1")
    expect(row.get_by_test_id("self-level")).to_contain_text("Level 3")
    expect(row).to_contain_text("Laporan pemutakhiran data")
    with page.expect_response(re.compile(r"/penilaian/bukti/[0-9a-f-]+/$")) as shown:
        row.get_by_role("button", name="Pratinjau Laporan pemutakhiran data 2026.pdf").click()
    assert shown.value.status == 200
    assert shown.value.headers["content-disposition"].startswith("inline")
    preview = page.get_by_test_id("preview-8.1")
    expect(preview.get_by_test_id("preview-viewer")).to_be_visible()
    assert page.url == review_url  # the review page stays
    screenshot(page, "review-pdf-preview")

    # The review page afresh, without the open PDF viewer: in headless Chromium its plugin
    # sometimes took the confirmation dialog down before the handler accepted it ("No dialog
    # is showing"; one CI run of five left the page unchanged), so nothing was submitted.
    page.goto(review_url)
    page.get_by_test_id("accept-all").click()
    expect(page.get_by_text("Level mandiri diterima")).to_be_visible()
    assert any("untuk 28 indikator" in d for d in dialogs), dialogs

    row = page.get_by_test_id("review-8.2")
    row.get_by_label("Kembalikan 8.2").check()
    # Ticking alone sends nothing: no complaint about the empty reason yet.
    expect(row.get_by_role("alert")).to_have_count(0)
    row.get_by_label("Alasan pengembalian 8.2").fill(
        "Dokumen integrasi belum ditandatangani.\nLampirkan berita acara uji coba."
    )
    row.get_by_role("button", name="Simpan pengembalian 8.2").click()
    expect(row.get_by_test_id("return-state")).to_have_text("8.2 ditandai untuk dikembalikan.")
    page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    expect(page.get_by_text("Penilaian dikembalikan untuk perbaikan.")).to_be_visible()

    # The operator gets the email (Django's locmem outbox in tests), naming 8.2 and why.
    to_operator = [
        m
        for m in mail.outbox
        if people["operator_contoh"].email in m.to and "dikembalikan" in m.subject
    ]
    assert to_operator, [m.subject for m in mail.outbox]
    assert (
        "8.2: Dokumen integrasi belum ditandatangani. Lampirkan berita acara uji coba."
        in to_operator[-1].body
    )

    # --- the operator fixes 8.2 -------------------------------------------------------------
    switch_user(page, login, "operator_contoh")
    page.goto(f"/penilaian/{assessment.pk}/")
    page.get_by_test_id("returned-list").get_by_role("link", name="8.2").click()
    reason = page.get_by_test_id("return-reason")
    expect(reason).to_contain_text("belum ditandatangani")
    expect(reason).to_contain_text("berita acara uji coba")
    section = page.get_by_test_id("indicator-8.2")
    with page.expect_response(re.compile(r"/jawaban/\d+/$")):
        section.get_by_role("radio").nth(1).check()
    signed = PDF_BYTES + b"%ditandatangani\n"
    section.get_by_label("Ganti berkas bukti.pdf").set_input_files(
        files=[
            {
                "name": "Dokumen integrasi sistem ttd.pdf",
                "mimeType": "application/pdf",
                "buffer": signed,
            }
        ]
    )
    section.get_by_role("button", name="Ganti", exact=True).click()
    expect(page.get_by_test_id("checklist-8.2")).to_contain_text("versi 2")
    page.goto(f"/penilaian/{assessment.pk}/")
    page.get_by_role("button", name="Ajukan kembali").click()
    expect(page.get_by_test_id("status")).to_have_text("Diajukan")

    # --- the reviewer sees the change and finalises ------------------------------------------
    switch_user(page, login, "reviewer_provinsi")
    page.goto(f"/penilaian/{assessment.pk}/verifikasi/")
    row = page.get_by_test_id("review-8.2")
    expect(row.get_by_test_id("changes")).to_contain_text("Level 3 menjadi 2; 1 bukti diganti")
    expect(row.get_by_test_id("return-history")).to_contain_text("berita acara uji coba")
    expect(row.get_by_label("Alasan pengembalian 8.2")).to_have_value("")
    with page.expect_response(re.compile(r"/verifikasi/\d+/$")):
        row.get_by_label("Level verifikasi 8.2").select_option("2")
    page.get_by_role("button", name="Selesaikan verifikasi").click()
    expect(page.get_by_text("Verifikasi selesai.")).to_be_visible()
    page.get_by_role("button", name="Finalkan").click()
    expect(page.get_by_text("Penilaian difinalkan.")).to_be_visible()
    screenshot(page, "review-finalised-after-fix")


def test_on_a_phone_the_score_and_the_next_aspect_are_reached_without_scrolling(
    browser, live_server, people, all_but_one_indicators_evidence
):
    """The same journey's aspect page at 390x844: the score and the way on are on screen
    above the form, and stay there while the operator works down the evidence."""
    assessment = all_but_one_indicators_evidence
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/akun/masuk/")
        page.get_by_label("Nama pengguna").fill("operator_contoh")
        page.get_by_label("Sandi").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.goto(f"/penilaian/{assessment.pk}/aspek/7/")
        expect(page.get_by_test_id("compact-total")).to_be_in_viewport()
        expect(page.get_by_test_id("compact-next")).to_be_in_viewport()
        # Down at the drop area of the last indicator, both are still on screen.
        page.get_by_test_id("dropzone-7.3").scroll_into_view_if_needed()
        expect(page.get_by_test_id("compact-total")).to_be_in_viewport()
        page.get_by_test_id("compact-next").click()
        page.wait_for_url(f"**/penilaian/{assessment.pk}/aspek/8/")
        # The evidence area fits the phone's width.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
    finally:
        context.close()
