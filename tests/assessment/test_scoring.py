"""The scoring rule: mean level per aspect, weighted total 100-400, category by lower bound."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment import scoring
from assessment.scoring import AspectInput, Band

BANDS = [
    Band("I", "Buruk", Decimal(100), Decimal(174)),
    Band("II", "Kurang", Decimal(175), Decimal(249)),
    Band("III", "Baik", Decimal(250), Decimal(324)),
    Band("IV", "Sangat Baik", Decimal(325), Decimal(400)),
]
WEIGHTS = [6, 6, 20, 10, 20, 15, 4, 19]


@pytest.mark.parametrize(
    ("total", "code"),
    [
        ("100", "I"),
        ("174", "I"),
        ("174.5", "I"),
        ("174.99", "I"),
        ("175", "II"),
        ("249", "II"),
        ("249.5", "II"),
        ("250", "III"),
        ("324", "III"),
        ("324.5", "III"),
        ("325", "IV"),
        ("400", "IV"),
    ],
)
def test_each_band_starts_at_its_lower_bound(total, code):
    assert scoring.category(Decimal(total), BANDS).code == code


def test_a_total_below_every_band_has_no_category():
    assert scoring.category(Decimal("99.5"), BANDS) is None


def _uniform(level: int) -> list[AspectInput]:
    return [
        AspectInput(key=i, weight=Decimal(w), levels=[level, level]) for i, w in enumerate(WEIGHTS)
    ]


@pytest.mark.parametrize(("level", "total"), [(1, 100), (2, 200), (3, 300), (4, 400)])
def test_all_answers_at_one_level_give_a_hundred_times_that_level(level, total):
    result = scoring.score(scoring.WEIGHTED_MEAN, _uniform(level), BANDS)
    assert result.total == Decimal(total)
    assert result.complete


def test_the_aspect_level_is_the_mean_and_half_points_are_kept():
    # Promosi dan Mutasi (10 %) at 3 and 4 -> 3.5 -> 35 points; the rest at level 2 -> 180.
    aspects = [
        AspectInput(key=i, weight=Decimal(w), levels=[3, 4] if w == 10 else [2])
        for i, w in enumerate(WEIGHTS)
    ]
    result = scoring.score(scoring.WEIGHTED_MEAN, aspects, BANDS)
    assert result.aspects[3].level == Decimal("3.5")
    assert result.aspects[3].points == Decimal("35.00")
    assert result.total == Decimal("215.00")
    assert result.band.name == "Kurang"


def test_a_published_half_point_total_comes_out_exact():
    # 257.5, a total published for a real agency, from the weights 6/6/20/10/20/15/4/19:
    # 12 + 18 + 40 + 25 + 60 + 37.5 + 8 + 57.
    levels = {0: [2], 1: [3], 2: [2], 3: [2, 3], 4: [3], 5: [2, 3], 6: [2], 7: [3]}
    aspects = [
        AspectInput(key=i, weight=Decimal(w), levels=levels[i]) for i, w in enumerate(WEIGHTS)
    ]
    result = scoring.score(scoring.WEIGHTED_MEAN, aspects, BANDS)
    assert result.total == Decimal("257.50")
    assert result.band.name == "Baik"


def test_unanswered_indicators_count_as_the_lowest_level_and_mark_it_incomplete():
    aspects = [AspectInput(key=0, weight=Decimal(100), levels=[4, None])]
    result = scoring.score(scoring.WEIGHTED_MEAN, aspects, BANDS)
    assert result.total == Decimal("250.00")
    assert not result.complete
    assert result.aspects[0].answered == 1


def test_a_level_outside_one_to_four_is_refused():
    with pytest.raises(ValueError):
        scoring.aspect_level([5])


def test_methods_are_looked_up_by_key_and_a_second_can_be_registered():
    assert scoring.get_method(scoring.WEIGHTED_MEAN) is scoring.weighted_mean_method
    with pytest.raises(KeyError):
        scoring.get_method("indeks-2025")
    with pytest.raises(ValueError):
        scoring.register(scoring.WEIGHTED_MEAN, "lagi", scoring.weighted_mean_method)
    scoring.register("uji-sementara", "uji", scoring.weighted_mean_method)
    try:
        assert scoring.get_method("uji-sementara") is scoring.weighted_mean_method
    finally:
        del scoring.METHODS["uji-sementara"]
