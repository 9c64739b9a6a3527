"""Fault checks: the database connection dies in the middle of a save, the disk refuses an
upload, an import's worker dies half-way. Each ends in a clear message and loses nothing
that was committed."""

from __future__ import annotations

import contextlib

import psycopg2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessment.models import Answer, Evidence
from employees.importing import services
from employees.importing.models import ImportBatch
from employees.models import Employee
from tests.employees.conftest import BUDI, DEWI, HEADER, SITI, upload, xlsx_bytes
from tests.factories import PDF_BYTES

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="terminates a PostgreSQL backend"
)


@contextlib.contextmanager
def backend_killed_on(statement_start: str, table: str):
    """While active, the first query that starts with `statement_start` and names `table`
    (in its text or its parameters)
    finds its database connection terminated by the server (pg_terminate_backend from a
    second connection), as when PostgreSQL restarts or a failover drops connections."""
    fired = []

    def wrapper(execute, sql, params, many, context):
        names_table = table in sql or table in repr(params)
        if not fired and sql.lstrip().upper().startswith(statement_start) and names_table:
            fired.append(sql)
            pid = context["connection"].connection.get_backend_pid()
            conf = connection.settings_dict
            killer = psycopg2.connect(
                dbname=conf["NAME"],
                user=conf["USER"],
                password=conf["PASSWORD"],
                host=conf["HOST"],
                port=conf["PORT"] or 5432,
            )
            try:
                killer.autocommit = True
                with killer.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            finally:
                killer.close()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield fired


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_save_when_the_database_drops_the_connection_shows_the_error_page(world):
    assessment, answer = world["assessment"], world["answer"]
    client = Client(raise_request_exception=False)
    client.force_login(world["people"]["operator_contoh"])
    url = reverse("assessment:answer_save", args=[assessment.pk, answer.pk])
    # First save commits.
    client.post(url, {"version": 0, "level": 3, "justification": "Tersimpan sebelum gangguan"})
    answer.refresh_from_db()
    assert (answer.level, answer.version) == (3, 1)

    with backend_killed_on("UPDATE", "assessment_answer") as fired:
        response = client.post(
            url, {"version": 1, "level": 1, "justification": "Hilang saat gangguan"}
        )
    assert fired, "the save never reached the database"
    assert response.status_code == 500
    body = response.content.decode()
    assert "Data yang sudah tersimpan tidak hilang" in body

    # The next request gets a fresh connection; the committed answer is intact and the
    # interrupted save left no half-written trace.
    connection.close()
    page = client.get(reverse("assessment:aspect", args=[assessment.pk, 1]))
    assert page.status_code == 200
    stored = Answer.objects.get(pk=answer.pk)
    assert (stored.level, stored.justification, stored.version) == (
        3,
        "Tersimpan sebelum gangguan",
        1,
    )


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_import_whose_connection_dies_while_writing_is_not_half_applied_and_retries(
    people, referensi, unit_contoh, settings
):
    admin = people["admin_contoh"]
    rows = [list(HEADER), list(BUDI), list(SITI), list(DEWI)]
    batch = services.start_batch(
        kind="pegawai",
        instansi=admin.instansi,
        user=admin,
        upload=upload("p.xlsx", xlsx_bytes(rows)),
    )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.VALIDATED
    with (
        # The fast write path first draws the new rows' ids from the table's sequence.
        backend_killed_on("SELECT NEXTVAL", "employees_employee") as fired,
        contextlib.suppress(Exception),
    ):
        services.confirm_batch(batch)
    assert fired
    connection.close()
    assert not Employee.objects.exists()  # all or nothing
    batch.refresh_from_db()
    # Either the worker recorded the failure, or (killed outright) the batch still says
    # "applying" until its heartbeat is stale; both are then offered for a retry.
    assert batch.status in (ImportBatch.Status.APPLYING, ImportBatch.Status.FAILED)
    settings.IMPORT_STALE_SECONDS = 0
    assert batch.can_retry
    assert services.retry_batch(batch)
    batch.refresh_from_db()
    if batch.status == ImportBatch.Status.VALIDATED:  # a failed run is checked again first
        assert services.confirm_batch(batch)
        batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Employee.objects.count() == 3


@pytest.fixture
def broken_media(settings, tmp_path):
    """A media folder whose subfolders cannot be created (a file sits where each should be):
    the same OSError a full disk or a read-only mount gives. Tests run as root, so taking
    away write permission would not stop the writes."""
    media = tmp_path / "media-rusak"
    media.mkdir()
    for folder in ("bukti", "impor"):
        (media / folder).write_text("bukan folder")
    settings.MEDIA_ROOT = media
    return media


def test_an_import_upload_the_disk_refuses_gives_a_clear_message(people, broken_media):
    client = Client(raise_request_exception=False)
    client.force_login(people["admin_contoh"])
    rows = [list(HEADER), list(BUDI)]
    response = client.post(
        reverse("employees:import_upload", args=["pegawai"]),
        {"berkas": SimpleUploadedFile("pegawai.xlsx", xlsx_bytes(rows))},
    )
    assert response.status_code == 200
    assert "tidak dapat disimpan" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_evidence_upload_the_disk_refuses_gives_a_clear_message(world, broken_media):
    client = Client(raise_request_exception=False)
    client.force_login(world["people"]["operator_contoh"])
    assessment, answer = world["assessment"], world["answer"]
    before = Evidence.objects.count()
    response = client.post(
        reverse("assessment:evidence_upload", args=[assessment.pk, answer.pk]),
        # New content: the world's evidence already holds PDF_BYTES, and the library would
        # attach that stored copy without writing anything.
        {"file": SimpleUploadedFile("anjab.pdf", PDF_BYTES + b"%baru\n"), "requirement": "0"},
        follow=True,
    )
    assert response.status_code == 200
    assert "tidak dapat disimpan" in response.content.decode()
    assert Evidence.objects.count() == before
