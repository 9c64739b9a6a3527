"""This year under the new regime, in a real browser: the operator of an agency finished in
2025 under the old instrument creates the 2026 assessment, carries last year's answers in to
re-check, confirms one, and sees a provisional index with its level."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessment import carry, results, workflow
from assessment.instrument_io import load_instrument_text
from assessment.models import Assessment
from tests.factories import DEFAULT_INSTRUMENT, INSTRUMENT_2026

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CROSSWALK = INSTRUMENT_2026.parent / "crosswalk-2019-2026.yaml"


@pytest.fixture
def finished_2025(people, wilayah):
    """Kabupaten Contoh's 2025 assessment, final at level 3 under the 2019 instrument; the
    2026 instrument and the crosswalk are loaded."""
    old, _created = load_instrument_text(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
    load_instrument_text(INSTRUMENT_2026.read_text(encoding="utf-8"))
    carry.load_crosswalk_text(CROSSWALK.read_text(encoding="utf-8"))
    assessment = workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2025, instrument=old, actor=people["admin_contoh"]
    )
    assessment.answers.update(level=3, verified_level=3)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.FINAL)
    results.recompute_totals(assessment)
    return assessment


def test_create_2026_carry_forward_and_see_a_provisional_index(page, login, finished_2025):
    login("operator_contoh")
    page.goto("/penilaian/baru/")
    expect(page.get_by_text("Belum ada instrumen")).to_have_count(0)
    page.get_by_label("Tahun penilaian").fill("2026")
    page.get_by_label("Instrumen").select_option(
        label="Indeks Sistem Merit (Permen PANRB 19/2025) (v1)"
    )
    page.get_by_role("button", name="Buat").click()
    expect(page.get_by_text("Penilaian Kabupaten Contoh 2026 dibuat.")).to_be_visible()

    page.get_by_role("button", name="Bawa jawaban 2025").click()
    expect(page.get_by_test_id("recheck-count")).to_contain_text("perlu dicek ulang")
    expect(page.get_by_test_id("self-provisional")).to_be_visible()

    page.get_by_role(
        "link", name=re.compile("Perencanaan Kebutuhan dan Standardisasi")
    ).first.click()
    section = page.get_by_test_id("indicator-1.3")
    expect(section.get_by_test_id("recheck-1.3")).to_be_visible()
    with page.expect_response(re.compile(r"/jawaban/\d+/$")):
        section.get_by_role("radio").nth(2).check()
    expect(page.get_by_test_id("self-category")).to_contain_text("Tingkat")
    # Answered again: the suggestion has been checked.
    expect(section.get_by_test_id("recheck-1.3")).to_have_count(0)
    screenshot(page, "regime-2026-carried")
