"""The settings module reads the environment strictly and refuses unsafe production starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest
from django.core.exceptions import ImproperlyConfigured

from meritsys.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-" + "k" * 50,
    "ALLOWED_HOSTS": "merit.example.go.id",
    "DATABASE_URL": "sqlite:////tmp/merit-deploy-check.sqlite3",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; a production
    # process never has it, and check --deploy rightly refuses it.
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_booleans_are_read_strictly(monkeypatch):
    monkeypatch.setenv("MERIT_FLAG", "yes")
    assert env_bool("MERIT_FLAG", False) is True
    monkeypatch.setenv("MERIT_FLAG", "0")
    assert env_bool("MERIT_FLAG", True) is False
    monkeypatch.setenv("MERIT_FLAG", "mungkin")
    with pytest.raises(ImproperlyConfigured, match="MERIT_FLAG must be true or false"):
        env_bool("MERIT_FLAG", True)


def test_numbers_and_lists_are_read_strictly(monkeypatch):
    monkeypatch.setenv("MERIT_NUMBER", "sepuluh")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("MERIT_NUMBER", 1)
    monkeypatch.setenv("MERIT_HOSTS", " a.go.id, b.go.id ,")
    assert env_list("MERIT_HOSTS", []) == ["a.go.id", "b.go.id"]


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="false", ALLOWED_HOSTS="merit.example.go.id")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_the_deployment_checklist_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


def test_a_postgres_url_selects_postgresql():
    parsed = dj_database_url.parse("postgres://merit:rahasia@db.internal:5432/merit")
    assert parsed["ENGINE"] == "django.db.backends.postgresql"
    assert parsed["NAME"] == "merit"
