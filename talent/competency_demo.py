"""Demo competency data for one agency (Kabupaten Contoh, else the first with employees):
post-type standards (higher posts need higher levels), standards of the target posts,
assessment results for about two thirds of its employees (mapping, and competency tests for
part of the functional staff) and IDP items from the gaps and the box follow-up.
Idempotent: nothing is added when the agency already has results."""

from __future__ import annotations

import datetime as dt
import random

from agencies.models import Instansi
from employees.models import Employee, HasilKompetensi, JenisJabatan, Kompetensi, NilaiKompetensi

from . import competency
from .models import (
    Placement,
    RencanaPengembangan,
    StandarKompetensi,
    StandarKompetensiLevel,
    TargetPost,
)

DEMO_AGENCY = "Kabupaten Contoh"
# Required level by post type (Permen PANRB 38/2017 practice: a higher post needs a higher
# level); integritas one level above the rest for the managerial posts.
TYPE_LEVEL = {
    "jpt_pratama": 4,
    "administrator": 3,
    "pengawas": 3,
    "fungsional": 2,
    "pelaksana": 1,
}
ASSESSORS = [
    "UPT Penilaian Kompetensi BKD Provinsi",
    "Pusat Penilaian Kompetensi ASN BKN",
]
GAP_ACTIVITIES = {
    "klasikal": "Pelatihan {nama}",
    "nonklasikal": "Coaching dan mentoring {nama}",
}


def _levels(base: int, manajerial: bool, kompetensi: list[Kompetensi]) -> dict[str, int]:
    return {
        k.kode: min(5, base + (1 if manajerial and k.kode == "integritas" else 0))
        for k in kompetensi
    }


def populate(agencies: list[Instansi], stdout=None) -> None:
    instansi = next((a for a in agencies if a.nama == DEMO_AGENCY), None)
    if instansi is None:
        instansi = next((a for a in agencies if Employee.objects.filter(instansi=a).exists()), None)
    if instansi is None or HasilKompetensi.objects.filter(employee__instansi=instansi).exists():
        return
    rng = random.Random(38_2017)
    kompetensi = list(Kompetensi.objects.filter(aktif=True).exclude(kelompok="teknis"))
    if not kompetensi:
        return
    by_kode = {k.kode: k for k in kompetensi}
    jenis = {j.kode: j for j in JenisJabatan.objects.all()}
    standards: list[tuple[StandarKompetensi, dict[str, int]]] = []
    for kode, base in TYPE_LEVEL.items():
        if kode in jenis:
            levels = _levels(base, jenis[kode].manajerial, kompetensi)
            standar = StandarKompetensi.objects.create(
                instansi=instansi,
                jenis_jabatan=jenis[kode],
                keterangan="Standar per jenis jabatan (demo)",
            )
            standards.append((standar, levels))
    for post in TargetPost.objects.filter(instansi=instansi):
        base = TYPE_LEVEL.get(post.jenis_jabatan.kode if post.jenis_jabatan else "", 3)
        levels = _levels(base, True, kompetensi)
        levels["pengambilan-keputusan"] = min(5, levels.get("pengambilan-keputusan", base) + 1)
        standar = StandarKompetensi.objects.create(
            instansi=instansi,
            nama_jabatan=post.nama_jabatan,
            jenis_jabatan=post.jenis_jabatan,
            keterangan="Standar kompetensi jabatan target (demo)",
        )
        standards.append((standar, levels))
    StandarKompetensiLevel.objects.bulk_create(
        StandarKompetensiLevel(standar=standar, kompetensi=by_kode[kode], level=level)
        for standar, levels in standards
        for kode, level in levels.items()
        if kode in by_kode
    )

    resolver = competency.StandardResolver.for_instansi(instansi.pk)
    employees = list(Employee.objects.filter(instansi=instansi, aktif=True).order_by("pk"))
    assessed = [e for e in employees if rng.random() < 0.65]
    results, planned = [], []
    for employee in assessed:
        own = resolver.for_employee(employee)
        required = own.levels() if own else {}
        # Most people sit near their post's standard; some above, some clearly below.
        drift = rng.choices([-1, 0, 1], [25, 55, 20])[0]
        achieved = {}
        for k in kompetensi:
            step = rng.choices([-1, 0, 1], [20 + 15 * (drift < 0), 60, 20 + 15 * (drift > 0)])[0]
            achieved[k.kode] = max(1, min(5, required.get(k.kode, 2) + step))
        metode = (
            HasilKompetensi.Metode.UJI_KOMPETENSI
            if employee.jenjang_fungsional and rng.random() < 0.3
            else HasilKompetensi.Metode.PEMETAAN
        )
        hasil = HasilKompetensi(
            employee=employee,
            tanggal=dt.date(2026, rng.randint(2, 6), rng.randint(1, 28)),
            metode=metode,
            lembaga=rng.choice(ASSESSORS),
        )
        results.append((hasil, achieved))
        planned.append((employee, achieved, required))
    HasilKompetensi.objects.bulk_create([hasil for hasil, _levels in results], batch_size=1000)
    NilaiKompetensi.objects.bulk_create(
        (
            NilaiKompetensi(hasil=hasil, kompetensi=by_kode[kode], level=level)
            for hasil, achieved in results
            for kode, level in achieved.items()
        ),
        batch_size=2000,
    )
    items = _plans(instansi, planned, by_kode, rng)
    RencanaPengembangan.objects.bulk_create(items, batch_size=1000)
    if stdout is not None:
        stdout.write(
            f"Kompetensi {instansi.nama}: {len(results)} hasil asesmen, {len(standards)} standar "
            f"kompetensi jabatan, {len(items)} rencana pengembangan\n"
        )


def _plans(instansi, planned, by_kode, rng: random.Random) -> list[RencanaPengembangan]:
    """IDP items: the largest gap of about one in four assessed employees below standard,
    and the box follow-up of some in the talent pool (boxes 7-9)."""
    items = []
    statuses = [
        RencanaPengembangan.Status.DIRENCANAKAN,
        RencanaPengembangan.Status.BERJALAN,
        RencanaPengembangan.Status.SELESAI,
    ]
    for employee, achieved, required in planned:
        lines = competency.gaps(achieved, required)
        areas = competency.development_areas(lines)
        if not areas or rng.random() > 0.25:
            continue
        kode = areas[0].kode
        bentuk = rng.choice(list(GAP_ACTIVITIES))
        status = rng.choices(statuses, [50, 30, 20])[0]
        tenggat = dt.date(2026, rng.randint(7, 12), rng.randint(1, 28))
        items.append(
            RencanaPengembangan(
                employee=employee,
                sumber=RencanaPengembangan.Sumber.KESENJANGAN,
                kompetensi=by_kode[kode],
                kegiatan=GAP_ACTIVITIES[bentuk].format(nama=by_kode[kode].nama.lower()),
                bentuk=bentuk,
                jam_pelajaran=24 if bentuk == "klasikal" else 12,
                tenggat=tenggat,
                status=status,
                selesai_pada=tenggat - dt.timedelta(days=14)
                if status == RencanaPengembangan.Status.SELESAI
                else None,
            )
        )
    pool = (
        Placement.objects.filter(
            period__instansi=instansi, period__nama="2026", kotak__in=(7, 8, 9)
        )
        .select_related("period", "employee")
        .order_by("-kotak", "employee__nama")[:15]
    )
    for placement in pool:
        actions = placement.period.rules.recommendation(placement.kotak or 0)
        if not actions:
            continue
        items.append(
            RencanaPengembangan(
                employee=placement.employee,
                sumber=RencanaPengembangan.Sumber.KOTAK,
                kotak=placement.kotak,
                kegiatan=actions[-1][:250],
                bentuk=RencanaPengembangan.Bentuk.NONKLASIKAL,
                jam_pelajaran=0,
                tenggat=dt.date(2026, 12, 31),
            )
        )
    return items
