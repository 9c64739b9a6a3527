"""Hostile or broken .xlsx files are refused before the spreadsheet reader opens them.

python-calamine allocates the whole grid between a sheet's first and last cell, so a 2 KB
file with cells at A1 and XFD1048576 aborted the worker process (calamine issue #693): the
batch stayed "running" and retrying it killed the worker again."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from agencies.models import AuditEvent
from employees.importing import sheet_guard
from employees.importing.models import ImportBatch
from employees.importing.sheet_guard import FileProblem, SheetLimits
from employees.importing.tasks import discard_refused_file

from .conftest import xlsx_bytes
from .test_import import dry_run

ROOT = Path(django_settings.BASE_DIR)


def far_corner_xlsx(*, dimension: bool = True) -> bytes:
    """The attack: two cells, A1 and XFD1048576, in a 5 KB file."""
    book = Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"] = "NIP", "NAMA"
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    if dimension:
        return buffer.getvalue()
    return rewrite_sheet(
        buffer.getvalue(), lambda xml: xml.replace(b'<dimension ref="A1:XFD1048576" />', b"")
    )


def rewrite_sheet(content: bytes, change) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(info.filename, data)
    return out.getvalue()


def sheet_xml(rows: str) -> bytes:
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def with_sheet(xml: bytes) -> bytes:
    return rewrite_sheet(xlsx_bytes([["NIP", "NAMA"]]), lambda _old: xml)


def limits(**changes) -> SheetLimits:
    small = SheetLimits(
        max_rows=1000,
        max_columns=50,
        max_cells=10_000,
        max_uncompressed_bytes=1 << 30,
        max_ratio=200,
    )
    return dataclasses.replace(small, **changes)


def refused(content: bytes, tmp_path, **changes) -> str:
    path = tmp_path / "berkas.xlsx"
    path.write_bytes(content)
    with pytest.raises(FileProblem) as problem:
        sheet_guard.check(path, limits(**changes))
    return str(problem.value)


def test_reading_the_far_corner_file_no_longer_kills_the_process(tmp_path):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(far_corner_xlsx(dimension=False))
    assert path.stat().st_size < 6000
    script = (
        "import django, sys; django.setup()\n"
        "from employees.importing.reader import SheetRows, FileProblem\n"
        "try:\n    SheetRows(sys.argv[1])\nexcept FileProblem as problem:\n    print(problem)\n"
    )
    # A plain `python -c` is not manage.py: DEBUG (and so the development key) must be asked
    # for (meritsys/settings.py, issue 15).
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meritsys.settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "true",
    }
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    # Before the guard: return code -6 (SIGABRT inside calamine) and no message.
    assert done.returncode == 0, done.stderr[-2000:]
    assert "1.048.576 baris x 16.384 kolom" in done.stdout


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connection
def test_the_worker_survives_the_bomb_and_the_batch_says_why(
    people, referensi, unit_contoh, settings, client
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    admin = people["admin_contoh"]
    batch = dry_run(admin, "pegawai.xlsx", far_corner_xlsx())
    assert batch.status == ImportBatch.Status.QUEUED
    # The worker runs in this very process: had calamine aborted, this test would not go on.
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "menyatakan ukuran 1.048.576 baris x 16.384 kolom" in batch.message
    # Retrying would be refused the same way: the file is gone and no retry is offered.
    assert not batch.file and not batch.can_retry
    assert AuditEvent.objects.filter(action="import.pegawai.refused").exists()
    client.force_login(admin)
    page = client.get(reverse("employees:import_batch", args=["pegawai", batch.pk]))
    assert "Salin hanya tabel datanya ke buku kerja baru" in page.content.decode()
    assert "Coba lagi" not in page.content.decode()


@pytest.mark.django_db
def test_a_batch_that_failed_for_another_reason_keeps_its_file(people, referensi, unit_contoh):
    admin = people["admin_contoh"]
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes([["NIP", "NAMA"], ["1", "Budi"]]))
    # As a crash leaves it (the engine's own message), nothing to do with the file's shape.
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED, count_error=0, message="Terjadi kesalahan sistem."
    )
    batch.refresh_from_db()
    assert not discard_refused_file(batch)
    batch.refresh_from_db()
    assert batch.file and batch.can_retry


def test_a_cell_far_away_is_found_without_a_dimension(tmp_path):
    message = refused(far_corner_xlsx(dimension=False), tmp_path)
    assert "berisi sel sampai 1.048.576 baris x 16.384 kolom" in message


def test_the_declared_dimension_alone_is_enough_to_refuse(tmp_path):
    xml = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
        b"<sheetData>", b'<dimension ref="A1:ZZ5000"/><sheetData>'
    )
    assert "menyatakan ukuran 5.000 baris x 702 kolom" in refused(with_sheet(xml), tmp_path)


def test_cells_out_of_order_cannot_hide_a_far_cell(tmp_path):
    rows = '<row r="1"><c r="A1"><v>1</v></c><c r="AZ999"><v>1</v></c><c r="B1"><v>1</v></c></row>'
    assert "999 baris x 52 kolom" in refused(with_sheet(sheet_xml(rows)), tmp_path)


def test_a_far_cell_in_a_row_never_closed_is_still_seen(tmp_path):
    xml = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="XFD2"><v>1</v></c>')
    assert "2 baris x 16.384 kolom" in refused(with_sheet(xml), tmp_path)


def test_cells_without_references_are_counted_one_by_one(tmp_path):
    cells = "<c><v>1</v></c>" * 60
    assert "1 baris x 51 kolom" in refused(with_sheet(sheet_xml(f"<row>{cells}</row>")), tmp_path)


def test_a_grid_within_each_limit_but_too_many_cells_is_refused(tmp_path):
    rows = '<row r="900"><c r="A900"><v>1</v></c><c r="AX900"><v>1</v></c></row>'
    assert "= 45.000 sel" in refused(with_sheet(sheet_xml(rows)), tmp_path)


def test_a_zip_bomb_is_refused_by_its_real_size_and_ratio(tmp_path):
    blanks = '<row r="1"><c r="A1"><v>1</v></c></row>' + " " * (3 << 20)
    content = with_sheet(sheet_xml(blanks))
    assert "rasio" in refused(content, tmp_path)
    assert "terlalu besar" in refused(
        content, tmp_path, max_uncompressed_bytes=2 << 20, max_ratio=10**6
    )


def test_an_ordinary_sheet_passes_with_its_real_extent(tmp_path, sheet_rows):
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(xlsx_bytes(sheet_rows, title_rows=[["DAFTAR PEGAWAI"]]))
    extent = sheet_guard.check(path, limits())
    assert (extent.rows, extent.columns) == (5, 16)
