"""Benchmark of the employee import (run by hand, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/merit_emp \\
        python benchmarks/import_employees.py [--rows 100000]

Generates N realistic rows as .xlsx (the template's columns, a title block above the
header like SIASN exports), then measures, each in its own process so every peak memory
figure is that phase's own:

  (a) openpyxl read-only reading the file and nothing else (the baseline);
  (b) the full import: validate + apply on the configured DATABASE_URL (all rows new);
  (c) re-import of the same file (all rows unchanged, nothing written);

and prints rows/s, peak memory (RSS) and the ratios (b)/(a) and (c)/(a).
Needs a migrated database with the reference data (`manage.py migrate && manage.py
loaddata referensi`); it creates its own agency "Kabupaten Benchmark" and clears its
employees first."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meritsys.settings")

KODE = "BENCH-01"
UNITS = [
    "Sekretariat Daerah", "Badan Kepegawaian Daerah", "Dinas Pendidikan", "Dinas Kesehatan",
    "Dinas Pekerjaan Umum", "Badan Keuangan Daerah", "Dinas Sosial", "Inspektorat",
    "Dinas Perhubungan", "RSUD", "Kecamatan Kota", "Kecamatan Utara", "Kecamatan Selatan",
    "Dinas Pertanian", "Bappeda", "Satpol PP", "Dinas Kependudukan", "Dinas Pariwisata",
]  # fmt: skip


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django() -> None:
    import django

    django.setup()


def agency():
    from agencies.models import Instansi, UnitKerja, User

    instansi, _ = Instansi.objects.get_or_create(
        kode_bkn=KODE, defaults={"nama": "Kabupaten Benchmark", "jenis": Instansi.Jenis.LEMBAGA}
    )
    for name in UNITS:
        UnitKerja.objects.get_or_create(instansi=instansi, induk=None, nama=name)
    user, _ = User.objects.get_or_create(
        username="benchmark_admin",
        defaults={"role": User.Role.ADMIN_INSTANSI, "instansi": instansi},
    )
    return instansi, user


def generate(path: Path, rows: int) -> None:
    """Write N employees from the demo factory into an .xlsx shaped like a SIASN export."""
    from django.core.management import call_command
    from openpyxl import Workbook

    from employees.demo import EmployeeFactory
    from employees.models import Employee, Golongan
    from employees.pegawai_import import EXPORT_HEADERS, JENJANG_LABEL

    if not Golongan.objects.exists():
        call_command("loaddata", "referensi", verbosity=0)
    instansi, _user = agency()
    # Start from an empty agency: rows and their history.
    Employee.objects.filter(instansi=instansi)._raw_delete(Employee.objects.db)
    Employee.history.filter(instansi_id=instansi.pk)._raw_delete(Employee.objects.db)
    factory = EmployeeFactory(seed=7)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Pegawai")
    sheet.append(["DAFTAR NOMINATIF PEGAWAI NEGERI SIPIL"])
    sheet.append(["KABUPATEN BENCHMARK"])
    sheet.append([])
    sheet.append(EXPORT_HEADERS)
    golongan = {g.pk: g.nama for g in Golongan.objects.all()}
    for e in factory.many(instansi, rows):
        sheet.append(
            [
                e.nip, e.nama, e.gelar_depan, e.gelar_belakang, e.jenis_kelamin,
                e.tempat_lahir, e.tanggal_lahir, e.status, golongan[e.golongan_id],
                e.tmt_golongan, e.jabatan, e.jenis_jabatan.nama,
                JENJANG_LABEL.get(e.jenjang_fungsional, ""), e.unit.nama if e.unit else "",
                e.pendidikan.nama, e.tmt_cpns,
            ]
        )  # fmt: skip
    book.save(path)


def phase_openpyxl(path: Path) -> dict:
    from openpyxl import load_workbook

    start = time.perf_counter()
    book = load_workbook(path, read_only=True)
    count = sum(1 for _row in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return {"seconds": time.perf_counter() - start, "rows": count, "peak_mb": peak_mb()}


def phase_import(path: Path) -> dict:
    setup_django()
    from django.core.files import File

    from employees.importing import engine
    from employees.importing.models import ImportBatch

    instansi, user = agency()
    with open(path, "rb") as handle:
        batch = ImportBatch(kind="pegawai", instansi=instansi, uploaded_by=user)
        batch.original_name = path.name
        batch.file.save(path.name, File(handle), save=False)
    batch.save()
    start = time.perf_counter()
    engine.run(batch, apply=True)
    seconds = time.perf_counter() - start
    batch.refresh_from_db()
    result = {
        "seconds": seconds,
        "rows": batch.total_rows,
        "peak_mb": peak_mb(),
        "status": batch.status,
        "new": batch.count_new,
        "changed": batch.count_changed,
        "unchanged": batch.count_unchanged,
        "errors": batch.count_error,
        "message": batch.message,
        "first_errors": batch.errors[:3],
    }
    batch.file.delete(save=False)
    return result


def run_phase(name: str, path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--file", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows to generate")
    parser.add_argument("--phase", choices=["a", "b"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        result = phase_openpyxl(args.file) if args.phase == "a" else phase_import(args.file)
        print(json.dumps(result))
        return

    setup_django()
    from django.db import connection

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"pegawai-{args.rows}.xlsx"
        start = time.perf_counter()
        generate(path, args.rows)
        connection.close()
        print(
            f"generated {args.rows:,} rows in {time.perf_counter() - start:.1f} s "
            f"({path.stat().st_size / 1_048_576:.1f} MB) on {connection.vendor}"
        )
        a = run_phase("a", path)
        b = run_phase("b", path)
        c = run_phase("b", path)
    for label, result in [("(a) openpyxl read-only", a), ("(b) full import", b),
                          ("(c) re-import", c)]:  # fmt: skip
        print(
            f"{label:24} {result['seconds']:7.2f} s  "
            f"{args.rows / result['seconds']:9,.0f} rows/s  peak {result['peak_mb']:6.0f} MB"
            + (
                f"  [{result['status']}: new {result['new']}, changed {result['changed']}, "
                f"unchanged {result['unchanged']}, errors {result['errors']}]"
                if "status" in result
                else ""
            )
        )
    for result in (b, c):
        if result.get("errors") or result.get("message"):
            print("  problems:", result["message"], result["first_errors"])
    print(f"(b)/(a) = {b['seconds'] / a['seconds']:.2f}   (target <= 1.0)")
    print(f"(c)/(a) = {c['seconds'] / a['seconds']:.2f}   (target <= 0.5)")


if __name__ == "__main__":
    main()
