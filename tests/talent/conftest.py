from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from talent.compute import period_compute
from talent.models import MappingPeriod, PerformanceRecord, PotentialRecord
from tests.factories import EmployeeFactory, UnitKerjaFactory


def employee_with(
    instansi, nama: str, predikat: str | None, skor: str | None, *, tahun: int = 2026, **extra
):
    """An employee of `instansi` with an SKP for `tahun` and an assessment score."""
    employee = EmployeeFactory(instansi=instansi, nama=nama, **extra)
    if predikat:
        PerformanceRecord.objects.create(employee=employee, tahun=tahun, predikat=predikat)
    if skor is not None:
        PotentialRecord.objects.create(
            employee=employee,
            tanggal=dt.date(2026, 3, 1),
            sumber="Asesmen 2026",
            skor=Decimal(skor),
        )
    return employee


def make_period(instansi, nama: str = "2026", tahun: int = 2026) -> MappingPeriod:
    return MappingPeriod.objects.create(
        instansi=instansi, nama=nama, tahun_skp=tahun, tanggal_acuan=dt.date(tahun, 12, 31)
    )


@pytest.fixture
def contoh(people, wilayah, referensi):
    """Kabupaten Contoh with two units and six employees spread over the grid, a computed
    period "2026"; Kabupaten Lain with one employee and its own computed period."""
    kab = wilayah["kabupaten"]
    bkd = UnitKerjaFactory(instansi=kab, nama="Badan Kepegawaian Daerah")
    dinkes = UnitKerjaFactory(instansi=kab, nama="Dinas Kesehatan")
    staff = {
        "ani": employee_with(kab, "Ani Bintang", "sangat_baik", "95", unit=bkd),
        "budi": employee_with(kab, "Budi Bintang", "sangat_baik", "92", unit=dinkes),
        "citra": employee_with(kab, "Citra Tengah", "baik", "84", unit=bkd),
        "dedi": employee_with(kab, "Dedi Bawah", "butuh_perbaikan", "60", unit=dinkes),
        "eko": employee_with(kab, "Eko Tanpa SKP", None, "88", unit=bkd),
        "fitri": employee_with(kab, "Fitri Tanpa Asesmen", "baik", None, unit=dinkes),
    }
    period = make_period(kab)
    period_compute(period=period)
    lain = wilayah["kabupaten_lain"]
    staff["lain"] = employee_with(lain, "Lain Orang", "sangat_baik", "95")
    period_lain = make_period(lain)
    period_compute(period=period_lain)
    return {
        "period": period,
        "period_lain": period_lain,
        "staff": staff,
        "units": {"bkd": bkd, "dinkes": dinkes},
    }
