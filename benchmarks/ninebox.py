"""Nine-box benchmark, run by hand (never by the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/merit_bench \\
        python manage.py migrate && python manage.py loaddata referensi
    DATABASE_URL=... python benchmarks/ninebox.py [--employees 100000] [--runs 15]

Fills one agency with N synthetic employees, SKP and potential records (once; later runs reuse
them), then measures in one run:

- computing the mapping for all of them (target on PostgreSQL: < 20 s for 100k);
- rendering the grid page through the real view (server time, no network);
- a baseline: one plain SQL GROUP BY counting the same boxes.

Targets: grid within 3x the plain GROUP BY and under 300 ms."""

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
from talent.compute import period_compute  # noqa: E402
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
    return instansi


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

    started = time.perf_counter()
    result = period_compute(period=period)
    compute_s = time.perf_counter() - started
    print(
        f"Hitung pemetaan: {result.total} penempatan ({result.terpetakan} terpetakan) "
        f"dalam {compute_s:.2f} s  [target < 20 s] {'OK' if compute_s < 20 else 'GAGAL'}"
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
        f"[target <= 3x dan < 300 ms] {'OK' if ratio <= 3 and grid_ms < 300 else 'GAGAL'}"
    )
    print(f"Grid + filter unit: {filtered_ms:.1f} ms = {filtered_ms / base_ms:.2f}x GROUP BY")


if __name__ == "__main__":
    main()
