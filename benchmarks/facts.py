"""Facts benchmark (#14), run by hand (never by the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/merit_bench \\
        python manage.py migrate && python manage.py loaddata referensi
    DATABASE_URL=... python benchmarks/facts.py [--employees 20000] [--runs 15]

Reuses benchmarks/ninebox.py's agency (N synthetic employees with SKP and potential records,
mapped once), then measures in one run:

- every fact in the registry for that agency, each on its own and all together (what the
  assessment page computes once per page);
- a baseline: one plain SQL COUNT of the agency's active employees.

Target: all facts together within 200 ms for 20,000 employees; printed as a ratio too."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ninebox  # noqa: E402  (sets Django up)
from django.db import connection  # noqa: E402

from core import facts as registry  # noqa: E402
from talent.compute import period_compute  # noqa: E402
from talent.models import MappingPeriod  # noqa: E402

YEAR = 2026


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    print(f"Basis data: {connection.vendor} ({connection.settings_dict['NAME']})")
    instansi = ninebox.fill(args.employees)
    period, created = MappingPeriod.objects.get_or_create(
        instansi=instansi,
        nama=str(YEAR),
        defaults={"tahun_skp": YEAR, "tanggal_acuan": MappingPeriod.default_date(YEAR)},
    )
    if created or not period.placements.exists():
        period_compute(period=period)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def baseline() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM employees_employee WHERE instansi_id = %s AND aktif",
                [instansi.pk],
            )
            cursor.fetchall()

    base_ms = ninebox.timed(baseline, args.runs)
    print(f"COUNT polos: {base_ms:.1f} ms (median {args.runs}x)")
    for code in registry.codes():
        ms = ninebox.timed(lambda c=code: registry.compute([c], instansi.pk, YEAR), args.runs)
        value = registry.compute([code], instansi.pk, YEAR)[code]
        print(f"  {code:<22} {ms:7.1f} ms = {ms / base_ms:6.1f}x COUNT   nilai {value.value}")
    every = registry.codes()
    all_ms = ninebox.timed(lambda: registry.compute(every, instansi.pk, YEAR), args.runs)
    verdict = "OK" if all_ms < 200 else "GAGAL"
    print(
        f"Semua fakta: {all_ms:.1f} ms = {all_ms / base_ms:.1f}x COUNT  [target < 200 ms] {verdict}"
    )


if __name__ == "__main__":
    main()
