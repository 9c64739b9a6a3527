"""A large .xlsx is read by a second process while the import checks its rows: two cores
at work instead of one (employees/importing/read_ahead.py). The outcome must be the one
reading in-process gives, and a reader that fails must fail the import, not hang it."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings

from employees.importing import read_ahead, services
from employees.importing.models import ImportBatch
from employees.models import Employee

from .conftest import xlsx_bytes
from .test_import import dry_run
from .test_import_hostile_files import sheet_xml, with_sheet

# What a preview shows: counts, every error and warning, the column mapping.
PREVIEW = ("status", "total_rows", "count_new", "count_error", "errors", "warnings", "columns")


@pytest.fixture
def admin(people, referensi, unit_contoh):
    return people["admin_contoh"]


@pytest.fixture
def forked(monkeypatch, settings):
    """Every .xlsx read by a second process, however small; the reads are counted."""
    settings.IMPORT_READ_AHEAD_MIN_BYTES = 0
    reads = []
    real = read_ahead.rows

    def counted(produce):
        reads.append(produce)
        return real(produce)

    monkeypatch.setattr(read_ahead, "rows", counted)
    return reads


@pytest.mark.django_db
def test_a_sheet_read_by_a_second_process_previews_and_applies_as_read_here(
    admin, sheet_rows, forked, settings
):
    sheet_rows[2][13] = "Unit Yang Tidak Ada"  # one bad row between good ones
    content = xlsx_bytes(sheet_rows, title_rows=[["DAFTAR NOMINATIF PEGAWAI"], []])
    settings.IMPORT_READ_AHEAD_MIN_BYTES = -1
    here = dry_run(admin, "pegawai.xlsx", content)
    assert not forked
    settings.IMPORT_READ_AHEAD_MIN_BYTES = 0
    there = dry_run(admin, "pegawai.xlsx", content)
    assert forked, "the second process read the file"
    assert [getattr(there, f) for f in PREVIEW] == [getattr(here, f) for f in PREVIEW]
    assert (there.count_new, there.count_error) == (2, 1)
    assert services.confirm_batch(there, skip_invalid=True)
    there.refresh_from_db()
    assert there.status == ImportBatch.Status.DONE
    assert Employee.objects.filter(instansi=admin.instansi).count() == 2


@pytest.mark.django_db
def test_a_problem_the_reading_process_meets_fails_the_batch_with_its_reason(admin, forked):
    # A shared-text index the file does not have: met only while reading the rows.
    xml = sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>NIP</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>NAMA</t></is></c></row>'
        '<row r="2"><c r="A2" t="s"><v>99</v></c></row>'
    )
    batch = dry_run(admin, "pegawai.xlsx", with_sheet(xml))
    assert forked
    assert batch.status == ImportBatch.Status.FAILED and batch.file_at_fault
    assert "indeks teks bersama tidak ditemukan" in batch.message
    assert multiprocessing.active_children() == []


def test_a_reading_process_that_dies_ends_the_reading_with_an_error():
    def dies():
        yield 2, ["198609262015051001"]
        os.kill(os.getpid(), signal.SIGKILL)
        yield 3, ["never"]

    with pytest.raises(read_ahead.ReaderStopped, match="berhenti tanpa keterangan"):
        list(read_ahead.rows(dies))
    assert multiprocessing.active_children() == []


def test_stopping_early_stops_the_reading_process():
    def endless():
        number = 0
        while True:
            number += 1
            yield number, [str(number)]

    rows = read_ahead.rows(endless)
    assert [next(rows) for _ in range(3)] == [(1, ["1"]), (2, ["2"]), (3, ["3"])]
    rows.close()
    assert multiprocessing.active_children() == []


READER_OF_A_KILLED_WORKER = """
import os, signal, sys
import django
django.setup()
from employees.importing import read_ahead

def endless():
    number = 0
    while True:
        number += 1
        yield number, ["x" * 200]

rows = read_ahead.rows(endless)
next(rows)
import multiprocessing
print(multiprocessing.active_children()[0].pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # the worker dies mid-import
"""


def test_the_reading_process_of_a_killed_worker_ends_too():
    # A db_worker killed by SIGKILL (a deploy, the OOM killer) must not leave its reader
    # behind, blocked for ever on a pipe nobody reads.
    worker = subprocess.run(
        [sys.executable, "-c", READER_OF_A_KILLED_WORKER],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "meritsys.settings"},
        timeout=60,
    )
    assert worker.returncode == -signal.SIGKILL, worker.stderr
    reader = int(worker.stdout.split()[0])
    deadline = time.monotonic() + 10
    while _running(reader) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(reader), "the reader outlived its worker"


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan is reaped by init, but not at once)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False
