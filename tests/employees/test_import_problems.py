"""Each error and warning of an import is a row of its own (ImportProblem): the preview pages
them from the database, a run replaces the batch's list, and the lists batches had as JSON
before are moved over by the migration."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.importing import engine
from employees.importing.models import ImportBatch, ImportProblem
from employees.importing.problems import ProblemSpool
from employees.importing.views import ERRORS_PER_PAGE

from .conftest import xlsx_bytes
from .test_import import dry_run


@pytest.mark.django_db
def test_running_the_preview_again_replaces_its_problems(
    people, referensi, unit_contoh, sheet_rows
):
    admin = people["admin_contoh"]
    sheet_rows[2][0] = "12345"  # Siti's NIP cut short
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    first = batch.errors
    assert first and all(row == 3 for row, _column, _message in first), first

    engine.run(batch, apply=False)
    batch.refresh_from_db()
    assert batch.errors == first, "the same list, not the list twice"
    assert ImportProblem.objects.filter(batch=batch, is_error=True).count() == len(first)


@pytest.mark.django_db
def test_the_preview_reads_one_page_of_problems_whatever_their_number(
    client, people, referensi, unit_contoh, sheet_rows
):
    admin = people["admin_contoh"]
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    client.force_login(admin)
    url = reverse("employees:import_batch", args=["pegawai", batch.pk])

    def page_with(problems: int, page: int = 1) -> tuple[str, int]:
        ImportProblem.objects.filter(batch=batch).delete()
        ImportProblem.objects.bulk_create(
            ImportProblem(batch=batch, is_error=False, row=n + 2, column="NIP", message=f"Cek {n}")
            for n in range(problems)
        )
        with CaptureQueriesContext(connection) as queries:
            content = client.get(url, {"peringatan": page}).content.decode()
        return content, len(queries)

    few, few_queries = page_with(3)
    assert "Cek 2" in few
    many, many_queries = page_with(ERRORS_PER_PAGE * 25, page=2)
    assert many_queries == few_queries, "a count and a page, not the whole list"
    first_of_page_two = f"Cek {ERRORS_PER_PAGE}<"
    assert first_of_page_two in many and f"Cek {ERRORS_PER_PAGE - 1}<" not in many
    assert (
        f"Peringatan {ERRORS_PER_PAGE + 1}–{ERRORS_PER_PAGE * 2} dari {ERRORS_PER_PAGE * 25}."
        in many
    )


@pytest.mark.django_db(transaction=True)
def test_the_lists_of_earlier_batches_move_to_rows_and_back(people):
    """Batches imported before the table existed keep their errors and warnings, in order."""
    admin = people["admin_contoh"]
    before, after = (
        ("employees", "0008_fewer_write_indexes"),
        ("employees", "0009_import_problems_table"),
    )
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    OldBatch = old.get_model("employees", "ImportBatch")
    batch = OldBatch.objects.create(
        kind="pegawai",
        instansi_id=admin.instansi_id,
        original_name="lama.xlsx",
        errors=[[3, "NIP", "NIP kosong"], [5, "NAMA", "Nama wajib diisi."]],
        warnings=[[4, "TANGGAL LAHIR", "Pegawai aktif berusia 60 tahun"]],
    )

    executor = MigrationExecutor(connection)
    executor.migrate([after])
    moved = ImportBatch.objects.get(pk=batch.pk)
    assert moved.errors == [[3, "NIP", "NIP kosong"], [5, "NAMA", "Nama wajib diisi."]]
    assert moved.warnings == [[4, "TANGGAL LAHIR", "Pegawai aktif berusia 60 tahun"]]

    executor = MigrationExecutor(connection)
    executor.migrate([before])
    back = executor.loader.project_state([before]).apps.get_model("employees", "ImportBatch")
    restored = back.objects.get(pk=batch.pk)
    assert restored.errors == [[3, "NIP", "NIP kosong"], [5, "NAMA", "Nama wajib diisi."]]
    assert restored.warnings == [[4, "TANGGAL LAHIR", "Pegawai aktif berusia 60 tahun"]]
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_a_problem_under_a_header_longer_than_the_table_holds_is_stored_cut(
    people, referensi, unit_contoh, sheet_rows
):
    """A header the admin mapped by hand can be a sentence; PostgreSQL refuses a value
    longer than the column, which would have failed the whole run."""
    batch = dry_run(people["admin_contoh"], "pegawai.xlsx", xlsx_bytes(sheet_rows))
    header = "NIP " + "(Nomor Induk Pegawai sesuai SK pengangkatan terakhir) " * 6
    problems = ProblemSpool()
    try:
        problems.error(3, header, "NIP harus 18 digit; yang diisi 5 digit.")
        problems.store(batch)
    finally:
        problems.close()
    [(row, column, message)] = batch.errors
    assert (row, message) == (3, "NIP harus 18 digit; yang diisi 5 digit.")
    assert len(column) == 200 and column.startswith("NIP (Nomor Induk") and column.endswith("…")
