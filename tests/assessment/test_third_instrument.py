"""An instrument nobody has seen before (three answer levels worth 0, 0.5 and 1, a sub-aspect
tree, a 0-100 result with its own bands) loads, is offered for its years and scores, with no
change to the code."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment import results, workflow
from assessment.instrument_io import export_instrument, load_instrument_text
from assessment.models import Assessment, Instrument, InstrumentYear

pytestmark = pytest.mark.django_db

MADE_UP = """
code: uji-lampu
version: 1
name: Instrumen Lampu Lalu Lintas
year_from: 2031
scoring_method: bobot-rerata-2019
answer_scale:
  - {score: 1, label: Merah, value: 0}
  - {score: 2, label: Kuning, value: 0.5}
  - {score: 3, label: Hijau, value: 1}
result_scale: {kind: points, min: 0, max: 100, decimals: 1, band_step: 0.1, normalise_divisor: 100}
facts:
  bands: {status: official, note: Dibuat untuk uji.}
categories:
  - {code: C, name: Perlu perhatian, lower: 0, upper: 49.9}
  - {code: B, name: Cukup, lower: 50, upper: 79.9}
  - {code: A, name: Baik sekali, lower: 80, upper: 100}
aspects:
  - code: x
    name: Aspek X
    weight: 70
    sub_aspects:
      - code: X1
        name: Bagian satu
        weight: 60
        indicators:
          - {code: X1a, question: "Pertanyaan X1a?", levels: {1: Belum, 2: Sebagian, 3: Sudah}}
      - code: X2
        name: Bagian dua
        weight: 40
        provisional: true
        note: Bagian turunan.
        indicators:
          - {code: X2a, question: "Pertanyaan X2a?", levels: {1: Belum, 2: Sebagian, 3: Sudah}}
          - {code: X2b, question: "Pertanyaan X2b?", levels: {1: Belum, 2: Sebagian, 3: Sudah}}
  - code: y
    name: Aspek Y
    weight: 30
    indicators:
      - {code: Y1, question: "Pertanyaan Y1?", levels: {1: Belum, 2: Sebagian, 3: Sudah}}
"""


@pytest.fixture
def made_up(db):
    instrument, _created = load_instrument_text(MADE_UP)
    return instrument


def answer(assessment, user, levels: dict[str, int]) -> None:
    for item in assessment.answers.select_related("indicator"):
        workflow.answer_save(
            answer=item,
            actor=user,
            expected_version=item.version,
            level=levels[item.indicator.code],
            justification="",
        )


def test_it_loads_with_its_own_scale_tree_and_bands(made_up):
    assert made_up.level_choices() == [(1, "1 Merah"), (2, "2 Kuning"), (3, "3 Hijau")]
    x = made_up.aspects.get(code="x")
    assert [(s.code, int(s.weight)) for s in x.sub_aspects.all()] == [("X1", 60), ("X2", 40)]
    assert x.indicators.filter(sub_aspect__code="X2").count() == 2
    assert made_up.provisional_facts() == []
    assert made_up.normalise(Decimal("65")) == Decimal("0.650")


def test_an_assessment_under_it_scores_on_its_scale(made_up, people, wilayah):
    assessment = workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2031, instrument=made_up, actor=people["admin_contoh"]
    )
    # X: X1 green (1) x 60 % + X2 mean(yellow, red) = 0.25 x 40 % = 0.7 -> 49 points of 70;
    # Y: yellow 0.5 x 30 = 15. Total 64.0: "Cukup".
    answer(assessment, people["operator_contoh"], {"X1a": 3, "X2a": 2, "X2b": 1, "Y1": 2})
    self_result, _verified = results.compute(assessment)
    assert self_result.total == Decimal("64.0")
    assert self_result.band.name == "Cukup"
    assessment.refresh_from_db()
    assert assessment.self_total == Decimal("64.0")


def test_a_level_outside_its_scale_is_refused(made_up, people, wilayah):
    assessment = workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2031, instrument=made_up, actor=people["admin_contoh"]
    )
    item = assessment.answers.first()
    with pytest.raises(workflow.WorkflowError, match="pilih level 1 sampai 3"):
        workflow.answer_save(
            answer=item,
            actor=people["operator_contoh"],
            expected_version=0,
            level=4,
            justification="",
        )


def test_it_exports_and_loads_back_unchanged(made_up):
    exported = export_instrument(made_up)
    again, _created = load_instrument_text(exported.replace("version: 1", "version: 2"))
    assert export_instrument(again) == exported.replace("version: 1", "version: 2")


def test_the_create_page_offers_it_for_its_years_and_a_superadmin_choice_wins(
    client, people, made_up, instrument
):
    client.force_login(people["admin_contoh"])
    response = client.post("/penilaian/baru/", {"year": 2031, "instrument": made_up.pk})
    assert response.status_code == 302
    assert Assessment.objects.get(year=2031).instrument == made_up
    # For 2025 a superadmin makes the 2019 instrument current: the made-up one is refused.
    later, _created = load_instrument_text(
        MADE_UP.replace("year_from: 2031", "year_from: 2020").replace("version: 1", "version: 3")
    )
    InstrumentYear.objects.create(year=2025, instrument=instrument)
    response = client.post("/penilaian/baru/", {"year": 2025, "instrument": later.pk})
    assert "superadmin menetapkan instrumen" in response.content.decode()
    assert list(Instrument.objects.for_year(2025)) == [instrument]
