"""Benchmark of the employee import against the physical limit (run by hand, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/merit_emp \\
        python benchmarks/import_employees.py [--rows 100000 | --sizes 100000,500000]

Generates N realistic rows as .xlsx (the template's columns, a title block above the
header like SIASN exports), then measures, each in its own process so every peak memory
figure (ru_maxrss) is that phase's own:

  (a) python-calamine reading the file and nothing else (the reader before issue #17);
  (r) the streaming reader the import uses (employees/importing/xlsx_stream.py) reading
      the file and nothing else, hostile-file limits included, in this process (the import
      runs it in a forked child: employees/importing/read_ahead.py);
  (d) COPY of the same rows (read beforehand, untimed) into an UNLOGGED table of the same
      columns (PostgreSQL only): serialising and writing, no index, no WAL;
  (g) the sheet guard alone (the full hostile-file pass; the reader now makes its checks
      while reading, and only a failed batch's file still gets this pass);
  (b) the full import: validate + apply on the configured DATABASE_URL (all rows new);
      its CPU includes its reader child's, and the child's peak memory is printed apart;
  (c) re-import of the same file (all rows unchanged, nothing written);

and prints rows/s, peak memory and the ratios (r) / (a), (b) / ((a) + (d)) and (c) / (a). With
--sizes, it does all of that for each size and compares the peak memory of the sizes.
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
# A developer's tool, run by hand: the defaults of manage.py (DEBUG on unless set).
os.environ.setdefault("DEBUG", "true")

KODE = "BENCH-01"
UNITS = [
    "Sekretariat Daerah", "Badan Kepegawaian Daerah", "Dinas Pendidikan", "Dinas Kesehatan",
    "Dinas Pekerjaan Umum", "Badan Keuangan Daerah", "Dinas Sosial", "Inspektorat",
    "Dinas Perhubungan", "RSUD", "Kecamatan Kota", "Kecamatan Utara", "Kecamatan Selatan",
    "Dinas Pertanian", "Bappeda", "Satpol PP", "Dinas Kependudukan", "Dinas Pariwisata",
]  # fmt: skip


def peak_mb() -> float:
    """This process's peak resident memory. On Linux, VmHWM: the memory of this program
    since it started. ru_maxrss also counts the parent's memory when it spawned the phase
    (the parent has just generated the file): before 2026-11-30 (issue 17) it set a floor
    under every phase's figure (131 MB at 500,000 rows), which hid the smaller peaks."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """This process's CPU time (user + system), with that of the children it waited for
    (the import's read-ahead reader, employees/importing/read_ahead.py). On a machine
    shared with other work it moves far less than the wall clock; it leaves out
    PostgreSQL's own work."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def children_peak_mb() -> float:
    """The peak resident memory of the largest child this process waited for (the
    read-ahead reader), 0 if none: a cost of the import as much as its own peak."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


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


def vacuum() -> None:
    """Clear the deleted rows of earlier runs out of the employee tables and their indexes
    (PostgreSQL). Autovacuum may be off or behind: after a 500,000-row run, the next
    import's unique-NIP checks walked half a million dead index entries (a 100,000-row
    import took 36.8 s instead of ~30 s)."""
    from django.db import connection

    from employees.models import Employee

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Employee, Employee.history.model):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


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
    vacuum()
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


def phase_calamine(path: Path) -> dict:
    import python_calamine

    start, cpu = time.perf_counter(), cpu_seconds()
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    count = sum(1 for _row in sheet.iter_rows())
    return {
        "seconds": time.perf_counter() - start,
        "cpu": cpu_seconds() - cpu,
        "rows": count,
        "peak_mb": peak_mb(),
    }


def phase_stream(path: Path) -> dict:
    setup_django()
    from django.conf import settings

    from employees.importing.reader import SheetRows

    # The reader alone, in this process: not the import's read-ahead child.
    settings.IMPORT_READ_AHEAD_MIN_BYTES = -1

    start, cpu = time.perf_counter(), cpu_seconds()
    count = sum(1 for _row in SheetRows(path))
    return {
        "seconds": time.perf_counter() - start,
        "cpu": cpu_seconds() - cpu,
        "rows": count,
        "peak_mb": peak_mb(),
    }


def phase_guard(path: Path) -> dict:
    setup_django()
    from employees.importing import sheet_guard

    start, cpu = time.perf_counter(), cpu_seconds()
    extent = sheet_guard.check(path, sheet_guard.SheetLimits.from_settings())
    return {
        "seconds": time.perf_counter() - start,
        "cpu": cpu_seconds() - cpu,
        "rows": extent.rows,
        "peak_mb": peak_mb(),
    }


def phase_copy(path: Path) -> dict:
    """The same rows into an unlogged table with the sheet's columns, by COPY."""
    import datetime as dt
    import io

    import python_calamine

    setup_django()
    from django.db import connection

    from employees.pegawai_import import EXPORT_HEADERS

    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = sheet.iter_rows()
    for row in rows:  # up to and including the header row
        if row and row[0] == EXPORT_HEADERS[0]:
            break
    data = list(rows)
    dates = {i for i, value in enumerate(data[0]) if isinstance(value, (dt.date, dt.datetime))}
    columns = ", ".join(
        f"c{i} {'date' if i in dates else 'text'}" for i in range(len(EXPORT_HEADERS))
    )

    def text(value: object) -> str:
        if value in ("", None):
            return "\\N"
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()[:10]
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS benchmark_copy")
        cursor.execute(f"CREATE UNLOGGED TABLE benchmark_copy ({columns})")
        start, cpu = time.perf_counter(), cpu_seconds()
        buffer = io.StringIO()
        for row in data:
            buffer.write("\t".join(map(text, row)))
            buffer.write("\n")
        buffer.seek(0)
        cursor.cursor.copy_expert("COPY benchmark_copy FROM STDIN", buffer)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        cursor.execute("SELECT count(*) FROM benchmark_copy")
        count = cursor.fetchone()[0]
        cursor.execute("DROP TABLE benchmark_copy")
    return {"seconds": seconds, "cpu": cpu, "rows": count, "peak_mb": peak_mb()}


def phase_import(path: Path) -> dict:
    setup_django()
    from django.conf import settings
    from django.core.files import File

    # As in production: without DEBUG's log of every query (whose texts, with 2,000 keys a
    # lookup, would otherwise count in the import's peak memory).
    settings.DEBUG = False

    from employees.importing import engine
    from employees.importing.models import ImportBatch

    instansi, user = agency()
    with open(path, "rb") as handle:
        batch = ImportBatch(kind="pegawai", instansi=instansi, uploaded_by=user)
        batch.original_name = path.name
        batch.file.save(path.name, File(handle), save=False)
    batch.save()
    start, cpu = time.perf_counter(), cpu_seconds()
    engine.run(batch, apply=True)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    # The import's own peak: before this process loads the batch's lists back (tens of
    # thousands of warnings at 500,000 rows; a preview page reads them a page at a time).
    peak, reader_peak = peak_mb(), children_peak_mb()
    batch.refresh_from_db()
    result = {
        "seconds": seconds,
        "cpu": cpu,
        "rows": batch.total_rows,
        "peak_mb": peak,
        "reader_peak_mb": reader_peak,
        "warnings": batch.problem_rows(is_error=False).count(),
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


PHASES = {
    "a": phase_calamine,
    "r": phase_stream,
    "d": phase_copy,
    "g": phase_guard,
    "b": phase_import,
}


def run_phase(name: str, path: Path, rows: int) -> dict:
    # The import's row limit (and the sheet guard's, derived from it) must admit the file.
    env = {**os.environ, "IMPORT_MAX_ROWS": str(max(rows, 200_000))}
    output = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--file", str(path)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(rows: int) -> dict[str, dict]:
    """Generate `rows` rows and run every phase on them, each in its own process."""
    from django.db import connection

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"pegawai-{rows}.xlsx"
        start = time.perf_counter()
        generate(path, rows)
        connection.close()
        print(
            f"generated {rows:,} rows in {time.perf_counter() - start:.1f} s "
            f"({path.stat().st_size / 1_048_576:.1f} MB) on {connection.vendor}"
        )
        results = {
            "a": run_phase("a", path, rows),
            "r": run_phase("r", path, rows),
            "g": run_phase("g", path, rows),
        }
        if connection.vendor == "postgresql":
            results["d"] = run_phase("d", path, rows)
        results["b"] = run_phase("b", path, rows)
        results["c"] = run_phase("b", path, rows)
    labels = {
        "a": "(a) calamine read",
        "r": "(r) streaming read",
        "d": "(d) COPY, unlogged",
        "g": "(g) sheet guard",
        "b": "(b) full import",
        "c": "(c) re-import",
    }
    for key, label in labels.items():
        if key not in results:
            continue
        result = results[key]
        print(
            f"{label:22} {result['seconds']:7.2f} s (cpu {result['cpu']:6.2f} s)  "
            f"{rows / result['seconds']:9,.0f} rows/s  peak {result['peak_mb']:6.0f} MB"
            + (
                f" (+ reader process {result['reader_peak_mb']:.0f} MB)"
                if result.get("reader_peak_mb")
                else ""
            )
            + (
                f"  [{result['status']}: new {result['new']}, changed {result['changed']}, "
                f"unchanged {result['unchanged']}, errors {result['errors']}, "
                f"warnings {result['warnings']}]"
                if "status" in result
                else ""
            )
        )
    for key in ("b", "c"):
        if results[key].get("errors") or results[key].get("message"):
            print("  problems:", results[key]["message"], results[key]["first_errors"])
    for measure_key, what in (("seconds", "wall clock"), ("cpu", "client CPU")):
        a, b, c = (results[k][measure_key] for k in ("a", "b", "c"))
        print(f"{what:10}: (r)/(a)       = {results['r'][measure_key] / a:.2f}")
        if "d" in results:
            limit = a + results["d"][measure_key]
            print(f"{what:10}: (b)/((a)+(d)) = {b / limit:.2f}   (target <= 3)")
        else:
            print("(d) needs PostgreSQL: no import/(read + COPY) ratio on this database")
        print(f"{what:10}: (c)/(a)       = {c / a:.2f}   (target <= 2)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows to generate")
    parser.add_argument(
        "--sizes", help="comma-separated row counts, e.g. 100000,500000: compare peak memory"
    )
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.file)))
        return

    setup_django()
    sizes = [int(size) for size in args.sizes.split(",")] if args.sizes else [args.rows]
    results = {size: measure(size) for size in sizes}
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(f"peak memory {last:,} rows / {first:,} rows (target: flat, ~1.0):")
        for key, label in [
            ("a", "calamine read"),
            ("r", "streaming read"),
            ("b", "full import"),
            ("c", "re-import"),
        ]:
            ratio = results[last][key]["peak_mb"] / results[first][key]["peak_mb"]
            print(
                f"  {label:14} {results[first][key]['peak_mb']:6.0f} MB -> "
                f"{results[last][key]['peak_mb']:6.0f} MB  ({ratio:.2f}x)"
            )
            if results[first][key].get("reader_peak_mb"):
                reader = [results[size][key]["reader_peak_mb"] for size in (first, last)]
                print(
                    f"  {'  its reader':14} {reader[0]:6.0f} MB -> {reader[1]:6.0f} MB  "
                    f"({reader[1] / reader[0]:.2f}x)"
                )


if __name__ == "__main__":
    main()
