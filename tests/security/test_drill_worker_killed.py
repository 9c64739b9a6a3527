"""Fault drill: the task worker (`manage.py db_worker`, a real process) is killed with SIGKILL
in the middle of an import's write and of a scorecard ZIP build. Nothing is half-applied,
the batch and the bundle say they stopped, and a retry finishes them."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from assessment import workflow
from assessment.models import ScorecardBundle
from employees.importing import engine, services
from employees.importing.models import ImportBatch
from employees.models import Employee
from tests.employees.conftest import upload

from .drills import another_backend_writes, database_url, employees_csv, wait_for

ROOT = Path(django_settings.BASE_DIR)

pytestmark = [
    pytest.mark.drill,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the database task worker needs PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),  # the worker process must see committed rows
]

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_BACKEND = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@contextlib.contextmanager
def task_worker(tmp_path: Path):
    """`manage.py db_worker` on the test database, as a deployment runs it."""
    log = (tmp_path / "worker.log").open("w")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own group: the render helpers die with it afterwards
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        log.close()


# Three chunks of 2,000: the import writes each chunk as soon as it is checked, so its one
# transaction stays open while the later chunks are read and checked (seconds), and the kill
# lands inside it. With one chunk the transaction lasted milliseconds, and the kill sometimes
# came after the commit.
ROWS = 6000


def test_an_import_whose_worker_is_killed_while_writing_applies_nothing_and_retries(
    people, referensi, unit_contoh, settings, tmp_path
):
    admin = people["admin_contoh"]
    batch = services.start_batch(
        kind="pegawai",
        instansi=admin.instansi,
        user=admin,
        upload=upload("pegawai.csv", employees_csv(ROWS)),
        queue=False,
    )
    engine.run(batch, apply=False)  # the preview, as the upload page runs it
    assert batch.status == ImportBatch.Status.VALIDATED, batch.errors[:3]
    assert batch.count_new == ROWS

    settings.TASKS = DATABASE_BACKEND
    with task_worker(tmp_path) as worker:
        assert services.confirm_batch(batch)  # queued in the database; the worker takes it
        wait_for(
            lambda: another_backend_writes("employees_employee"),
            timeout=45,
            what="the worker to start writing employees",
            worker=worker,
            log=tmp_path / "worker.log",
        )
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    # The server rolls the dead client's transaction back once it sees the socket closed.
    wait_for(lambda: not another_backend_writes("employees_employee"), timeout=10, what="abort")

    assert Employee.objects.count() == 0  # nothing half-applied
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLYING  # the worker could not say more
    settings.IMPORT_STALE_SECONDS = 0  # ...until its heartbeat is stale (600 s in production)
    client = Client()
    client.force_login(admin)
    page = client.get(f"/pegawai/impor/pegawai/{batch.pk}/").content.decode()
    assert "Proses impor terhenti sebelum selesai. Tidak ada data yang disimpan." in page
    assert "Coba lagi" in page

    settings.TASKS = IMMEDIATE_BACKEND  # the retry runs inside the request
    response = client.post(f"/pegawai/impor/pegawai/{batch.pk}/ulang/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Employee.objects.count() == ROWS


def test_a_zip_whose_worker_is_killed_mid_build_fails_clearly_and_retries(
    world, people, wilayah, settings, tmp_path
):
    reviewer = people["reviewer_provinsi"]
    # Eight scorecards: with two, a fast machine built the ZIP before the kill landed (one
    # CI run of two failed with the bundle already done).
    drafts = [world["assessment"]] + [
        workflow.assessment_create(
            instansi=wilayah[where],
            year=year,
            instrument=world["instrument"],
            actor=people["superadmin"],
        )
        for where, year in [
            ("kota", 2026), ("provinsi", 2026), ("kabupaten", 2025), ("kota", 2025),
            ("provinsi", 2025), ("kabupaten", 2024), ("kota", 2024),
        ]
    ]  # fmt: skip
    zips = Path(settings.MEDIA_ROOT) / "kartu-nilai-zip"
    stored_before = set(zips.iterdir()) if zips.exists() else set()
    client = Client()
    client.force_login(reviewer)
    settings.TASKS = DATABASE_BACKEND
    with task_worker(tmp_path) as worker:
        response = client.post("/penilaian/kartu-nilai/zip/", {"penilaian": [a.pk for a in drafts]})
        bundle = ScorecardBundle.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
        wait_for(
            lambda: ScorecardBundle.objects.filter(
                pk=bundle.pk, status=ScorecardBundle.Status.RUNNING
            ).exists(),
            timeout=45,
            what="the worker to start the ZIP",
            worker=worker,
            log=tmp_path / "worker.log",
        )
        os.kill(worker.pid, signal.SIGKILL)  # while it renders the first scorecards
        worker.wait(timeout=10)

    bundle.refresh_from_db()
    assert bundle.status == ScorecardBundle.Status.RUNNING and not bundle.file
    assert set(zips.iterdir()) == stored_before  # no partial ZIP stored

    # Before its heartbeat is stale the page still shows progress...
    page = client.get(f"/penilaian/kartu-nilai/zip/{bundle.pk}/").content.decode()
    assert "Sedang dibuat" in page
    # ...then it says the build stopped, records the failure and offers a retry.
    settings.SCORECARD_BUNDLE_STALE_SECONDS = 0
    progress = client.get(f"/penilaian/kartu-nilai/zip/{bundle.pk}/kemajuan/")
    assert progress["HX-Refresh"] == "true"  # the polling stops
    page = client.get(f"/penilaian/kartu-nilai/zip/{bundle.pk}/").content.decode()
    assert "Pembuatan ZIP terhenti sebelum selesai" in page
    assert 'data-testid="bundle-retry"' in page
    bundle.refresh_from_db()
    assert bundle.status == ScorecardBundle.Status.FAILED and bundle.finished

    settings.TASKS = IMMEDIATE_BACKEND
    settings.SCORECARD_BUNDLE_STALE_SECONDS = 600
    response = client.post(f"/penilaian/kartu-nilai/zip/{bundle.pk}/coba-lagi/")
    assert response.status_code == 302
    bundle.refresh_from_db()
    assert bundle.status == ScorecardBundle.Status.DONE
    download = client.get(f"/penilaian/kartu-nilai/zip/{bundle.pk}/unduh/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == len(drafts)
