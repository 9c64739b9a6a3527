"""Plausibility doubts about an ASN record: they warn, never block (provisional figures)."""

from __future__ import annotations

import datetime as dt

from employees.plausibility import Record, Thresholds, age, doubts, retirement_age

TODAY = dt.date(2026, 11, 30)
RULES = Thresholds(
    bup={"": 58, "jpt_pratama": 60, "ahli_madya": 60, "ahli_utama": 65},
    jpt_lowest_rank=13,  # IV/a
    cpns_age=18,
)


def fields(record: Record) -> list[str]:
    return [field for field, _message in doubts(record, RULES, TODAY)]


def test_age_counts_whole_years():
    assert age(dt.date(1968, 12, 1), TODAY) == 57
    assert age(dt.date(1968, 11, 30), TODAY) == 58


def test_retirement_age_by_job_type_then_functional_level_then_default():
    assert retirement_age(Record(jenis_jabatan="jpt_pratama"), RULES) == 60
    assert retirement_age(Record(jenjang_fungsional="ahli_utama"), RULES) == 65
    assert retirement_age(Record(jenis_jabatan="pelaksana"), RULES) == 58


def test_a_jpt_pratama_at_golongan_ii_a_is_doubted():
    record = Record(
        jenis_jabatan="jpt_pratama", jenis_jabatan_nama="JPT Pratama", golongan="II/a",
        golongan_rank=5,
    )  # fmt: skip
    [(field, message)] = doubts(record, RULES, TODAY)
    assert field == "golongan" and message.startswith("JPT Pratama dengan golongan II/a")
    assert fields(Record(jenis_jabatan="jpt_pratama", golongan_rank=13)) == []


def test_an_active_employee_past_retirement_age_is_doubted_an_inactive_one_not():
    born = dt.date(1966, 1, 1)  # 60 on the day
    assert fields(Record(tanggal_lahir=born)) == ["tanggal_lahir"]
    assert fields(Record(tanggal_lahir=born, aktif=False)) == []
    assert fields(Record(tanggal_lahir=born, jenjang_fungsional="ahli_utama")) == []


def test_tmt_cpns_before_eighteen_is_doubted():
    born = dt.date(2000, 6, 1)
    assert fields(Record(tanggal_lahir=born, tmt_cpns=dt.date(2018, 5, 1))) == ["tmt_cpns"]
    assert fields(Record(tanggal_lahir=born, tmt_cpns=dt.date(2018, 6, 1))) == []
