"""The path to the next category, and the year-over-year comparison."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

import pytest

from assessment import scoring, workflow
from assessment.planning import PlanAspect, compare_years, path_to_next_category

from .test_scoring import BANDS

M = scoring.WEIGHTED_MEAN


def aspects(levels_by_aspect: dict[str, tuple[int, list[int | None]]]) -> list[PlanAspect]:
    return [
        PlanAspect(
            key=name,
            weight=Decimal(weight),
            indicators=[(f"{name}{i}", lvl) for i, lvl in enumerate(levels)],
        )
        for name, (weight, levels) in levels_by_aspect.items()
    ]


def test_the_steps_with_the_largest_gain_come_first():
    # All at 2 -> 200 (Kurang). Next band starts at 250: +50 needed. A step in the 60 % aspect
    # with 2 indicators adds 30; in the 40 % aspect with 4 indicators adds 10.
    plan = path_to_next_category(aspects({"A": (60, [2, 2]), "B": (40, [2, 2, 2, 2])}), BANDS, M)
    assert plan.total == Decimal("200.00")
    assert plan.target.name == "Baik"
    assert plan.step_count == 2
    assert [(s.indicator, s.from_level, s.to_level) for s in plan.steps] == [("A0", 2, 4)]
    assert plan.new_total == Decimal("260.00")


def test_the_next_band_is_reached_exactly_at_its_lower_bound():
    # 100 % on 4 indicators at level 1 except one at 3: 150. Each step adds 25: 175 is Kurang.
    plan = path_to_next_category(aspects({"A": (100, [3, 1, 1, 1])}), BANDS, M)
    assert plan.total == Decimal("150.00")
    assert plan.step_count == 1
    assert plan.new_total == Decimal("175.00")
    assert plan.steps[0].from_level == 1  # the lowest level first among equal gains


def test_unanswered_indicators_count_from_level_one():
    plan = path_to_next_category(aspects({"A": (100, [None, None])}), BANDS, M)
    assert plan.steps[0].from_level == 1
    # 100 -> 175 needs 75; each step adds 50, so two steps (to 200).
    assert plan.new_total == Decimal("200.00")
    assert plan.step_count == 2


def test_at_the_top_category_there_is_no_next():
    plan = path_to_next_category(aspects({"A": (100, [4, 4])}), BANDS, M)
    assert plan.target is None
    assert plan.steps == []


@pytest.mark.parametrize("seed", range(6))
def test_no_smaller_set_of_steps_reaches_the_next_band(seed):
    """Brute force over small instruments: the plan's step count is the minimum."""
    rng = random.Random(seed)
    weights = [30, 25, 45]
    levels = {
        n: (w, [rng.randint(1, 3) for _ in range(rng.randint(1, 3))])
        for n, w in zip("XYZ", weights, strict=True)
    }
    built = aspects(levels)
    plan = path_to_next_category(built, BANDS, M)
    if plan.target is None:
        return
    slots = [(key, lvl or 1) for a in built for key, lvl in a.indicators]
    best = None
    for raise_by in itertools.product(*[range(0, 5 - lvl) for _k, lvl in slots]):
        new = {key: lvl + r for (key, lvl), r in zip(slots, raise_by, strict=True)}
        inputs = [
            scoring.AspectInput(a.key, a.weight, [new[k] for k, _l in a.indicators]) for a in built
        ]
        if scoring.score(M, inputs, BANDS).total >= plan.target.lower:
            steps = sum(raise_by)
            best = steps if best is None else min(best, steps)
    assert plan.step_count == best


@pytest.mark.django_db
def test_the_plan_page_names_the_evidence_each_step_needs(client, people, draft):
    fill_in_level = 2
    for answer in draft.answers.all():
        workflow.answer_save(
            answer=answer,
            actor=people["operator_contoh"],
            expected_version=0,
            level=fill_in_level,
            justification="x",
        )
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{draft.pk}/rencana/").content.decode()
    # 200 (Kurang) -> 250 (Baik). A step in Pengembangan Karier or Manajemen Kinerja (20 %,
    # 4 indicators) or Penggajian (15 %, 3) adds 5, the most: 10 steps on 5 indicators.
    assert "Naik 10 level indikator untuk mencapai kategori III Baik" in page
    assert page.count('data-testid="plan-step"') == 5
    assert "Keputusan penetapan SKJ seluruh jabatan" in page


@pytest.mark.django_db
def test_year_over_year_shows_the_change_per_aspect_and_indicator(
    client, people, instrument, wilayah
):
    operator = people["operator_contoh"]
    old = workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2025, instrument=instrument, actor=operator
    )
    new = workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2026, instrument=instrument, actor=operator
    )
    for assessment, level in [(old, 2), (new, 3)]:
        for answer in assessment.answers.all():
            workflow.answer_save(
                answer=answer, actor=operator, expected_version=0, level=level, justification="x"
            )
    comparison = compare_years(wilayah["kabupaten"])
    assert comparison["years"] == [2025, 2026]
    assert comparison["total_change"] == Decimal("100.00")
    assert comparison["aspects"][0]["change"] == Decimal("1.00")
    assert comparison["indicators"][0]["change"] == 1
    client.force_login(operator)
    page = client.get(
        f"/penilaian/instansi/{wilayah['kabupaten'].pk}/perbandingan/"
    ).content.decode()
    # Changes read in Indonesian number format, with their sign.
    assert "+100,00" in page and "+1,00" in page
    assert "+100.00" not in page
    client.force_login(people["operator_lain"])
    assert (
        client.get(f"/penilaian/instansi/{wilayah['kabupaten'].pk}/perbandingan/").status_code
        == 404
    )
