"""A large .xlsx is read by a second process while the import checks its rows: two cores
at work instead of one (employees/importing/read_ahead.py). The outcome must be the one
reading in-process gives, and a reader that fails must fail the import, not hang it."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest

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
