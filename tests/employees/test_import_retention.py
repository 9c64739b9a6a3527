"""Uploaded spreadsheets hold every employee's personal data: `manage.py bersihkan` deletes
them after IMPORT_FILE_KEEP_DAYS, keeping the batch's outcome for the record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from employees.importing import retention
from employees.importing.models import ImportBatch
from employees.models import Employee

from .conftest import upload, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("employees:import_upload", args=["pegawai"])


def uploaded(client, rows) -> ImportBatch:
    client.post(UPLOAD, {"berkas": upload("pegawai.xlsx", xlsx_bytes(rows))})
    return ImportBatch.objects.get()


def later(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def page_of(client, batch) -> str:
    url = reverse("employees:import_batch", args=["pegawai", batch.pk])
    return client.get(url).content.decode()


def test_an_unconfirmed_upload_expires_and_can_no_longer_be_saved(admin_client, sheet_rows):
    batch = uploaded(admin_client, sheet_rows)
    stored = batch.file.name
    assert batch.can_apply

    assert retention.expire_files(now=later(29)) == 0
    assert retention.expire_files(now=later(31)) == 1
    batch.refresh_from_db()
    assert not default_storage.exists(stored) and not batch.file
    assert batch.status == "failed" and not batch.can_apply and not batch.can_retry
    assert batch.count_new == 3  # the outcome stays for the record
    page = page_of(admin_client, batch)
    assert "melewati masa simpan 30 hari" in page
    assert 'data-testid="confirm-import"' not in page and "Coba lagi" not in page
    admin_client.post(reverse("employees:import_confirm", args=["pegawai", batch.pk]))
    assert not Employee.objects.exists()


def test_a_saved_import_keeps_its_outcome_when_its_file_goes(admin_client, sheet_rows):
    batch = uploaded(admin_client, sheet_rows)
    admin_client.post(reverse("employees:import_confirm", args=["pegawai", batch.pk]))
    assert retention.expire_files(now=later(31)) == 1
    batch.refresh_from_db()
    assert batch.status == "done" and not batch.file
    assert 'data-testid="import-done"' in page_of(admin_client, batch)
    assert retention.expire_files(now=later(60)) == 0  # nothing left to delete


def test_the_error_list_stays_when_the_error_workbook_can_no_longer_be_made(
    admin_client, sheet_rows
):
    sheet_rows[2][0] = "19900115201403200"  # 17 digits
    batch = uploaded(admin_client, sheet_rows)
    errors_url = reverse("employees:import_errors", args=["pegawai", batch.pk])
    assert admin_client.get(errors_url).status_code == 200
    retention.expire_files(now=later(31))
    batch.refresh_from_db()
    assert admin_client.get(errors_url).status_code == 404
    assert batch.status == "validated"  # its outcome: rows with errors, nothing saved
    page = page_of(admin_client, batch)
    assert "NIP harus 18 digit" in page and 'data-testid="file-expired"' in page
    assert 'data-testid="error-download"' not in page
