"""Open-loop capacity ramp for Merit (run by ramp.sh; see REPORT.md, "Capacity ramp").

Requests arrive at a fixed mean rate per step (Poisson arrivals, independent of how fast the
server answers: a slow server does not slow the arrivals down, unlike Locust's users who wait
for each answer), in the load test's journey mix and weights (locustfile.py): aspect page 3,
save answer 4 (the htmx form's POST), employee list or search 2, nine-box grid 1, spread over
the load-test agencies, each with signed-in operator sessions. Latency is measured from the
moment a request was due, so a generator that falls behind cannot hide queueing.

Per step it prints offered and achieved rate, p50/p95/p99, errors, and the CPU split (in
cores) between the app's gunicorn workers, this database's PostgreSQL backends, the
generator itself and everything else on the machine. It stops after the first step whose
p95 exceeds the limit or that has an error, and prints a Markdown block for REPORT.md.

    python benchmarks/load/ramp.py --host http://127.0.0.1:8765 --plan out/plan.json \\
        --expected out/expected.json --gunicorn-pid PID --database merit_load \\
        [--steps 20,40,60,80,90,100,110,120,140] [--step-seconds 40] [--warmup-seconds 30]

Built on gevent and geventhttpclient (Locust's own HTTP client, already installed with it):
one process, a fraction of a core at 150 requests/s."""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlencode, urlsplit  # noqa: E402

import gevent  # noqa: E402
from geventhttpclient import HTTPClient  # noqa: E402

PASSWORD = "merit-demo-2026"
VERSION = re.compile(rb'name="version" value="(\d+)"')
SEARCHES = ["Budi", "Siti", "Sri", "Agus", "Dewi", "198", "Analis", "Guru"]
# Locust's task weights: aspect 3, save 4, list-or-search 2 (half each), grid 1.
MIX = [("aspect page", 3.0), ("save answer", 4.0), ("employee list", 1.0)]
MIX += [("employee search", 1.0), ("nine-box grid", 1.0)]
TICK = os.sysconf("SC_CLK_TCK")


# --- CPU accounting from /proc ---------------------------------------------------------------


def _proc_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of one process, None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICK


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(p) for p in text.split()]


def _postgres_backends(database: str) -> list[int]:
    """PostgreSQL backends serving this database (their process title names it)."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            title = Path(f"/proc/{entry.name}/cmdline").read_bytes()
        except (FileNotFoundError, PermissionError, ProcessLookupError):
            continue
        if title.startswith(b"postgres: ") and f" {database} ".encode() in title:
            found.append(int(entry.name))
    return found


def _machine_busy() -> float:
    """CPU seconds the whole machine spent busy (all cores), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values[:8]
    return (user + nice + system + irq + softirq + steal) / TICK


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class CpuMeter:
    """Samples every second the CPU time of the gunicorn workers, the database's backends,
    this process and the machine; a process born between samples counts from zero, one that
    ends loses at most its last second (backends are long-lived with DB_CONN_MAX_AGE)."""

    def __init__(self, gunicorn_pid: int | None, database: str) -> None:
        self.gunicorn_pid = gunicorn_pid
        self.database = database
        self.last: dict[str, dict[int, float]] = {"app": {}, "postgres": {}}
        self.totals = {"app": 0.0, "postgres": 0.0}
        self._sample()
        gevent.spawn(self._loop)

    def _sample(self) -> None:
        groups = {
            "app": ([self.gunicorn_pid] + _children(self.gunicorn_pid))
            if self.gunicorn_pid
            else [],
            "postgres": _postgres_backends(self.database),
        }
        for group, pids in groups.items():
            seen = {}
            for pid in pids:
                cpu = _proc_cpu(pid)
                if cpu is None:
                    continue
                self.totals[group] += cpu - self.last[group].get(pid, 0.0)
                seen[pid] = cpu
            self.last[group] = seen

    def _loop(self) -> None:
        while True:
            gevent.sleep(1.0)
            self._sample()

    def snapshot(self) -> dict[str, float]:
        self._sample()
        return {**self.totals, "generator": _self_cpu(), "machine": _machine_busy()}


# --- the journeys -----------------------------------------------------------------------------


@dataclass
class Agency:
    username: str
    assessment: int
    period: int | None
    answers: list[dict]
    free: set[int] = field(default_factory=set)  # answers with no save in flight
    sessions: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Result:
    name: str
    due: float
    latency: float
    error: str = ""


class Ramp:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        url = urlsplit(args.host)
        self.host = args.host
        self.client = HTTPClient(
            url.hostname or "127.0.0.1",
            port=url.port or 80,
            concurrency=args.max_in_flight,
            connection_timeout=10,
            network_timeout=args.timeout,
        )
        plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
        self.agencies = [
            Agency(
                username=item["username"],
                assessment=item["assessment"],
                period=item.get("period"),
                answers=[dict(a) for a in item["answers"]],
            )
            for item in plan
        ]
        for agency in self.agencies:
            agency.free = set(range(len(agency.answers)))
        self.expected: dict[int, list] = {}
        self.results: list[Result] = []
        self.in_flight = 0
        self.counter = 0
        self.rng = random.Random(args.seed)

    # A session's cookies are fixed once signed in (Django keeps the session key and the CSRF
    # token for the session's life), so each request sends the same Cookie header.
    def login(self, agency: Agency) -> dict[str, str]:
        cookies: dict[str, str] = {}
        response = self.client.get("/akun/masuk/")
        response.read()
        self._take_cookies(response, cookies)
        body = urlencode(
            {
                "username": agency.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": cookies["csrftoken"],
            }
        )
        response = self.client.post(
            "/akun/masuk/",
            body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": self._cookie_header(cookies),
                "Referer": self.host + "/akun/masuk/",
            },
        )
        response.read()
        if response.status_code != 302:
            raise SystemExit(f"login of {agency.username} answered {response.status_code}")
        self._take_cookies(response, cookies)
        return cookies

    @staticmethod
    def _take_cookies(response, cookies: dict[str, str]) -> None:
        for name, value in response.items():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key.strip()] = rest.split(";", 1)[0]

    @staticmethod
    def _cookie_header(cookies: dict[str, str]) -> str:
        return "; ".join(f"{k}={v}" for k, v in cookies.items())

    def pick(self) -> str:
        names = [n for n, _ in MIX]
        weights = [w for _, w in MIX]
        return self.rng.choices(names, weights)[0]

    def fire(self, name: str, due: float, record: bool) -> None:
        agency = self.rng.choice(self.agencies)
        session = self.rng.choice(agency.sessions)
        headers = {"Cookie": self._cookie_header(session)}
        error = ""
        answer = None
        try:
            if name == "aspect page":
                order = self.rng.randint(1, 8)
                path = f"/penilaian/{agency.assessment}/aspek/{order}/"
                method, body = "GET", b""
            elif name == "employee list":
                path, method, body = f"/pegawai/?page={self.rng.randint(1, 60)}", "GET", b""
            elif name == "employee search":
                path, method, body = f"/pegawai/?q={self.rng.choice(SEARCHES)}", "GET", b""
            elif name == "nine-box grid":
                if agency.period is None:
                    return
                path, method, body = f"/talenta/periode/{agency.period}/", "GET", b""
            else:
                if not agency.free:
                    return  # every answer of this agency is being saved right now
                index = self.rng.choice(sorted(agency.free))
                agency.free.discard(index)
                answer = agency.answers[index]
                self.counter += 1
                level = self.rng.randint(1, 4)
                text = f"Penjelasan ramp {agency.username} #{self.counter}"
                path = f"/penilaian/{agency.assessment}/jawaban/{answer['pk']}/"
                method = "POST"
                body = urlencode(
                    {"version": answer["version"], "level": level, "justification": text}
                ).encode()
                headers.update(
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "X-CSRFToken": session["csrftoken"],
                        "HX-Request": "true",
                        "Referer": self.host + "/",
                    }
                )
            response = self.client.request(method, path, body=body, headers=headers)
            content = response.read()
            if response.status_code != 200:
                error = f"HTTP {response.status_code}"
            elif answer is not None:
                found = VERSION.search(content)
                if b'data-testid="saved-state"' not in content or found is None:
                    error = "not saved"
                else:
                    answer["version"] = int(found.group(1))
                    self.expected[answer["pk"]] = [level, text]
        except Exception as exc:  # a timeout, a refused or reset connection
            error = type(exc).__name__
        finally:
            if answer is not None:
                agency.free.add(agency.answers.index(answer))
            self.in_flight -= 1
        if record:
            self.results.append(Result(name, due, time.monotonic() - due, error))

    def run_step(self, rate: float, seconds: float, record: bool) -> list[Result]:
        """Fires Poisson arrivals at `rate` for `seconds`, then waits for the stragglers."""
        start = len(self.results)
        greenlets = []
        due = time.monotonic()
        end = due + seconds
        dropped = 0
        while True:
            due += self.rng.expovariate(rate)
            if due >= end:
                break
            delay = due - time.monotonic()
            if delay > 0:
                gevent.sleep(delay)
            if self.in_flight >= self.args.max_in_flight:
                dropped += 1
                if record:
                    self.results.append(Result("(not sent)", due, 0.0, "too many in flight"))
                continue
            self.in_flight += 1
            greenlets.append(gevent.spawn(self.fire, self.pick(), due, record))
        gevent.joinall(greenlets, timeout=self.args.timeout + 5)
        return self.results[start:]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--expected", required=True, help="written for check.py")
    parser.add_argument("--gunicorn-pid", type=int, default=None)
    parser.add_argument("--database", default="merit_load")
    parser.add_argument("--steps", default="20,40,60,80,90,100,110,120,140")
    parser.add_argument("--step-seconds", type=float, default=40)
    parser.add_argument("--warmup-seconds", type=float, default=30)
    parser.add_argument("--warmup-rate", type=float, default=20)
    parser.add_argument("--p95-limit-ms", type=float, default=300)
    parser.add_argument("--sessions-per-agency", type=int, default=2)
    parser.add_argument("--max-in-flight", type=int, default=400)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--json", default="", help="write every step's figures here")
    parser.add_argument("--note", default="", help="a line for the summary (workers...)")
    args = parser.parse_args()
    steps = [float(s) for s in args.steps.split(",") if s.strip()]

    ramp = Ramp(args)
    # Logins first, one at a time: each verifies a deliberately slow password hash, which is
    # not what the ramp measures.
    for agency in ramp.agencies:
        agency.sessions = [ramp.login(agency) for _ in range(args.sessions_per_agency)]
    print(
        f"{len(ramp.agencies)} agencies, {args.sessions_per_agency} sessions each; "
        f"warm-up {args.warmup_seconds:.0f} s at {args.warmup_rate:g}/s",
        flush=True,
    )
    meter = CpuMeter(args.gunicorn_pid, args.database)
    ramp.run_step(args.warmup_rate, args.warmup_seconds, record=False)

    header = (
        f"{'offered':>7} {'achieved':>8} {'n':>5} {'p50':>5} {'p95':>5} {'p99':>5} {'max':>6} "
        f"{'err':>4} | {'app':>5} {'pg':>5} {'gen':>5} {'other':>5} {'idle':>5} {'ms/req':>6} "
        "| load1  worst p95"
    )
    print("rates in requests/s, times in ms, CPU in cores (of 2)")
    print(header, flush=True)
    rows = []
    capacity = None
    for rate in steps:
        before = meter.snapshot()
        wall0 = time.monotonic()
        results = ramp.run_step(rate, args.step_seconds, record=True)
        wall = time.monotonic() - wall0
        after = meter.snapshot()
        cpu = {k: (after[k] - before[k]) / wall for k in after}
        cores = os.cpu_count() or 2
        other = cpu["machine"] - cpu["app"] - cpu["postgres"] - cpu["generator"]
        sent = [r for r in results if r.name != "(not sent)"]
        ok = [r.latency * 1000 for r in results if not r.error]
        errors = [r for r in results if r.error]
        by_name: dict[str, list[float]] = {}
        for r in sent:
            by_name.setdefault(r.name, []).append(r.latency * 1000)
        worst = max(by_name.items(), key=lambda kv: percentile(kv[1], 95))
        all_ms = [r.latency * 1000 for r in sent]
        achieved = len(ok) / args.step_seconds
        row = {
            "offered": rate,
            "achieved": achieved,
            "requests": len(results),
            "p50": percentile(all_ms, 50),
            "p95": percentile(all_ms, 95),
            "p99": percentile(all_ms, 99),
            "max": max(all_ms) if all_ms else float("nan"),
            "errors": len(errors),
            "error_kinds": sorted({r.error for r in errors}),
            "cpu_app": cpu["app"],
            "cpu_postgres": cpu["postgres"],
            "cpu_generator": cpu["generator"],
            "cpu_other": other,
            "cpu_idle": max(0.0, cores - cpu["machine"]),
            "load1": os.getloadavg()[0],
            # CPU of app + PostgreSQL + generator per answered request: 2000 / this is the
            # ceiling in requests/s of two cores doing nothing else.
            "cpu_ms_per_request": (cpu["app"] + cpu["postgres"] + cpu["generator"])
            * 1000
            / max(achieved, 0.001),
            "per_request": {
                name: {"n": len(v), "p50": percentile(v, 50), "p95": percentile(v, 95)}
                for name, v in sorted(by_name.items())
            },
            "worst": f"{worst[0]} {percentile(worst[1], 95):.0f}",
        }
        rows.append(row)
        print(
            f"{rate:7.0f} {row['achieved']:8.1f} {row['requests']:5d} {row['p50']:5.0f} "
            f"{row['p95']:5.0f} {row['p99']:5.0f} {row['max']:6.0f} {row['errors']:4d} | "
            f"{cpu['app']:5.2f} {cpu['postgres']:5.2f} {cpu['generator']:5.2f} {other:5.2f} "
            f"{row['cpu_idle']:5.2f} {row['cpu_ms_per_request']:6.1f} | {row['load1']:5.2f}  "
            f"{row['worst']}",
            flush=True,
        )
        if errors:
            print(f"        errors: {', '.join(row['error_kinds'])}", flush=True)
        if row["p95"] > args.p95_limit_ms or errors:
            break
        capacity = row
    Path(args.expected).write_text(json.dumps(ramp.expected), encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")

    # The block for REPORT.md.
    print()
    print(f"<!-- ramp summary, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} -->")
    if args.note:
        print(args.note)
        print()
    print(
        "| offered req/s | achieved req/s | p50 ms | p95 ms | p99 ms | errors "
        "| app cores | PostgreSQL cores | generator cores | other cores | CPU ms/request "
        "| load avg (1 min) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row['offered']:.0f} | {row['achieved']:.1f} | {row['p50']:.0f} "
            f"| {row['p95']:.0f} | {row['p99']:.0f} | {row['errors']} | {row['cpu_app']:.2f} "
            f"| {row['cpu_postgres']:.2f} | {row['cpu_generator']:.2f} | {row['cpu_other']:.2f} "
            f"| {row['cpu_ms_per_request']:.1f} | {row['load1']:.2f} |"
        )
    print()
    served = sum(r["achieved"] for r in rows)
    if served:
        # Over all the steps: CPU seconds per answered request.
        cost = sum(r["cpu_ms_per_request"] * r["achieved"] for r in rows) / served
        generator = sum(r["cpu_generator"] for r in rows) / served * 1000
        cores = os.cpu_count() or 2
        print(
            f"CPU per request (app + PostgreSQL + generator, all steps): {cost:.1f} ms, of "
            f"which the generator {generator:.1f} ms: {cores} cores doing nothing else would "
            f"top out near {cores * 1000 / cost:.0f} requests/s."
        )
    if capacity is None:
        print(f"Capacity: below the first step ({steps[0]:.0f} requests/s).")
    else:
        last = rows[-1]
        beyond = (
            f"; the next step ({last['offered']:.0f}/s) had p95 {last['p95']:.0f} ms and "
            f"{last['errors']} errors"
            if last is not capacity
            else " (the last step planned: the limit was not reached)"
        )
        print(
            f"Capacity: **{capacity['offered']:.0f} requests/s** offered "
            f"({capacity['achieved']:.1f} achieved) with p95 {capacity['p95']:.0f} ms and "
            f"0 errors{beyond}."
        )
        per = ", ".join(f"{name} {v['p95']:.0f}" for name, v in capacity["per_request"].items())
        print(f"p95 per request at capacity (ms): {per}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
