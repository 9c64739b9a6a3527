"""Paper against practice in a real browser (#14): the operator sees the claim flagged against
Merit's own data and explains it; the reviewer returns the indicator citing the fact."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessment import workflow
from tests.assessment.conftest import fill_in

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_explains_a_flag_and_reviewer_returns_citing_the_fact(
    page, login, contoh, draft, people
):
    fill_in(draft, people["operator_contoh"], level=4)
    login("operator_contoh")
    page.goto(f"/penilaian/{draft.pk}/aspek/3/")
    section = page.get_by_test_id("indicator-3.4")
    facts = section.get_by_test_id("facts-3.4")
    expect(facts.get_by_test_id("fact-flag")).to_contain_text(
        "Diklaim level 4; data Merit: 66,7 % asn aktif terpetakan"
    )
    facts.get_by_label("Penjelasan atas data Merit").fill("Dua pegawai baru belum punya SKP.")
    facts.get_by_role("button", name="Simpan penjelasan (3.4)").click()
    expect(page.get_by_text("Penjelasan atas data Merit tersimpan.")).to_be_visible()
    expect(
        page.get_by_test_id("facts-3.4").get_by_label("Penjelasan atas data Merit")
    ).to_have_value("Dua pegawai baru belum punya SKP.")
    screenshot(page, "facts-operator")
    workflow.assessment_submit(assessment=draft, actor=people["operator_contoh"])

    page.context.clear_cookies()
    login("reviewer_provinsi")
    page.goto(f"/penilaian/{draft.pk}/verifikasi/")
    page.get_by_role("button", name="Terima level mandiri").click()
    row = page.get_by_test_id("review-3.4")
    expect(row.get_by_test_id("fact-flag")).to_be_visible()
    expect(row.get_by_test_id("fact-explanation")).to_contain_text("belum punya SKP")
    # Citing fills the return reason and ticks "Kembalikan"; the return is saved with its
    # own button, like one written by hand.
    row.get_by_role("button", name="Kutip di alasan pengembalian").click()
    expect(row.get_by_label("Alasan pengembalian 3.4")).to_have_value(
        re.compile(r"^Diklaim level 4; data Merit: 66,7 %")
    )
    expect(row.get_by_label("Kembalikan 3.4")).to_be_checked()
    with page.expect_response(re.compile(r"/verifikasi/\d+/$")):
        row.get_by_role("button", name="Simpan pengembalian 3.4").click()
    screenshot(page, "facts-reviewer")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    expect(page.get_by_text("Penilaian dikembalikan untuk perbaikan.")).to_be_visible()
    answer = draft.answers.get(indicator__code="3.4")
    assert answer.return_requested
    assert answer.return_reason.startswith("Diklaim level 4; data Merit: 66,7 %")
