"""Shared by the fault drills (marker `drill`, PostgreSQL only): the test database's URL, a
large valid import file, waiting for a condition, and a throw-away PostgreSQL cluster of the
drill's own to restart (never the shared one)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from tests.employees.conftest import HEADER


def database_url(name: str | None = None) -> str:
    conf = connection.settings_dict
    auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf["PASSWORD"] else "")
    host = conf["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{conf['PORT'] or 5432}/{name or conf['NAME']}"


def wait_for(
    condition: Callable[[], bool],
    *,
    timeout: float,
    what: str,
    worker: subprocess.Popen | None = None,
    log: Path | None = None,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if worker is not None and worker.poll() is not None:
            break
        time.sleep(0.02)
    detail = log.read_text()[-3000:] if log and log.exists() else ""
    pytest.fail(f"timed out waiting for {what}\n{detail}")


WRITE_LOCK_SQL = (
    "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
    "WHERE c.relname = %s AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid() "
    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


def another_backend_writes(table: str, cursor=None) -> bool:
    """True while another connection to the database holds a write lock on `table`: an
    import is inside its transaction, rows inserted but not committed."""
    if cursor is None:
        with connection.cursor() as django_cursor:
            django_cursor.execute(WRITE_LOCK_SQL, [table])
            return django_cursor.fetchone() is not None
    cursor.execute(WRITE_LOCK_SQL, [table])
    return cursor.fetchone() is not None


def employees_csv(count: int) -> bytes:
    """`count` distinct, valid PNS of Badan Kepegawaian Daerah (each NIP starts with its
    holder's birth date)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    born = dt.date(1975, 1, 1)
    for index in range(count):
        day = born + dt.timedelta(days=index)
        nip = f"{day:%Y%m%d}201505{1 + index % 2}{1 + index % 900:03d}"
        writer.writerow(
            [
                nip, f"Pegawai Uji {index}", "", "S.E.", "L" if index % 2 == 0 else "P",
                "Medan", f"{day:%d-%m-%Y}", "PNS", "III/a", "01-04-2019",
                "Analis SDM Aparatur", "Fungsional", "Ahli Pertama",
                "Badan Kepegawaian Daerah", "S-1", "01-05-2015",
            ]
        )  # fmt: skip
    return buffer.getvalue().encode()


def _postgres_bin() -> Path | None:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name)
    )
    return found[-1].parent if found else None


POSTGRES_BIN = _postgres_bin()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnCluster:
    """A PostgreSQL cluster in a temporary folder on a free port, owned by this drill.

    initdb refuses to run as root: then the cluster runs as the `postgres` OS user."""

    def __init__(self) -> None:
        assert POSTGRES_BIN is not None
        self.base = Path(tempfile.mkdtemp(prefix="merit-drill-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 - PostgreSQL's own programs
            [*self.prefix, *args],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )

    def _pg_ctl(self, *args: str) -> None:
        self._run(str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.data), *args)

    def start(self) -> None:
        self._run(
            str(POSTGRES_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
            "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1"
        self._pg_ctl("-l", str(self.log), "-o", options, "-w", "start")

    def restart(self) -> float:
        """Restart the whole cluster (every connection is dropped); seconds it took."""
        began = time.monotonic()
        # -l again: pg_ctl remembers the options, not the log file (without it the server
        # would write into this process's pipes and keep them open).
        self._pg_ctl("-l", str(self.log), "-m", "fast", "-w", "restart")
        return time.monotonic() - began

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self._pg_ctl("-m", "immediate", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    @contextlib.contextmanager
    def cursor(self, database: str) -> Iterator:
        conn = psycopg2.connect(dbname=database, user="postgres", host="127.0.0.1", port=self.port)
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                yield cursor
        finally:
            conn.close()
