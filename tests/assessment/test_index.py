"""The index of Permen PANRB 19/2025 as the shipped 2026 instrument defines it:
index = (0.75 x maturity + 0.25 x survey) x correction factor, rounded to two decimals before
the level is looked up: Dasar to 0.40, Lanjutan from 0.41, Menengah from 0.61, Tinggi from 0.81,
Maju above 1.00. The split, the bands and the rounding are data of the instrument file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment import scoring
from assessment.instrument_io import parse_yaml, validate
from assessment.scoring import AspectInput, ScoringContext
from tests.factories import INSTRUMENT_2026


@pytest.fixture(scope="module")
def regime():
    clean = validate(parse_yaml(INSTRUMENT_2026.read_text(encoding="utf-8")))
    bands = [
        scoring.Band(b["code"], b["name"], b["lower"], b["upper"]) for b in clean["categories"]
    ]
    return clean, bands


def context(clean, *, survey=None, factor="1") -> ScoringContext:
    return ScoringContext(
        scale=scoring.Scale.from_data(clean["answer_scale"]),
        decimals=clean["result_scale"]["decimals"],
        params=clean["scoring_params"],
        survey=None if survey is None else Decimal(survey),
        correction_factor=Decimal(factor),
    )


def all_at(level: int) -> list[AspectInput]:
    """Two aspects, every indicator at one maturity level (1-5 = 0.2-1.0)."""
    return [
        AspectInput(key="a", weight=Decimal(90), levels=[level, level]),
        AspectInput(key="digital", weight=Decimal(10), levels=[level]),
    ]


def index(regime, level, **kwargs) -> scoring.Result:
    clean, bands = regime
    return scoring.score(scoring.INDEX, all_at(level), bands, context(clean, **kwargs))


@pytest.mark.parametrize(
    ("level", "survey", "expected", "band"),
    [
        # maturity 0.4: 0.30 + 0.25 x survey
        (2, "0.40", "0.40", "Dasar"),
        (2, "0.41", "0.40", "Dasar"),  # 0.4025 rounds to 0.40
        (2, "0.42", "0.41", "Lanjutan"),  # 0.405 rounds to 0.41
        (2, "0.44", "0.41", "Lanjutan"),
        # maturity 0.6: 0.45 + 0.25 x survey
        (3, "0.60", "0.60", "Lanjutan"),
        (3, "0.64", "0.61", "Menengah"),
        # maturity 0.8: 0.60 + 0.25 x survey
        (4, "0.80", "0.80", "Menengah"),
        (4, "0.84", "0.81", "Tinggi"),
        # maturity 1.0 and a full survey: 1.00 is still Tinggi
        (5, "1", "1.00", "Tinggi"),
    ],
)
def test_each_level_starts_at_its_published_lower_bound(regime, level, survey, expected, band):
    result = index(regime, level, survey=survey)
    assert result.total == Decimal(expected)
    assert result.band.name == band
    assert not result.is_provisional


def test_above_one_is_maju(regime):
    assert index(regime, 5, survey="1", factor="1.01").band.name == "Maju"
    assert index(regime, 5, survey="1", factor="1.004").total == Decimal("1.00")
    assert index(regime, 5, survey="1", factor="1.004").band.name == "Tinggi"


def test_without_a_survey_the_index_is_provisional_and_counts_the_survey_as_zero(regime):
    result = index(regime, 5)
    assert result.total == Decimal("0.75")
    assert result.band.name == "Menengah"
    assert result.missing == ("survey",)
    assert result.is_provisional
    assert result.maturity == Decimal("1.0000")


def test_unanswered_indicators_make_it_provisional_too(regime):
    clean, bands = regime
    aspects = [AspectInput(key="a", weight=Decimal(100), levels=[5, None])]
    result = scoring.score(scoring.INDEX, aspects, bands, context(clean, survey="0.5"))
    # (1.0 + 0.2) / 2 = 0.6 maturity -> 0.45 + 0.125 = 0.575 -> 0.58
    assert result.total == Decimal("0.58")
    assert result.missing == ("answers",)


def test_the_correction_factor_multiplies_the_index(regime):
    assert index(regime, 4, survey="0.80", factor="0.9").total == Decimal("0.72")
    lowered = index(regime, 4, survey="0.80", factor="0.75")
    assert lowered.total == Decimal("0.60")
    assert lowered.band.name == "Lanjutan"
    assert lowered.correction_factor == Decimal("0.75")


def test_the_correction_factor_applies_to_a_provisional_index_too(regime):
    assert index(regime, 5, factor="0.8").total == Decimal("0.60")


def test_sub_aspects_weigh_within_their_aspect(regime):
    clean, bands = regime
    # Aspect 7 of the file: 7.1 40 %, 7.2 30 %, 7.3 30 %; levels 5, 1, 1 -> 0.4 + 0.06 + 0.06.
    parts = [
        AspectInput(key="7.1", weight=Decimal(40), levels=[5, 5]),
        AspectInput(key="7.2", weight=Decimal(30), levels=[1, 1]),
        AspectInput(key="7.3", weight=Decimal(30), levels=[1, 1]),
    ]
    aspects = [AspectInput(key="7", weight=Decimal(100), levels=[], parts=parts)]
    result = scoring.score(scoring.INDEX, aspects, bands, context(clean, survey="0"))
    assert result.maturity == Decimal("0.5200")
    assert result.total == Decimal("0.39")
    assert result.aspects[0].count == 6


def test_the_split_and_the_bands_are_data_marked_provisional(regime):
    clean, _bands = regime
    assert clean["scoring_params"]["maturity_weight"] == "0.75"
    assert clean["scoring_params"]["survey_weight"] == "0.25"
    for fact in ("split", "bands", "rounding", "correction_factor", "weights"):
        assert clean["facts"][fact]["status"] == "provisional"
        assert clean["facts"][fact]["note"]


def test_the_shipped_2026_instrument_follows_the_regulation(regime):
    clean, _bands = regime
    assert [a["name"] for a in clean["aspects"]] == [
        "Perencanaan Kebutuhan dan Standardisasi Jabatan",
        "Manajemen Talenta",
        "Pengelolaan Kinerja",
        "Pengembangan Kompetensi",
        "Penguatan Budaya Kerja dan Citra Institusi",
        "Penghargaan dan Pengakuan",
        "Disiplin, Pemberhentian, dan Upaya Administratif",
        "Digitalisasi Manajemen ASN",
    ]
    digital = clean["aspects"][7]
    assert digital["weight"] == Decimal(10)
    assert [(s["code"], s["name"]) for s in digital["sub_aspects"]] == [
        ("8.1", "Data manajemen ASN"),
        ("8.2", "Layanan digital manajemen ASN"),
    ]
    discipline = [(s["code"], s["name"]) for s in clean["aspects"][6]["sub_aspects"]]
    assert ("7.2", "Pemberhentian") in discipline and ("7.3", "Upaya Administratif") in discipline
    assert all(a["provisional"] for a in clean["aspects"][:7])
    assert [item["score"] for item in clean["answer_scale"]] == [1, 2, 3, 4, 5]
    assert clean["derived_note"]
    survey = clean["survey_definition"]
    assert survey["provisional"] and survey["target_responses"] == 140
    assert survey["min_group_size"] == 10
    assert [s["value"] for s in survey["scale"]] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("maturity", "factor", "expected", "band"),
    [
        ("0.5333", "1", "0.40", "Dasar"),
        ("0.5467", "1", "0.41", "Lanjutan"),
        ("0.8", "1", "0.60", "Lanjutan"),
        ("0.8133", "1", "0.61", "Menengah"),
        ("1", "1.0667", "0.80", "Menengah"),
        ("1", "1.08", "0.81", "Tinggi"),
        ("1", "1.3333", "1.00", "Tinggi"),
        ("1", "1.3467", "1.01", "Maju"),
    ],
)
def test_the_band_edges_without_a_survey(regime, maturity, factor, expected, band):
    clean, bands = regime
    # One indicator whose level is worth exactly the maturity wanted.
    trial = ScoringContext(
        scale=scoring.Scale({1: Decimal(maturity)}),
        decimals=2,
        params=clean["scoring_params"],
        correction_factor=Decimal(factor),
    )
    aspects = [AspectInput(key="a", weight=Decimal(100), levels=[1])]
    result = scoring.score(scoring.INDEX, aspects, bands, trial)
    assert (result.total, result.band.name) == (Decimal(expected), band)
    assert result.missing == ("survey",)
