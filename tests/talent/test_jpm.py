"""Job-person match as the regulation reads: JPM = the employee's total / the standard's total;
mapping bands >= 90 % optimal, 78 to < 90 % cukup optimal, < 78 % kurang optimal; competency
test bands >= 80 %, 68 to < 80 %, < 68 %. Edges decided on the exact ratio."""

from __future__ import annotations

from decimal import Decimal

import pytest

from talent import competency
from talent.competency import job_person_match

# A standard of 100 level points (20 competencies at level 5) puts the edges on integers.
STANDARD_100 = {f"k{i}": 5 for i in range(20)}


def achieved(total: int) -> dict[str, int]:
    """Levels adding up to `total` over the 20 competencies of STANDARD_100."""
    levels = {}
    left = total
    for i in range(20):
        levels[f"k{i}"] = min(5, max(1, left - (19 - i)))
        left -= levels[f"k{i}"]
    assert sum(levels.values()) == total
    return levels


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (100, "optimal"),
        (90, "optimal"),
        (89, "cukup_optimal"),
        (78, "cukup_optimal"),
        (77, "kurang_optimal"),
        (20, "kurang_optimal"),
    ],
)
def test_mapping_bands_at_their_edges(total, band):
    result = job_person_match(achieved(total), STANDARD_100)
    assert result.percent == Decimal(total)
    assert result.band == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (80, "memenuhi"),
        (79, "masih_memenuhi"),
        (68, "masih_memenuhi"),
        (67, "kurang_memenuhi"),
    ],
)
def test_competency_test_bands_at_their_edges(total, band):
    result = job_person_match(achieved(total), STANDARD_100, bands="uji_kompetensi")
    assert result.band == band


def test_just_below_ninety_stays_cukup_optimal_even_when_it_would_round_to_ninety():
    # 899/1000 = 89.9 %; 8999/10000 would show 89,99: shown floored, decided exactly.
    standard = {f"k{i}": 5 for i in range(2000)}  # total 10,000
    levels = dict.fromkeys(standard, 5)
    levels["k0"] = 4  # 9,999 / 10,000 = 99.99 %: still optimal
    assert job_person_match(levels, standard).band == "optimal"
    levels = dict.fromkeys(standard, 4)  # 8,000
    for i in range(999):
        levels[f"k{i}"] = 5  # 8,999 / 10,000 = 89.99 %
    result = job_person_match(levels, standard)
    assert result.percent == Decimal("89.99")
    assert result.band == "cukup_optimal"


def test_a_third_is_floored_not_rounded_up():
    # 2 of 3 points: 66.666... % shown as 66,66 (never 66,67, which is not reached).
    result = job_person_match({"a": 2}, {"a": 3})
    assert result.percent == Decimal("66.66")
    assert str(result) == "66,66 % (Kurang optimal)"


def test_the_worked_example_of_a_pengawas():
    standard = dict.fromkeys(
        [
            "integritas",
            "kerja-sama",
            "komunikasi",
            "orientasi-pada-hasil",
            "pelayanan-publik",
            "pengembangan-diri-dan-orang-lain",
            "mengelola-perubahan",
            "pengambilan-keputusan",
            "perekat-bangsa",
        ],
        3,
    )  # 27
    person = dict(standard, komunikasi=2, **{"mengelola-perubahan": 2, "perekat-bangsa": 4})
    result = job_person_match(person, standard)  # 26 / 27 = 96.296...
    assert result.total == 26 and result.standard_total == 27
    assert result.percent == Decimal("96.29")
    assert result.band == "optimal"


def test_surplus_above_the_standard_counts_unless_capped():
    result = job_person_match({"a": 5, "b": 5}, {"a": 4, "b": 4})
    assert result.percent == Decimal("125.00")
    capped = job_person_match({"a": 5, "b": 5}, {"a": 4, "b": 4}, cap=True)
    assert capped.percent == Decimal("100.00")
    assert capped.band == "optimal"


def test_competencies_the_standard_does_not_require_are_ignored():
    result = job_person_match({"a": 3, "teknis": 1}, {"a": 3})
    assert result.percent == Decimal("100.00")


def test_a_missing_required_level_is_not_counted_as_zero():
    result = job_person_match({"a": 3}, {"a": 3, "b": 3})
    assert result.percent is None and result.band == ""
    assert result.missing == ("b",)
    assert str(result) == "—"


def test_no_standard_gives_no_jpm():
    assert job_person_match({"a": 3}, {}).percent is None


def test_band_sets_are_data_and_a_set_without_a_floor_is_refused():
    sets, cap = competency.parse_band_sets(
        {
            "batasi_100": True,
            "set": {
                "x": {
                    "nama": "X",
                    "kategori": [
                        {"kode": "lo", "nama": "Lo", "minimal": 0},
                        {"kode": "hi", "nama": "Hi", "minimal": "50.5"},
                    ],
                }
            },
        }
    )
    assert cap is True
    assert [k.kode for k in sets["x"].kategori] == ["hi", "lo"]
    assert job_person_match({"a": 101}, {"a": 200}, bands=sets["x"]).band == "hi"
    assert job_person_match({"a": 100}, {"a": 200}, bands=sets["x"]).band == "lo"
    with pytest.raises(ValueError):
        competency.parse_band_sets(
            {"set": {"y": {"nama": "Y", "kategori": [{"kode": "a", "nama": "A", "minimal": 1}]}}}
        )


def test_gap_lines_strengths_and_development_areas():
    lines = competency.gaps(
        {"a": 4, "b": 2, "c": 3, "t": 2}, {"a": 3, "b": 4, "c": 3}, order=["c", "b", "a"]
    )
    assert [(g.kode, g.selisih) for g in lines] == [("c", 0), ("b", -2), ("a", 1), ("t", None)]
    assert [g.kode for g in competency.strengths(lines)] == ["a", "c"]
    assert [g.kode for g in competency.development_areas(lines)] == ["b"]


def test_the_ranges_read_as_people_write_them():
    ranges = [text for _k, text in competency.band_set("pemetaan").ranges]
    assert ranges == ["≥ 90 %", "78 – < 90 %", "< 78 %"]
    assert [t for _k, t in competency.band_set("uji_kompetensi").ranges][1] == "68 – < 80 %"
