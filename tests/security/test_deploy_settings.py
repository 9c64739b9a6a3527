"""Production settings come from the environment alone: object storage for shared media,
JSON logs, the read replica, the login throttle; `check --deploy` stays clean with them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-" + "k" * 50,
    "ALLOWED_HOSTS": "merit.example.go.id",
    "DATABASE_URL": "sqlite:////tmp/merit-deploy-check.sqlite3",
}


def python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    prelude = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'meritsys.settings');"
        " django.setup()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=ROOT,
        env={**clean, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


S3 = {
    "STORAGE_BACKEND": "s3",
    "S3_BUCKET": "merit-media",
    "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "S3_ACCESS_KEY_ID": "kunci",
    "S3_SECRET_ACCESS_KEY": "rahasia",
}


def test_object_storage_is_configured_by_environment_alone():
    result = python(
        "from django.core.files.storage import storages; s = storages['default']\n"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.location, s.default_acl,"
        " s.file_overwrite)",
        **S3,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage", "merit-media", "http://127.0.0.1:9000", "media", "None", "False"
    ]  # fmt: skip


def test_object_storage_without_a_bucket_refuses_to_start():
    result = python("", STORAGE_BACKEND="s3")
    assert result.returncode != 0
    assert "S3_BUCKET" in result.stderr
    result = python("", STORAGE_BACKEND="ftp")
    assert "STORAGE_BACKEND must be filesystem or s3" in result.stderr


def test_json_logs_are_one_object_per_line():
    result = python(
        "import logging; logging.getLogger('merit.uji').warning('Impor %s selesai', 'x')",
        LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("{")]
    record = json.loads(lines[-1])
    assert record["message"] == "Impor x selesai"
    assert record["level"] == "WARNING"
    assert record["logger"] == "merit.uji"


def test_a_read_replica_is_an_extra_alias():
    result = python(
        "from django.conf import settings; print(settings.DATABASES['replica']['HOST'])",
        DATABASE_REPLICA_URL="postgres://merit@replika.internal:5432/merit",
    )
    assert result.stdout.strip() == "replika.internal", result.stderr


def test_check_deploy_is_clean_with_the_hardening_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **PRODUCTION,
            "BEHIND_PROXY": "true",
            "LOG_FORMAT": "json",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
