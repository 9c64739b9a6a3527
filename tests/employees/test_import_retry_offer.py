""" "Coba lagi" is offered only where running the same file again can help.

A file missing a required column, or holding more rows than one import may, fails the same
way every time: the admin must fix the file, so no retry button. A failure of the system
(here the database refusing the write) may pass on a second run: the button stays."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from employees.importing import services
from employees.importing.models import ImportBatch
from employees.models import Employee

from .conftest import BUDI, HEADER, SITI, xlsx_bytes
from .test_import import dry_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(people, referensi, unit_contoh):
    return people["admin_contoh"]


def batch_page(client, admin, batch: ImportBatch) -> str:
    client.force_login(admin)
    return client.get(
        reverse("employees:import_batch", args=["pegawai", batch.pk])
    ).content.decode()


def test_a_file_without_the_nama_column_fails_without_a_retry_button(admin, client):
    position = HEADER.index("NAMA")
    rows = [[c for i, c in enumerate(row) if i != position] for row in (HEADER, BUDI, SITI)]
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(rows))
    assert batch.status == ImportBatch.Status.FAILED
    assert "Kolom wajib tidak ditemukan: NAMA" in batch.message
    assert batch.file  # kept: the admin may still look at what was uploaded
    assert not batch.can_retry
    assert not services.retry_batch(batch)
    page = batch_page(client, admin, batch)
    assert "Kolom wajib tidak ditemukan" in page and "Coba lagi" not in page


def test_a_file_with_too_many_rows_fails_without_a_retry_button(admin, client, settings):
    settings.IMPORT_MAX_ROWS = 1
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes([list(HEADER), list(BUDI), list(SITI)]))
    assert batch.status == ImportBatch.Status.FAILED
    assert "lebih dari 1 baris data" in batch.message
    assert not batch.can_retry
    assert "Coba lagi" not in batch_page(client, admin, batch)


@pytest.fixture
def employee_inserts_refused(db):
    """The database refuses every new employee, as a full disk would. The trigger goes
    with the test's transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION merit_refuse() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER merit_refuse BEFORE INSERT ON employees_employee "
                "FOR EACH ROW EXECUTE FUNCTION merit_refuse()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER merit_refuse BEFORE INSERT ON employees_employee "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )


def test_a_database_failure_while_applying_still_offers_a_retry(admin, client, request):
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes([list(HEADER), list(BUDI), list(SITI)]))
    assert batch.can_apply
    request.getfixturevalue("employee_inserts_refused")
    assert services.confirm_batch(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "kesalahan sistem" in batch.message
    assert not Employee.objects.exists()
    assert batch.can_retry
    assert "Coba lagi" in batch_page(client, admin, batch)
