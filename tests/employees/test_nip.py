"""The NIP rules, one by one, with the message each one gives."""

from __future__ import annotations

import datetime as dt

import pytest

from employees import nip

VALID = "198609262015051001"  # born 26-09-1986, TMT CPNS 05-2015, man, number 001
TODAY = dt.date(2026, 11, 23)


def check(raw, **kwargs) -> list[str]:
    return nip.validate(raw, today=TODAY, **kwargs)


def test_a_valid_nip_has_no_errors_and_splits_into_its_parts():
    assert check(VALID, status="PNS") == []
    parts = nip.parse(VALID, status="PNS")
    assert parts.tanggal_lahir == dt.date(1986, 9, 26)
    assert (parts.tahun_tmt, parts.bulan_tmt) == (2015, 5)
    assert parts.jenis_kelamin == "L"
    assert parts.urut == "001"


@pytest.mark.parametrize(
    "written",
    [
        "19860926 201505 1 001",
        " 198609262015051001 ",
        "19860926\u00a0201505\u00a01\u00a0001",
        "19860926\t201505 1 001",
    ],
)
def test_spaces_of_every_kind_are_removed(written):
    assert nip.normalise(written) == VALID
    assert check(written, status="PNS") == []


def test_an_empty_nip_is_required():
    assert check("  ") == ["NIP wajib diisi."]


def test_letters_are_refused_with_the_characters_found():
    assert check("19860926201505100A") == ["NIP hanya boleh berisi angka; ditemukan karakter 'A'."]


@pytest.mark.parametrize("raw,length", [("19860926201505100", 17), ("1986092620150510011", 19)])
def test_the_nip_has_eighteen_digits(raw, length):
    assert check(raw) == [f"NIP harus 18 digit; yang diisi {length} digit."]


@pytest.mark.parametrize("birth", ["19861326", "19860931", "19870229", "00000000"])
def test_digits_one_to_eight_are_a_real_birth_date(birth):
    errors = check(birth + "2015051001", status="PNS")
    assert f"Digit 1-8 NIP ({birth}) bukan tanggal lahir yang valid." in errors


def test_a_leap_day_birth_date_is_real():
    assert check("198802292015051001", status="PNS") == []


def test_a_birth_date_in_the_future_is_refused():
    assert "ada di masa depan" in check("202712012015051001", status="PNS")[0]


@pytest.mark.parametrize("tmt", ["201513", "201500", "189912"])
def test_for_pns_digits_nine_to_fourteen_are_a_real_year_and_month(tmt):
    assert check(f"19860926{tmt}1001", status="PNS") == [
        f"Digit 9-14 NIP ({tmt}) bukan tahun-bulan TMT CPNS yang valid."
    ]


def test_cpns_follow_the_pns_rule():
    assert check("198609262015131001", status="CPNS") != []


def test_the_tmt_cannot_come_before_the_birth_date():
    assert check("198609262015051001".replace("201505", "198608"), status="PNS") == [
        "TMT CPNS pada NIP (08-1986) lebih awal dari tanggal lahir."
    ]


def test_pppk_digits_thirteen_and_fourteen_are_not_a_month():
    assert check("199001012024211001", status="PPPK") == []
    assert check("199001012024211001", status="PNS") != []


def test_pppk_digits_nine_to_twelve_are_still_a_year():
    assert check("199001010000211001", status="PPPK") == [
        "Digit 9-12 NI PPPK (0000) bukan tahun yang valid."
    ]


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_the_sex_digit_is_one_or_two(digit):
    assert check(f"19860926201505{digit}001", status="PNS") == [
        f"Digit ke-15 NIP (jenis kelamin) harus 1 atau 2; yang diisi {digit}."
    ]


def test_the_record_birth_date_must_agree():
    assert check(VALID, status="PNS", tanggal_lahir=dt.date(1986, 9, 27)) == [
        "Tanggal lahir (27-09-1986) tidak sesuai dengan NIP (26-09-1986)."
    ]


def test_the_record_sex_must_agree():
    assert check(VALID, status="PNS", jenis_kelamin="P") == [
        "Jenis kelamin (perempuan) tidak sesuai dengan NIP (laki-laki)."
    ]
    assert check(VALID.replace("2015051", "2015052"), status="PNS", jenis_kelamin="P") == []


def test_the_record_tmt_cpns_must_agree_in_year_and_month():
    assert check(VALID, status="PNS", tmt_cpns=dt.date(2015, 5, 20)) == []
    assert check(VALID, status="PNS", tmt_cpns=dt.date(2015, 6, 1)) == [
        "TMT CPNS (06-2015) tidak sesuai dengan NIP (05-2015)."
    ]


def test_several_problems_are_all_reported():
    errors = check("19860931201513 3 001", status="PNS")
    assert len(errors) == 3


def test_build_composes_what_parse_splits():
    code = nip.build(dt.date(1990, 1, 2), 2019, 3, "P", 42)
    assert code == "199001022019032042"
    assert nip.parse(code).jenis_kelamin == "P"
