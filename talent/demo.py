"""Demo talent data: SKP and potential records for the demo agencies' employees, a computed
period "2026" and a few target posts. Idempotent: a second run adds nothing and recomputes."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from decimal import Decimal

from agencies.models import Instansi
from employees.models import Employee, Golongan, JenisJabatan

from . import competency_demo
from .compute import period_compute
from .models import MappingPeriod, PerformanceRecord, PotentialRecord, TargetPost

PREDIKAT_WEIGHTS = {
    "sangat_baik": 18,
    "baik": 62,
    "butuh_perbaikan": 12,
    "kurang": 5,
    "sangat_kurang": 3,
}
TARGET_POSTS = [
    ("Kepala Badan Kepegawaian dan Pengembangan SDM", "jpt_pratama", True, "IV/b"),
    ("Kepala Bidang Mutasi dan Promosi", "administrator", True, "IV/a"),
    ("Kepala Seksi Pengembangan Kompetensi", "pengawas", False, "III/c"),
]


def make_records(
    employees: Iterable[tuple[int]], rng: random.Random, years: tuple[int, ...] = (2025, 2026)
) -> tuple[list[PerformanceRecord], list[PotentialRecord]]:
    """Unsaved records for (employee pk,) rows: ~95 % have an SKP per year, ~90 % an
    assessment. Shared with benchmarks/ninebox.py."""
    performance, potential = [], []
    names, weights = list(PREDIKAT_WEIGHTS), list(PREDIKAT_WEIGHTS.values())
    for (pk,) in employees:
        for year in years:
            if rng.random() < 0.95:
                performance.append(
                    PerformanceRecord(
                        employee_id=pk, tahun=year, predikat=rng.choices(names, weights)[0]
                    )
                )
        if rng.random() < 0.9:
            score = Decimal(min(max(rng.gauss(80, 9), 40), 100)).quantize(Decimal("0.01"))
            potential.append(
                PotentialRecord(
                    employee_id=pk,
                    tanggal=dt.date(2026, rng.randint(1, 9), rng.randint(1, 28)),
                    sumber="Asesmen kompetensi UPT Penilaian Kompetensi",
                    skor=score,
                )
            )
    return performance, potential


def populate_demo(agencies: list[Instansi], stdout=None) -> None:
    rng = random.Random(2026)
    jenis = {j.kode: j for j in JenisJabatan.objects.all()}
    golongan = {g.nama: g for g in Golongan.objects.filter(untuk_pppk=False)}
    for instansi in agencies:
        employees = Employee.objects.filter(instansi=instansi, aktif=True)
        if not employees.exists():
            continue
        if not PerformanceRecord.objects.filter(employee__instansi=instansi).exists():
            performance, potential = make_records(employees.values_list("pk"), rng)
            PerformanceRecord.objects.bulk_create(performance, batch_size=1000)
            PotentialRecord.objects.bulk_create(potential, batch_size=1000)
        period, _ = MappingPeriod.objects.get_or_create(
            instansi=instansi,
            nama="2026",
            defaults={"tahun_skp": 2026, "tanggal_acuan": dt.date(2026, 12, 31)},
        )
        previous, _ = MappingPeriod.objects.get_or_create(
            instansi=instansi,
            nama="2025",
            defaults={"tahun_skp": 2025, "tanggal_acuan": dt.date(2025, 12, 31)},
        )
        period_compute(period=previous)
        result = period_compute(period=period)
        for nama, kode, kritikal, gol in TARGET_POSTS:
            TargetPost.objects.get_or_create(
                instansi=instansi,
                nama_jabatan=nama,
                defaults={
                    "jenis_jabatan": jenis.get(kode),
                    "kritikal": kritikal,
                    "golongan_minimal": golongan.get(gol),
                },
            )
        if stdout is not None:
            stdout.write(
                f"Pemetaan talenta {instansi.nama} 2026: {result.terpetakan} terpetakan, "
                f"{result.tidak_terpetakan} tidak terpetakan\n"
            )
    competency_demo.populate(agencies, stdout)
