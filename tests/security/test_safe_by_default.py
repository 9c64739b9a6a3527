"""Safe by default when deployed (issue 15, finding 7): a WSGI server started with no
configuration must not run with DEBUG on and the development key published in settings.py,
while a developer's plain `manage.py runserver` keeps its zero-configuration start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNSET = {
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    # Set by this pytest process for its own children: a server started by hand has none.
    "MERIT_DEVELOPER_PROCESS",
}


def clean_env(**env: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k not in UNSET}, **env}


def serve_wsgi(**env: str) -> subprocess.CompletedProcess:
    """Load meritsys.wsgi the way gunicorn or uwsgi does: from a program that is not
    manage.py, with only the given environment."""
    code = (
        "import sys; sys.modules.pop('pytest', None)\n"
        "from meritsys.wsgi import application\n"
        "from django.conf import settings\n"
        "print('DEBUG', settings.DEBUG)\n"
        "import gc; print('FROZEN', gc.get_freeze_count())\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_wsgi_server_with_no_configuration_does_not_start_in_debug():
    result = serve_wsgi()
    assert result.returncode != 0, result.stdout
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_wsgi_server_refuses_the_development_key_even_with_debug_on():
    result = serve_wsgi(DEBUG="true")
    assert result.returncode != 0, result.stdout
    assert "published development SECRET_KEY" in result.stderr


def test_a_wsgi_server_with_its_own_key_starts_with_debug_off():
    result = serve_wsgi(SECRET_KEY="a-real-secret-" + "k" * 40, ALLOWED_HOSTS="merit.go.id")
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout


def test_a_wsgi_worker_keeps_what_it_loaded_out_of_the_collectors_passes():
    # Measured under the capacity ramp (benchmarks/load/REPORT.md): p95 at 100 requests/s
    # 755 -> 364 ms once the loaded modules are frozen out of the full collections.
    result = serve_wsgi(SECRET_KEY="a-real-secret-" + "k" * 40, ALLOWED_HOSTS="merit.go.id")
    assert result.returncode == 0, result.stderr
    frozen = int(result.stdout.split("FROZEN")[1])
    assert frozen > 100_000, result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_runserver_keeps_its_zero_configuration_start(tmp_path):
    port = free_port()
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/akun/masuk/") as page:
                    status = page.status
                    body = page.read().decode()
                break
            except OSError:
                time.sleep(0.3)
        assert status == 200, server.stdout.read() if server.poll() is not None else "no answer"
        assert "Masuk" in body
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_manage_py_commands_run_in_debug_with_no_configuration():
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.conf import settings; print('DEBUG', settings.DEBUG)"],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "DEBUG True" in result.stdout
