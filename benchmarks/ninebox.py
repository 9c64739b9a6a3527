"""Nine-box benchmark, run by hand (never by the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/merit_bench \\
        python manage.py migrate && python manage.py loaddata referensi
    DATABASE_URL=... python benchmarks/ninebox.py [--employees 100000] [--runs 15]

Fills one agency with N synthetic employees, SKP and potential records (once; later runs reuse
them, and records filled before the BKN components existed get them), then measures in one run:

- computing the mapping for all of them with the default profile (the baseline) and with the
  provisional Keputusan Kepala BKN 411/2025 profile (target: < 5 s for 100k on a quiet machine;
  the ratio to the default profile in the same run says what the profile costs);
- rendering the grid page through the real view (server time, no network);
- a baseline: one plain SQL GROUP BY counting the same boxes.

Beside the wall time of a computation it prints its CPU time: this process's and, when the
database runs on this machine, the PostgreSQL backend's (from /proc), which a shared machine
disturbs less. Before each computation the placements table is vacuumed (not timed): a
computation rewrites 100k rows, and with autovacuum off (as on this project's cluster) every
run would otherwise leave 100k dead rows for the next to wade through; --no-vacuum keeps them.

Targets: grid within 2x the plain GROUP BY and under 300 ms."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meritsys.settings")
# A developer's tool, run by hand: the defaults of manage.py (DEBUG on unless set).
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from agencies.models import Instansi, UnitKerja, User  # noqa: E402
from employees.demo import EmployeeFactory  # noqa: E402
from employees.models import Employee  # noqa: E402
from talent import demo as talent_demo  # noqa: E402
from talent import ninebox  # noqa: E402
from talent.compute import ComputeResult, period_compute  # noqa: E402
from talent.models import MappingPeriod, PerformanceRecord, PotentialRecord  # noqa: E402
from talent.views.periods import period_detail  # noqa: E402

KODE = "BENCH-NINEBOX"


def fill(count: int) -> Instansi:
    provinsi, _ = Instansi.objects.get_or_create(
        kode_bkn="BENCH-PROV", defaults={"nama": "Provinsi Benchmark", "jenis": "provinsi"}
    )
    instansi, _ = Instansi.objects.get_or_create(
        kode_bkn=KODE,
        defaults={"nama": "Kabupaten Benchmark", "jenis": "kabupaten", "provinsi": provinsi},
    )
    for index in range(20):
        UnitKerja.objects.get_or_create(instansi=instansi, induk=None, nama=f"Dinas {index:02d}")
    have = Employee.objects.filter(instansi=instansi).count()
    if have < count:
        started = time.perf_counter()
        factory = EmployeeFactory(seed=have + 1)
        batch = []
        for employee in factory.many(instansi, count - have):
            batch.append(employee)
            if len(batch) == 5000:
                Employee.objects.bulk_create(batch)
                batch = []
        Employee.objects.bulk_create(batch)
        print(f"  {count - have} pegawai dibuat dalam {time.perf_counter() - started:.1f} s")
    # Employees with neither kind of record yet (the first fill, or employees added by a
    # bigger --employees later).
    bare = Employee.objects.filter(
        instansi=instansi, kinerja__isnull=True, potensial__isnull=True
    ).values_list("pk")
    if bare.exists():
        import random

        started = time.perf_counter()
        rows = list(bare)
        performance, potential = talent_demo.make_records(rows, random.Random(7))
        PerformanceRecord.objects.bulk_create(performance, batch_size=5000)
        PotentialRecord.objects.bulk_create(potential, batch_size=5000)
        print(
            f"  {len(performance)} SKP dan {len(potential)} data potensial dibuat dalam "
            f"{time.perf_counter() - started:.1f} s"
        )
    add_bkn_components(instansi)
    return instansi


def add_bkn_components(instansi: Instansi) -> None:
    """Records made before the BKN profile's components existed get random ones (PostgreSQL;
    elsewhere the profile simply finds fewer employees mappable)."""
    performance = PerformanceRecord.objects.filter(employee__instansi=instansi)
    if performance.filter(nilai_umpan_balik_360__isnull=False).exists():
        return
    if connection.vendor != "postgresql":
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE talent_performancerecord SET "
            "nilai_penghargaan = CASE WHEN random() < 0.15 THEN 100 END, "
            "nilai_penugasan_tim = CASE WHEN random() < 0.6 "
            "THEN round((40 + random() * 60)::numeric, 2) END, "
            "nilai_umpan_balik_360 = CASE WHEN random() < 0.9 "
            "THEN round((60 + random() * 40)::numeric, 2) END "
            "WHERE employee_id IN (SELECT id FROM employees_employee WHERE instansi_id = %s)",
            [instansi.pk],
        )
        cursor.execute(
            "UPDATE talent_potentialrecord SET "
            "nilai_pelatihan = round((50 + random() * 50)::numeric, 2), "
            "nilai_rekam_jejak = round((50 + random() * 50)::numeric, 2), "
            "nilai_tes_potensi = round((55 + random() * 45)::numeric, 2), "
            "nilai_kesesuaian_bidang = CASE WHEN random() < 0.7 THEN 100 ELSE 50 END "
            "WHERE employee_id IN (SELECT id FROM employees_employee WHERE instansi_id = %s)",
            [instansi.pk],
        )
    print(f"  komponen profil BKN ditambahkan dalam {time.perf_counter() - started:.1f} s")


def backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, when it runs on this
    machine (Linux /proc); None otherwise."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn, runs: int) -> float:
    """Median wall time in milliseconds after one warm-up call."""
    fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--compute-runs", type=int, default=3)
    parser.add_argument(
        "--no-vacuum", action="store_true", help="keep the dead rows of earlier computations"
    )
    args = parser.parse_args()

    print(f"Basis data: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"Menyiapkan {args.employees} pegawai...")
    instansi = fill(args.employees)
    period, _ = MappingPeriod.objects.get_or_create(
        instansi=instansi,
        nama="2026",
        defaults={"tahun_skp": 2026, "tanggal_acuan": MappingPeriod.default_date(2026)},
    )
    user, _ = User.objects.get_or_create(
        username="bench_admin", defaults={"role": User.Role.ADMIN_INSTANSI, "instansi": instansi}
    )

    bkn, _ = MappingPeriod.objects.get_or_create(
        instansi=instansi,
        nama="2026 BKN",
        defaults={
            "tahun_skp": 2026,
            "tanggal_acuan": MappingPeriod.default_date(2026),
            "pengaturan": ninebox.profile_settings("bkn_411_2025"),
        },
    )

    def compute(which: MappingPeriod) -> tuple[float, float, float | None, ComputeResult]:
        if connection.vendor == "postgresql" and not args.no_vacuum:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE talent_placement")
        backend = backend_cpu()
        started, cpu = time.perf_counter(), time.process_time()
        result = period_compute(period=which)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        after = backend_cpu()
        return (
            wall,
            cpu,
            (after - backend if after is not None and backend is not None else None),
            result,
        )

    # Alternate the two profiles so a busy machine slows both alike; keep each one's best.
    runs: dict[int, list[tuple[float, float, float | None]]] = {period.pk: [], bkn.pk: []}
    results: dict[int, ComputeResult] = {}
    for _ in range(args.compute_runs):
        for which in (period, bkn):
            wall, cpu, backend, results[which.pk] = compute(which)
            runs[which.pk].append((wall, cpu, backend))
            print(
                f"  {which.nama}: {wall:.2f} s, CPU {cpu:.2f} s"
                + (f" + basis data {backend:.2f} s" if backend is not None else "")
                + f"  (load {os.getloadavg()[0]:.1f})"
            )

    def best(pk: int, index: int) -> float:
        """The least wall (0) or CPU (1) time of a period's computations."""
        return min(run[1] if index else run[0] for run in runs[pk])

    def best_db(pk: int) -> float | None:
        values = [run[2] for run in runs[pk] if run[2] is not None]
        return min(values) if values else None

    base_s, bkn_s = best(period.pk, 0), best(bkn.pk, 0)
    for label, which, seconds in (("bawaan", period, base_s), ("BKN 411/2025", bkn, bkn_s)):
        result = results[which.pk]
        cpu, backend = best(which.pk, 1), best_db(which.pk)
        print(
            f"Hitung pemetaan ({label}): {result.total} penempatan ({result.terpetakan} "
            f"terpetakan) dalam {seconds:.2f} s; CPU {cpu:.2f} s"
            + (f" + basis data {backend:.2f} s" if backend is not None else "")
            + " (terbaik)"
        )
    cpu_ratio = ""
    base_cpu, bkn_cpu = best(period.pk, 1), best(bkn.pk, 1)
    base_db, bkn_db = best_db(period.pk), best_db(bkn.pk)
    if base_db is not None and bkn_db is not None:
        cpu_ratio = f", CPU + basis data {(bkn_cpu + bkn_db) / (base_cpu + base_db):.2f}x"
    print(
        f"Profil BKN / profil bawaan: {bkn_s / base_s:.2f}x{cpu_ratio}  "
        f"[target BKN < 5 s] {'OK' if bkn_s < 5 else 'GAGAL (lihat rasio bila mesin sibuk)'}"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE talent_placement")

    def baseline() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT kotak, COUNT(*) FROM talent_placement WHERE period_id = %s GROUP BY kotak",
                [period.pk],
            )
            cursor.fetchall()

    factory = RequestFactory()

    def grid() -> None:
        request = factory.get(f"/talenta/periode/{period.pk}/")
        request.user = user
        response = period_detail(request, pk=period.pk)
        assert response.status_code == 200

    def grid_filtered() -> None:
        unit = UnitKerja.objects.filter(instansi=instansi).first()
        request = factory.get(f"/talenta/periode/{period.pk}/", {"unit": unit.pk})
        request.user = user
        assert period_detail(request, pk=period.pk).status_code == 200

    base_ms = timed(baseline, args.runs)
    grid_ms = timed(grid, args.runs)
    filtered_ms = timed(grid_filtered, args.runs)
    ratio = grid_ms / base_ms if base_ms else float("inf")
    print(f"GROUP BY polos: {base_ms:.1f} ms (median {args.runs}x)")
    print(
        f"Halaman grid:   {grid_ms:.1f} ms = {ratio:.2f}x GROUP BY  "
        f"[target <= 2x dan < 300 ms] {'OK' if ratio <= 2 and grid_ms < 300 else 'GAGAL'}"
    )
    print(f"Grid + filter unit: {filtered_ms:.1f} ms = {filtered_ms / base_ms:.2f}x GROUP BY")


if __name__ == "__main__":
    main()
