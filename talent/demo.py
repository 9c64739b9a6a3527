"""Demo talent data: SKP and potential records for the demo agencies' employees, a computed
period "2026", a few target posts and, for the first agency, a closed calibration meeting
with two moves. Idempotent: a second run adds nothing and recomputes."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from decimal import Decimal

from agencies.models import Instansi, User
from employees.models import Employee, Golongan, JenisJabatan

from . import competency_demo, ninebox
from .compute import meeting_close, meeting_open, period_compute, placement_calibrate
from .models import (
    MappingPeriod,
    PerformanceRecord,
    Placement,
    PotentialRecord,
    TargetPost,
)

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


def _score(rng: random.Random, mean: float, spread: float) -> Decimal:
    return Decimal(min(max(rng.gauss(mean, spread), 40), 100)).quantize(Decimal("0.01"))


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
                        employee_id=pk,
                        tahun=year,
                        predikat=rng.choices(names, weights)[0],
                        # The BKN 411/2025 profile's other components: awards are rare,
                        # team assignments common, 360-degree feedback for most.
                        nilai_penghargaan=Decimal(100) if rng.random() < 0.15 else None,
                        nilai_penugasan_tim=_score(rng, 70, 20) if rng.random() < 0.6 else None,
                        nilai_umpan_balik_360=_score(rng, 80, 8) if rng.random() < 0.9 else None,
                    )
                )
        if rng.random() < 0.9:
            potential.append(
                PotentialRecord(
                    employee_id=pk,
                    tanggal=dt.date(2026, rng.randint(1, 9), rng.randint(1, 28)),
                    sumber="Asesmen kompetensi UPT Penilaian Kompetensi",
                    skor=_score(rng, 80, 9),
                    nilai_pelatihan=_score(rng, 75, 12),
                    nilai_rekam_jejak=_score(rng, 75, 12),
                    nilai_tes_potensi=_score(rng, 78, 10),
                    nilai_kesesuaian_bidang=Decimal(100) if rng.random() < 0.7 else Decimal(50),
                )
            )
    return performance, potential


MEETING_MEMBERS = [
    "Sekretaris Daerah - Ketua Komite Talenta",
    "Kepala Badan Kepegawaian dan Pengembangan SDM - Sekretaris",
    "Inspektur Daerah - Anggota",
    "Kepala Bidang Mutasi dan Promosi - Anggota",
]
# (box from, box to, reason): a committee's typical corrections of the potential axis, one
# up and one down; the performance level (from the SKP) stays, so neither move is warned about.
MEETING_MOVES = [
    (
        5,
        8,
        "Memimpin integrasi data kepegawaian lintas perangkat daerah tahun ini; komite menilai "
        "potensialnya tinggi berdasarkan masukan atasan dan hasil wawancara.",
    ),
    (
        8,
        5,
        "Hasil asesmen potensial berasal dari 2022; komite menurunkan potensial ke menengah "
        "sampai asesmen ulang dijadwalkan.",
    ),
]


def calibration_meeting(period: MappingPeriod) -> None:
    """A closed committee meeting with two moves, through the same functions the calibration
    pages use; only when the period has none yet and the agency has a calibrating admin."""
    if period.rapat_kalibrasi.exists():
        return
    actor = User.objects.filter(
        instansi_id=period.instansi_id, role=User.Role.ADMIN_INSTANSI, is_active=True
    ).first()
    if actor is None:
        return
    rapat = meeting_open(
        period=period,
        tanggal=dt.date(2026, 11, 20),
        tempat="Ruang Rapat Sekretariat Daerah",
        pimpinan="Sekretaris Daerah",
        anggota="\n".join(MEETING_MEMBERS),
        actor=actor,
    )
    for dari, ke, alasan in MEETING_MOVES:
        placement = (
            Placement.objects.filter(period=period, kotak=dari, kotak_kalibrasi__isnull=True)
            .select_related("period")
            .order_by("employee__nip")
            .first()
        )
        if placement is not None:
            placement_calibrate(
                placement=placement, ke_kotak=ke, alasan=alasan, actor=actor, rapat=rapat
            )
    meeting_close(
        rapat=rapat,
        catatan="Sebaran kotak disepakati; dua perpindahan dengan alasan tercatat. Hasil "
        "pemetaan periode 2026 diusulkan untuk ditetapkan Pejabat Pembina Kepegawaian.",
        actor=actor,
    )


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
        if instansi == agencies[0]:
            # The provisional BKN 411/2025 profile beside the default, to compare the two.
            bkn, _ = MappingPeriod.objects.get_or_create(
                instansi=instansi,
                nama="2026 (profil BKN)",
                defaults={
                    "tahun_skp": 2026,
                    "tanggal_acuan": dt.date(2026, 12, 31),
                    "pengaturan": ninebox.profile_settings(
                        "bkn_411_2025", (Decimal(80), Decimal(60))
                    ),
                },
            )
            period_compute(period=bkn)
            calibration_meeting(period)
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
