"""Locust journeys for Merit's load test (run by run.sh; see REPORT.md).

Each simulated user is an operator of one load-test agency who opens aspect pages, saves
answers the way the htmx form does, browses and searches the employee list and opens the
nine-box grid. With A agencies and U users, user k works in agency k % A as its slot
k // A of ceil(U / A) slots and writes only the answers whose position % slots is its slot,
so no two users ever write the same answer: the database afterwards must hold exactly each
user's last successful save (checked by check.py)."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["MERIT_LOAD_PLAN"]).read_text(encoding="utf-8"))
EXPECTED_OUT = Path(os.environ["MERIT_LOAD_EXPECTED"])
PASSWORD = "merit-demo-2026"
NUMBERS = itertools.count()
# answer pk -> [level, justification] of the last save the server confirmed.
EXPECTED: dict[int, list] = {}
VERSION = re.compile(r'name="version" value="(\d+)"')
SEARCHES = ["Budi", "Siti", "Sri", "Agus", "Dewi", "198", "Analis", "Guru"]


class Operator(HttpUser):
    # Think time between actions: a person reads, picks a level, types a sentence. 1-3 s is
    # far busier than real form filling, so 50 of these stand for several hundred people.
    wait_time = between(1, 3)

    def on_start(self) -> None:
        number = next(NUMBERS)
        self.agency = PLAN[number % len(PLAN)]
        slots = -(-int(os.environ.get("MERIT_LOAD_USERS", "50")) // len(PLAN))
        slot = number // len(PLAN)
        self.answers = [dict(a) for i, a in enumerate(self.agency["answers"]) if i % slots == slot]
        self.counter = 0
        self.client.get("/akun/masuk/", name="login page")
        token = self.client.cookies.get("csrftoken")
        with self.client.post(
            "/akun/masuk/",
            {
                "username": self.agency["username"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": self.host + "/akun/masuk/"},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")
        self.csrf = self.client.cookies.get("csrftoken")

    @task(3)
    def open_aspect(self) -> None:
        order = random.randint(1, 8)
        self.client.get(
            f"/penilaian/{self.agency['assessment']}/aspek/{order}/", name="aspect page"
        )

    @task(4)
    def save_answer(self) -> None:
        answer = random.choice(self.answers)
        self.counter += 1
        level = random.randint(1, 4)
        text = f"Penjelasan beban {self.agency['username']} #{self.counter}"
        with self.client.post(
            f"/penilaian/{self.agency['assessment']}/jawaban/{answer['pk']}/",
            {"version": answer["version"], "level": level, "justification": text},
            headers={"X-CSRFToken": self.csrf, "HX-Request": "true", "Referer": self.host + "/"},
            name="save answer",
            catch_response=True,
        ) as response:
            body = response.text or ""
            if response.status_code != 200 or 'data-testid="saved-state"' not in body:
                response.failure(f"not saved: {response.status_code} {body[:120]!r}")
                return
            version = VERSION.search(body)
            if version is None:
                response.failure("no new version in the answer")
                return
            answer["version"] = int(version.group(1))
            EXPECTED[answer["pk"]] = [level, text]

    @task(2)
    def employee_list(self) -> None:
        if random.random() < 0.5:
            self.client.get(f"/pegawai/?page={random.randint(1, 60)}", name="employee list")
        else:
            self.client.get(f"/pegawai/?q={random.choice(SEARCHES)}", name="employee search")

    @task(1)
    def grid(self) -> None:
        if self.agency.get("period"):
            self.client.get(f"/talenta/periode/{self.agency['period']}/", name="nine-box grid")


@events.test_stop.add_listener
def _write_expected(**kwargs) -> None:
    EXPECTED_OUT.write_text(json.dumps(EXPECTED), encoding="utf-8")
