"""Two people save the same answer at the same moment: exactly one wins, the other is told.

The stale-form case runs on every database (test_filling_in); this one races two real
connections and needs PostgreSQL's row locking (SQLite's test database is in memory)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from assessment import workflow
from assessment.models import Answer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="races two connections: PostgreSQL only"
)
def test_two_simultaneous_saves_of_one_version_never_both_win(people, draft):
    answer = draft.answers.get(indicator__code="5.1")
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(username: str, level: int) -> None:
        try:
            mine = Answer.objects.select_related("assessment__instansi").get(pk=answer.pk)
            barrier.wait(timeout=10)
            workflow.answer_save(
                answer=mine,
                actor=people[username],
                expected_version=0,
                level=level,
                justification=f"oleh {username}",
            )
            outcomes[username] = "saved"
        except workflow.ConflictError:
            outcomes[username] = "conflict"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("operator_contoh", 2)),
        threading.Thread(target=save, args=("admin_contoh", 4)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    answer.refresh_from_db()
    assert answer.justification == f"oleh {winner}"
    assert answer.version == 1
