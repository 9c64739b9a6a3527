"""scripts/backup.sh and scripts/restore.sh, tried for real: back up a PostgreSQL database
with an employee, an answer and an evidence file, restore it into a new database and media
folder, and find everything there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),  # pg_dump must see committed rows
]


def url(name: str) -> str:
    conf = connection.settings_dict
    auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf["PASSWORD"] else "")
    return f"postgres://{auth}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{name}"


def psql(database: str, sql: str) -> str:
    return subprocess.run(
        ["psql", url(database), "-tAc", sql],  # noqa: S607 - the PostgreSQL client on PATH
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restores_into_a_new_database_with_its_files(world, tmp_path):
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    evidence = world["evidence"]
    original_bytes = Path(evidence.file.path).read_bytes()
    answer = world["answer"]
    answer.justification = "Dokumen ditetapkan 2024"
    answer.save(update_fields=["justification"])

    backup = run(
        "backup.sh", str(tmp_path / "cadangan"),
        DATABASE_URL=url(source), MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )  # fmt: skip
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar.gz", "SHA256SUMS"}

    psql("postgres", f'DROP DATABASE IF EXISTS "{restored}"')
    psql("postgres", f'CREATE DATABASE "{restored}"')
    media = tmp_path / "media-pulih"
    try:
        restore = run(
            "restore.sh", str(folder),
            DATABASE_URL=url(restored), MEDIA_ROOT=str(media), PYTHON=sys.executable,
        )  # fmt: skip
        assert restore.returncode == 0, restore.stderr
        count = "select count(*) from {}"
        for table in ("employees_employee", "assessment_answer", "assessment_evidence"):
            assert psql(restored, count.format(table)) == psql(source, count.format(table))
        # Our own integer ids in the statements, nothing user-typed.
        justification = f"select justification from assessment_answer where id={answer.pk}"  # noqa: S608
        assert psql(restored, justification) == "Dokumen ditetapkan 2024"
        name = f"select nama from employees_employee where id={world['employee'].pk}"  # noqa: S608
        assert psql(restored, name) == "Budi Santoso"
        assert (media / evidence.file.name).read_bytes() == original_bytes

        # Restoring over a database that already holds Merit is refused.
        again = run("restore.sh", str(folder), DATABASE_URL=url(restored), MEDIA_ROOT=str(media))
        assert again.returncode == 3
        assert "not empty" in again.stderr

        # A damaged backup is refused before anything is touched.
        (folder / "media.tar.gz").write_bytes(b"rusak")
        damaged = run("restore.sh", str(folder), DATABASE_URL=url(restored))
        assert damaged.returncode != 0
    finally:
        connection.close()
        psql("postgres", f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
