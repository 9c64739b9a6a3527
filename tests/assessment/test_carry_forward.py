"""Starting 2026 from 2025 across the two regimes: the crosswalk brings last year's answers in
as suggestions to re-check (never counted, never accepted silently) and its evidence by
reference; the year-over-year comparison uses the 0..1 scale and says the instruments differ."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db.models import F

from assessment import carry, results, workflow
from assessment.instrument_checks import InstrumentError
from assessment.instrument_io import load_instrument_text
from assessment.models import Answer, Assessment, Evidence
from assessment.planning import compare_years
from tests.factories import INSTRUMENT_2026

from .conftest import fill_in

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures/instrumen"


@pytest.fixture
def last_year(instrument, people, wilayah):
    """Kabupaten Contoh's 2025 assessment under the 2019 instrument, final at level 3."""
    assessment = workflow.assessment_create(
        instansi=wilayah["kabupaten"],
        year=2025,
        instrument=instrument,
        actor=people["admin_contoh"],
    )
    fill_in(assessment, people["operator_contoh"], level=3)
    assessment.answers.update(verified_level=F("level"))
    assessment.answers.filter(indicator__code="1.1").update(verified_level=2)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.FINAL)
    results.recompute_totals(assessment)
    return assessment


@pytest.fixture
def this_year(db, people, wilayah):
    new, _created = load_instrument_text(INSTRUMENT_2026.read_text("utf-8"))
    carry.load_crosswalk_text((FIXTURES / "crosswalk-2019-2026.yaml").read_text("utf-8"))
    return workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2026, instrument=new, actor=people["admin_contoh"]
    )


def answer_for(assessment, code) -> Answer:
    return assessment.answers.select_related("indicator").get(indicator__code=code)


def test_last_years_answers_arrive_as_suggestions_to_recheck(last_year, this_year, people):
    before = this_year.self_total
    result = carry.assessment_carry_forward(assessment=this_year, actor=people["operator_contoh"])
    assert result.source == last_year
    assert result.carried == 17
    carried = answer_for(this_year, "1.3")  # from 2019's 3.1 (SKJ), verified at 3
    assert (carried.level, carried.carried_level, carried.needs_recheck) == (None, 3, True)
    assert carried.carried_from.indicator.code == "3.1"
    # 1.1 stands on 2019's 1.3 (level 3) and 1.1 (verified 2): the lower suggestion wins.
    assert answer_for(this_year, "1.1").carried_level == 2
    # Nothing counts until the agency answers again.
    this_year.refresh_from_db()
    assert this_year.self_total == before
    problems = workflow.incomplete_items(this_year)
    assert "Indikator 1.3: jawaban tahun lalu (level 3) perlu dicek ulang." in problems


def test_evidence_is_reused_by_reference_not_copied(last_year, this_year, people):
    carry.assessment_carry_forward(assessment=this_year, actor=people["operator_contoh"])
    reused = Evidence.objects.filter(answer__assessment=this_year)
    assert reused.exists()
    for evidence in reused.select_related("reused_from"):
        assert evidence.file.name == evidence.reused_from.file.name
    stored = {e.file.name for e in Evidence.objects.all()}
    assert stored == {e.file.name for e in Evidence.objects.filter(answer__assessment=last_year)}


def test_answering_again_clears_the_flag_and_counts(last_year, this_year, people):
    carry.assessment_carry_forward(assessment=this_year, actor=people["operator_contoh"])
    answer = answer_for(this_year, "1.3")
    workflow.answer_save(
        answer=answer,
        actor=people["operator_contoh"],
        expected_version=answer.version,
        level=answer.carried_level,
        justification="Dicek ulang: SKJ masih berlaku.",
    )
    answer.refresh_from_db()
    assert not answer.needs_recheck and answer.level == 3


def test_carrying_twice_changes_nothing_and_needs_a_draft(last_year, this_year, people):
    carry.assessment_carry_forward(assessment=this_year, actor=people["operator_contoh"])
    again = carry.assessment_carry_forward(assessment=this_year, actor=people["operator_contoh"])
    assert again.carried == 0
    with pytest.raises(workflow.WorkflowError):
        carry.assessment_carry_forward(assessment=this_year, actor=people["operator_lain"])


def test_without_a_crosswalk_the_operator_is_told_who_can_load_one(last_year, people, wilayah):
    new, _created = load_instrument_text(INSTRUMENT_2026.read_text("utf-8"))
    assessment = workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2026, instrument=new, actor=people["admin_contoh"]
    )
    with pytest.raises(workflow.WorkflowError, match="Superadmin dapat memuatnya"):
        carry.assessment_carry_forward(assessment=assessment, actor=people["operator_contoh"])


def test_a_broken_crosswalk_file_is_refused_with_every_problem():
    with pytest.raises(InstrumentError) as info:
        carry.load_crosswalk_text("from: a\nlevels: {1: satu}\nmap: [{to: '1.1'}]\n")
    text = "\n".join(info.value.errors)
    assert "'to' wajib diisi" in text and "bilangan bulat" in text and "'from'" in text


def test_the_comparison_across_regimes_uses_the_common_scale(last_year, this_year, people):
    comparison = compare_years(this_year.instansi)
    assert comparison["instruments_differ"]
    old, new = comparison["totals"]
    assert old["normalised"] == (last_year.verified_total / 400).quantize(old["normalised"])
    assert new["assessment"] == this_year
    # Indicators are compared only within one instrument: 2019's "1.1" is not 2026's "1.1".
    assert all(
        len({y for y, v in zip(comparison["years"], r["values"], strict=True) if v is not None})
        <= 1
        for r in comparison["indicators"]
    )


def test_the_comparison_page_says_the_instruments_differ(client, last_year, this_year, people):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/instansi/{this_year.instansi_id}/perbandingan/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Instrumen antartahun berbeda" in text
    assert "Indeks Sistem Merit (Permen PANRB 19/2025)" in text
    # Each instrument's aspects sit under its name, not beside a slug.
    assert text.count('data-testid="compare-instrument"') == 2
    assert "merit-2019" not in text and "merit-2026" not in text
    # The change on the common scale is a signed Indonesian number, not Python's "-0.626".
    normalised = text.split('data-testid="compare-normalised"')[1].split("</tr>")[0]
    assert re.search(r"<td class=\"text-end\">[+-]0,\d{3}</td>", normalised), normalised


def test_the_operator_carries_last_year_from_the_assessment_page(
    client, last_year, this_year, people
):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{this_year.pk}/").content.decode()
    assert 'data-testid="carry-forward"' in page and "Bawa jawaban 2025" in page
    response = client.post(f"/penilaian/{this_year.pk}/bawa-tahun-lalu/", follow=True)
    text = response.content.decode()
    assert "17 jawaban dari Kabupaten Contoh 2025 dibawa" in text
    assert "17 jawaban dari tahun lalu perlu dicek ulang" in text
    assert 'data-testid="carry-forward"' not in text
    aspect = client.get(f"/penilaian/{this_year.pk}/aspek/1/").content.decode()
    assert 'data-testid="recheck-1.3"' in aspect
