"""Fault drill: the whole PostgreSQL cluster restarts (`pg_ctl restart -m fast`) while 20 users
save answers and an import writes. Run on a throw-away cluster of the drill's own (the shared
one is never touched), loaded with a copy of the test database.

No answer the app confirmed is lost, the import is applied whole or not at all and its batch
says which, and the same app process serves every request after the restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from assessment import workflow
from employees.importing import engine, services
from employees.importing.models import ImportBatch
from tests.employees.conftest import upload
from tests.factories import UserFactory

from .drills import (
    POSTGRES_BIN,
    OwnCluster,
    another_backend_writes,
    database_url,
    employees_csv,
    wait_for,
)

ROOT = Path(django_settings.BASE_DIR)
USERS = 20
ROWS = 1200

pytestmark = [
    pytest.mark.drill,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="restarts a PostgreSQL cluster of its own"
    ),
    pytest.mark.skipif(POSTGRES_BIN is None, reason="needs initdb and pg_ctl of PostgreSQL"),
    pytest.mark.django_db(transaction=True),  # pg_dump copies committed rows only
]


@pytest.fixture
def cluster():
    own = OwnCluster()
    try:
        own.start()
        yield own
    finally:
        own.stop()


def copy_test_database(cluster: OwnCluster, tmp_path: Path, name: str) -> None:
    dump = tmp_path / "salinan.dump"
    subprocess.run(
        ["pg_dump", f"--dbname={database_url()}", "--format=custom", f"--file={dump}"],  # noqa: S607
        check=True,
        capture_output=True,
    )
    with cluster.cursor("postgres") as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        ["pg_restore", f"--dbname={cluster.url(name)}", "--no-owner", "--no-privileges",  # noqa: S607
         "--exit-on-error", str(dump)],
        check=True,
        capture_output=True,
    )  # fmt: skip


def test_a_cluster_restart_under_load_loses_no_confirmed_answer(
    cluster, people, referensi, unit_contoh, instrument, tmp_path, capsys
):
    admin = people["admin_contoh"]
    kabupaten = admin.instansi
    assessment = workflow.assessment_create(
        instansi=kabupaten, year=2026, instrument=instrument, actor=admin
    )
    answers = list(assessment.answers.order_by("pk")[:USERS])
    assert len(answers) == USERS
    users = [UserFactory(username=f"operator_drill_{n}", instansi=kabupaten) for n in range(USERS)]
    batch = services.start_batch(
        kind="pegawai",
        instansi=kabupaten,
        user=admin,
        upload=upload("pegawai.csv", employees_csv(ROWS)),
        queue=False,
    )
    engine.run(batch, apply=False)
    assert batch.status == ImportBatch.Status.VALIDATED and batch.count_new == ROWS
    copy_test_database(cluster, tmp_path, "merit_drill")

    control = tmp_path / "kendali"
    control.mkdir()
    config = {
        "control": str(control),
        "users": [[user.pk, answer.pk] for user, answer in zip(users, answers, strict=True)],
        "assessment": assessment.pk,
        "batch": str(batch.pk),
    }
    log = tmp_path / "load.log"
    env = {
        **os.environ,
        "DATABASE_URL": cluster.url("merit_drill"),
        "DB_CONN_MAX_AGE": "60",  # persistent connections, as deployed
        "TASKS_BACKEND": "immediate",
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "PYTHONPATH": str(ROOT),
    }
    with log.open("w") as stderr:
        load = subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, str(Path(__file__).with_name("drill_load.py")), json.dumps(config)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        try:
            assert load.stdout.readline().strip() == "READY", log.read_text()[-3000:]
            with cluster.cursor("merit_drill") as cursor:
                wait_for(
                    lambda: another_backend_writes("employees_employee", cursor),
                    timeout=60,
                    what="the import to start writing",
                    worker=load,
                    log=log,
                )
            (control / "restarting").touch()
            seconds = cluster.restart()
            (control / "restarted").touch()
            output, _ = load.communicate(timeout=120)
        finally:
            if load.poll() is None:
                load.kill()
                load.wait()
    assert load.returncode == 0, log.read_text()[-3000:]
    report = json.loads(output.strip().splitlines()[-1])

    answers_seen = report["answers"]
    with cluster.cursor("merit_drill") as cursor:
        cursor.execute(
            "SELECT id, version, justification FROM assessment_answer WHERE id = ANY(%s)",
            [[a.pk for a in answers]],
        )
        stored = {str(pk): (version, text) for pk, version, text in cursor.fetchall()}
        # Every save the app confirmed is there: the last confirmed one, or a later save.
        for pk, seen in answers_seen.items():
            version, text = seen["confirmed"]
            assert stored[pk][0] >= version, (pk, seen, stored[pk])
            if stored[pk][0] == version:
                assert stored[pk][1] == text
        # After the restart, the same app process answers every request.
        # After the restart the same app process serves every request: connections kept
        # idle over the restart are noticed by CONN_HEALTH_CHECKS (without them, 500s).
        after_failed = {pk: seen["after_failed"] for pk, seen in answers_seen.items()}
        assert not any(after_failed.values()), after_failed
        first_failures = sum(map(len, after_failed.values()))

        cursor.execute(
            "SELECT status, message FROM employees_importbatch WHERE id = %s",
            [str(batch.pk)],
        )
        status, message = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM employees_employee WHERE instansi_id = %s", [kabupaten.pk]
        )
        (employees,) = cursor.fetchone()
    # The import was cut by the restart: nothing of it landed, and the batch says so at once
    # (not only after IMPORT_STALE_SECONDS), offering a retry.
    assert (status, employees) in {("done", ROWS), ("failed", 0)}, (status, employees)
    if status == "failed":
        assert "tidak ada data yang disimpan" in message

    saves = sum(seen["saves"] for seen in answers_seen.values())
    failed = sum(seen["failed"] for seen in answers_seen.values())
    before = sum(seen["before"] for seen in answers_seen.values())
    assert before >= USERS  # the users were saving when the cluster went down
    with capsys.disabled():
        print(
            f"\n[drill restart] cluster restart {seconds:.1f} s; {saves} saves by {USERS} users, "
            f"{before} confirmed before the restart, {failed} refused while the database was "
            f"down, 0 confirmed lost, {first_failures} failed first request(s) after it; "
            f"import of {ROWS} rows: {status} with {employees} employees written"
        )
