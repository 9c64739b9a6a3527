"""CPU, queries and database time per request of the load test's journeys, one at a time on
an idle server (the Django test client in this process, PostgreSQL's backend measured from
/proc): what each request costs, so the ramp's capacity can be read as 2 cores / mean cost.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/merit_load \\
      python benchmarks/load/profile_requests.py [--repeat 40] [--profile "aspect page"]

Needs the load-test data and prepare.py's plan (run.sh or ramp.sh build them). Settings as
under gunicorn in run.sh: DEBUG off, a persistent connection, hashed static files (collected
into out/static). --profile NAME prints cProfile's top functions for that request, --queries
NAME its SQL."""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meritsys.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "profile-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("DB_CONN_MAX_AGE", "60")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# The hashed static files' manifest, as run.sh collects it.
os.environ.setdefault("STATIC_ROOT", str(Path(__file__).resolve().parent / "out" / "static"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
    call_command("collectstatic", interactive=False, verbosity=0)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from agencies.models import User  # noqa: E402
from assessment.models import Assessment  # noqa: E402
from talent.models import MappingPeriod  # noqa: E402

VERSION = re.compile(r'name="version" value="(\d+)"')
TICK = os.sysconf("SC_CLK_TCK")


def backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) of one PostgreSQL backend, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


class QueryClock:
    """Counts queries and their wall time (the app waiting on PostgreSQL)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


def journeys(client: Client, username: str) -> dict[str, Callable[[], object]]:
    user = User.objects.get(username=username)
    assessment = Assessment.objects.filter(instansi=user.instansi, year=2026).first()
    if assessment is None:
        raise SystemExit("No 2026 assessment for the load-test agency: run prepare.py first.")
    answers = list(assessment.answers.order_by("pk").values("pk", "version"))
    period = MappingPeriod.objects.filter(instansi=user.instansi).order_by("-tahun_skp").first()
    state = {"n": 0}

    def save() -> object:
        answer = random.choice(answers)
        state["n"] += 1
        response = client.post(
            f"/penilaian/{assessment.pk}/jawaban/{answer['pk']}/",
            {
                "version": answer["version"],
                "level": random.randint(1, 4),
                "justification": f"Penjelasan profil #{state['n']}",
            },
            headers={"HX-Request": "true"},
        )
        body = response.content.decode()
        found = VERSION.search(body)
        assert response.status_code == 200 and found, (response.status_code, body[:200])
        answer["version"] = int(found.group(1))
        return response

    def get(url: str | Callable[[], str]) -> Callable[[], object]:
        def run() -> object:
            response = client.get(url() if callable(url) else url)
            assert response.status_code == 200, response.status_code
            return response

        return run

    steps: dict[str, Callable[[], object]] = {
        "aspect page": get(lambda: f"/penilaian/{assessment.pk}/aspek/{random.randint(1, 8)}/"),
        "save answer": save,
        "employee list": get(lambda: f"/pegawai/?page={random.randint(1, 60)}"),
        "employee search": get(
            lambda: f"/pegawai/?q={random.choice(['Budi', 'Siti', 'Sri', 'Agus', '198'])}"
        ),
    }
    if period is not None:
        steps["nine-box grid"] = get(f"/talenta/periode/{period.pk}/")
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--user", default="operator_beban01")
    parser.add_argument("--profile", default="", help="request name to cProfile")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--queries", default="", help="request name whose SQL to print")
    args = parser.parse_args()
    random.seed(15)
    client = Client()
    client.force_login(User.objects.get(username=args.user))
    steps = journeys(client, args.user)
    with connection.cursor() as cursor:
        cursor.execute("select pg_backend_pid()")
        pid = cursor.fetchone()[0]
    # Load-test weights (locustfile.py): aspect 3, save 4, list 1, search 1, grid 1.
    weights = {
        "aspect page": 3,
        "save answer": 4,
        "employee list": 1,
        "employee search": 1,
        "nine-box grid": 1,
    }
    print(
        f"{'request':16} {'app CPU ms':>10} {'pg CPU ms':>9} {'wall ms':>8} "
        f"{'queries':>7} {'query ms':>8}"
    )
    mean_total = 0.0
    for name, run in steps.items():
        for _ in range(5):  # warm: templates compiled, caches filled, connection open
            run()
        clock = QueryClock()
        cpu0, pg0, wall0 = time.process_time(), backend_cpu(pid), time.perf_counter()
        with connection.execute_wrapper(clock):
            for _ in range(args.repeat):
                run()
        cpu = (time.process_time() - cpu0) / args.repeat * 1000
        pg = (backend_cpu(pid) - pg0) / args.repeat * 1000
        wall = (time.perf_counter() - wall0) / args.repeat * 1000
        print(
            f"{name:16} {cpu:10.1f} {pg:9.1f} {wall:8.1f} "
            f"{clock.count / args.repeat:7.1f} {clock.seconds / args.repeat * 1000:8.1f}"
        )
        mean_total += weights[name] * (cpu + pg)
    mean = mean_total / sum(weights[n] for n in steps)
    print(
        f"weighted mean CPU per request (app + PostgreSQL): {mean:.1f} ms "
        f"-> at most {2000 / mean:.0f} requests/s on 2 cores (nothing else running)"
    )
    if args.queries:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            steps[args.queries]()
        for query in captured.captured_queries:
            print(f"{query['time']:>6} {query['sql'][:300]}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            steps[args.profile]()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
