"""Plausibility of an ASN record: doubts worth a look that never block an import.

Pure functions, no Django. The thresholds are provisional data (settings.IMPORT_PLAUSIBILITY:
retirement age by job type or functional level, the lowest golongan expected of a JPT, the
youngest age at TMT CPNS) and the preview labels these warnings as such."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Record:
    """What the checks look at, as names and codes (the caller resolves ids)."""

    tanggal_lahir: dt.date | None = None
    tmt_cpns: dt.date | None = None
    aktif: bool = True
    jenis_jabatan: str = ""  # code, e.g. "jpt_pratama"
    jenis_jabatan_nama: str = ""
    jenjang_fungsional: str = ""  # code, e.g. "ahli_madya"
    golongan: str = ""  # name, e.g. "II/a"
    golongan_rank: int | None = None  # PNS golongan order (I/a = 1 ... IV/e = 17)


@dataclass(frozen=True)
class Thresholds:
    bup: Mapping[str, int]  # job type or functional level code -> age; "" = default
    jpt_lowest_rank: int | None  # rank of the lowest golongan expected of a JPT
    cpns_age: int


def age(born: dt.date, on: dt.date) -> int:
    """Whole years from `born` to `on`."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def retirement_age(record: Record, thresholds: Thresholds) -> int:
    """By job type (JPT), else by functional level, else the default ("")."""
    for code in (record.jenis_jabatan, record.jenjang_fungsional):
        if code and code in thresholds.bup:
            return thresholds.bup[code]
    return thresholds.bup[""]


def doubts(record: Record, thresholds: Thresholds, today: dt.date) -> list[tuple[str, str]]:
    """(field, message) for every doubt about the record."""
    found: list[tuple[str, str]] = []
    lowest = thresholds.jpt_lowest_rank
    rank = record.golongan_rank
    if record.jenis_jabatan.startswith("jpt_") and rank and lowest and rank < lowest:
        found.append(
            (
                "golongan",
                f"{record.jenis_jabatan_nama} dengan golongan {record.golongan}: periksa "
                "golongan atau jenis jabatannya.",
            )
        )
    born = record.tanggal_lahir
    if born and record.aktif:
        years, limit = age(born, today), retirement_age(record, thresholds)
        if years >= limit:
            found.append(
                (
                    "tanggal_lahir",
                    f"Pegawai aktif berusia {years} tahun, melewati batas usia pensiun "
                    f"{limit} tahun: periksa tanggal lahir atau status aktifnya.",
                )
            )
    tmt = record.tmt_cpns
    if born and tmt and age(born, tmt) < thresholds.cpns_age:
        found.append(
            (
                "tmt_cpns",
                f"TMT CPNS {tmt:%d-%m-%Y} saat berusia {age(born, tmt)} tahun (di bawah "
                f"{thresholds.cpns_age}): periksa TMT CPNS atau tanggal lahir.",
            )
        )
    return found
