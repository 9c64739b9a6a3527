"""The load of the cluster-restart drill (tests/security/test_drill_restart.py), run as its
own process against the drill's throw-away PostgreSQL cluster.

Each user saves their answer again and again through the app's own view (Django's test
client: the whole request cycle, its connection handling included, without an HTTP
server) while one confirmed import writes. The test restarts the cluster, then creates the
file `restarted` in the control folder (half the users pause from `restarting` until then,
so their kept connections are dead when they return); each user then saves AFTER_RESTART
confirmed times, every one of which must succeed. Prints one JSON line: what
the app confirmed, what failed, and how the import ended.

    python tests/security/drill_load.py '{"control": ..., "users": [[user, answer], ...],
                                           "assessment": pk, "batch": "uuid"}'
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from pathlib import Path

import django

AFTER_RESTART = 3
SAVED = 'data-testid="saved-state"'


def main() -> None:
    config = json.loads(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meritsys.settings")
    django.setup()
    # Imported once Django is set up.
    from django.db import close_old_connections  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import setup_test_environment  # noqa: PLC0415

    from agencies.models import User  # noqa: PLC0415
    from assessment.models import Answer  # noqa: PLC0415
    from employees.importing import services  # noqa: PLC0415
    from employees.importing.models import ImportBatch  # noqa: PLC0415

    setup_test_environment()  # the test client's host name is allowed
    control = Path(config["control"])
    assessment = config["assessment"]
    results: dict[int, dict] = {}
    clients = []
    for user_pk, answer_pk in config["users"]:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(pk=user_pk))
        version = Answer.objects.get(pk=answer_pk).version
        clients.append((client, answer_pk, version))
    close_old_connections()

    def save_again_and_again(client: Client, answer_pk: int, version: int, idle: bool) -> None:
        mine = results[answer_pk] = {
            "confirmed": None,
            "saves": 0,
            "failed": 0,
            "before": 0,
            "after": 0,
            "after_failed": [],
        }
        pattern = re.compile(rf'name="version" value="(\d+)" id="version-{answer_pk}"')
        url = f"/penilaian/{assessment}/jawaban/{answer_pk}/"
        count = 0
        while mine["after"] + len(mine["after_failed"]) < AFTER_RESTART:
            after = (control / "restarted").exists()
            if idle and not after and (control / "restarting").exists():
                # Half the users pause over the restart: their kept connections (CONN_MAX_AGE)
                # are dead when they come back, which only a health check notices.
                time.sleep(0.05)
                continue
            count += 1
            text = f"Jawaban {answer_pk}, simpanan ke-{count}"
            try:
                # What a real server's request_started/finished do and the test client skips
                # (it disconnects close_old_connections to keep a test's transaction open).
                close_old_connections()
                response = client.post(
                    url, {"version": version, "justification": text}, HTTP_HX_REQUEST="true"
                )
                close_old_connections()
                body = response.content.decode()
                status = response.status_code
            except Exception as exc:  # noqa: BLE001 - every failure is counted, none hidden
                body, status = repr(exc), 0
            found = pattern.search(body) if status == 200 else None
            confirmed = status == 200 and SAVED in body and found is not None
            mine["saves"] += 1
            if confirmed:
                version = int(found.group(1))
                mine["confirmed"] = [version, text]
            else:
                mine["failed"] += 1
                # The save may have committed without its answer reaching the user: read the
                # version the database holds now, as the page would after a reload.
                try:
                    close_old_connections()
                    version = Answer.objects.get(pk=answer_pk).version
                except Exception:  # noqa: BLE001, S110 - the database is still down
                    pass
                finally:
                    close_old_connections()
            if not after and confirmed:
                mine["before"] += 1
            if after:
                if confirmed:
                    mine["after"] += 1
                elif status != 200:
                    title = re.search(r"<title>(.*?)</title>", body, re.S)
                    mine["after_failed"].append([status, (title.group(1) if title else body)[:300]])
                # A 200 without "Tersimpan" is the app answering: a version conflict, as when
                # a save committed just before the restart but its answer never arrived.
            time.sleep(0.01)

    outcome: dict = {}

    def run_import() -> None:
        try:
            batch = ImportBatch.objects.get(pk=config["batch"])
            services.confirm_batch(batch)  # the immediate backend runs it in this thread
            outcome["raised"] = None
        except Exception as exc:  # noqa: BLE001
            outcome["raised"] = repr(exc)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=save_again_and_again, args=(*c, n % 2 == 1))
        for n, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    # Every user has had a save confirmed before the import starts (and the test, seeing the
    # import write, restarts the cluster).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        len(results) == len(clients) and all(r["before"] for r in results.values())
    ):
        time.sleep(0.05)
    importer = threading.Thread(target=run_import)
    importer.start()
    threads.append(importer)
    print("READY", flush=True)
    for thread in threads:
        thread.join()
    print(json.dumps({"answers": results, "import": outcome}), flush=True)


if __name__ == "__main__":
    main()
