"""Fault drill: a backup (scripts/backup.sh) taken while users keep saving answers restores
(scripts/restore.sh) into a new database and a new media folder, and that instance works:
every answer saved before the backup began is there, consistent, and the evidence file
downloads through the app byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from assessment import workflow
from assessment.models import Answer

from .drills import database_url

ROOT = Path(django_settings.BASE_DIR)
SAVERS = 4

pytestmark = [
    pytest.mark.drill,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),  # pg_dump sees committed rows only
]


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", database_url("postgres"), "-qtAc", sql],  # noqa: S607
        check=True,
        capture_output=True,
    )


def keep_saving(answer_pk: int, user, stop: threading.Event, confirmed: list) -> None:
    """One user saving their answer again and again; each confirmed save is noted."""
    try:
        count = 0
        while not stop.is_set():
            count += 1
            answer = Answer.objects.select_related("assessment__instrument").get(pk=answer_pk)
            text = f"Simpanan ke-{count} jawaban {answer_pk}"
            saved = workflow.answer_save(
                answer=answer,
                actor=user,
                expected_version=answer.version,
                level=answer.level,
                justification=text,
            )
            confirmed.append((time.monotonic(), saved.version, text))
    finally:
        connection.close()  # this thread's own connection


def test_a_backup_taken_under_load_restores_to_a_working_instance(world, tmp_path):
    admin = world["people"]["admin_contoh"]
    evidence = world["evidence"]
    original = hashlib.sha256(Path(evidence.file.path).read_bytes()).hexdigest()
    answers = list(world["assessment"].answers.order_by("pk").values_list("pk", flat=True))
    answers = answers[:SAVERS]
    stop = threading.Event()
    confirmed: dict[int, list] = {pk: [] for pk in answers}
    savers = [
        threading.Thread(target=keep_saving, args=(pk, admin, stop, confirmed[pk]))
        for pk in answers
    ]
    for saver in savers:
        saver.start()
    try:
        while not all(confirmed.values()):
            time.sleep(0.02)
        began = time.monotonic()
        backup = subprocess.run(
            [str(ROOT / "scripts" / "backup.sh"), str(tmp_path / "cadangan")],  # noqa: S603
            env={
                **os.environ,
                "DATABASE_URL": database_url(),
                "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
            },
            capture_output=True,
            text=True,
            timeout=300,
        )
        ended = time.monotonic()
    finally:
        stop.set()
        for saver in savers:
            saver.join()
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    during = sum(1 for saves in confirmed.values() for at, *_ in saves if began <= at <= ended)

    restored = f"{connection.settings_dict['NAME']}_drill_restored"
    psql(f'DROP DATABASE IF EXISTS "{restored}"')
    psql(f'CREATE DATABASE "{restored}"')
    media = tmp_path / "media-pulih"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(restored),
        "MEDIA_ROOT": str(media),
        "PYTHONPATH": str(ROOT),
        "PYTHON": sys.executable,
        "TASKS_BACKEND": "immediate",
    }
    try:
        restore = subprocess.run(  # noqa: S603
            [str(ROOT / "scripts" / "restore.sh"), str(folder)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert restore.returncode == 0, restore.stderr
        config = {"answers": answers, "evidence": evidence.pk, "user": admin.pk}
        check = subprocess.run(  # noqa: S603
            [sys.executable, str(Path(__file__).with_name("drill_restored_check.py")),
             json.dumps(config)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )  # fmt: skip
        assert check.returncode == 0, check.stderr[-3000:]
    finally:
        connection.close()
        psql(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
    found = json.loads(check.stdout.strip().splitlines()[-1])

    # The restored instance serves the evidence file, byte for byte, and the assessment.
    assert found["evidence_status"] == 200
    assert found["evidence_sha256"] == original
    assert found["assessment_page"] == 200
    # One consistent moment: each answer is one of its confirmed saves, no older than the
    # last save confirmed before the backup began.
    for pk, saves in confirmed.items():
        version, text = found["answers"][str(pk)]
        before = [v for at, v, _text in saves if at < began]
        assert version >= max(before)
        assert [version, text] in [[v, t] for _at, v, t in saves]
    print(
        f"\n[drill backup] {sum(map(len, confirmed.values()))} saves by {SAVERS} users, "
        f"{during} of them during the {ended - began:.1f} s backup; restored consistent"
    )
