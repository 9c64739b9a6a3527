"""Answers and evidence saved at the moment a workflow step moves the assessment on (issue 15,
finding 2): a reviewer's answer saved just after finalisation made the stored total disagree
with the frozen scorecard, an agency's save landed 26 ms after submission.

Each test holds the assessment row the way a workflow step does (SELECT ... FOR UPDATE, then
the status change) on one connection, while another thread with its own connection saves.
The save must wait for the step and then be refused, leaving the answer as it was."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from django.db import connection, connections, transaction

from assessment import workflow
from assessment.evidence import evidence_add
from assessment.models import Answer, Assessment, Evidence
from tests.factories import pdf

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole file, so the row-lock race cannot be staged there",
    ),
    pytest.mark.django_db(transaction=True),
]

S = Assessment.Status


@pytest.fixture
def assessment(people, wilayah, instrument):
    return workflow.assessment_create(
        instansi=wilayah["kabupaten"],
        year=2026,
        instrument=instrument,
        actor=people["admin_contoh"],
    )


@contextmanager
def step_in_progress(assessment: Assessment, to: str):
    """A workflow step that has locked the row and changed the status, not yet committed."""
    with transaction.atomic():
        Assessment.objects.select_for_update().get(pk=assessment.pk)
        Assessment.objects.filter(pk=assessment.pk).update(status=to)
        yield


def race(assessment: Assessment, to: str, save: Callable[[], object]) -> dict:
    """Runs `save` in a thread (its own connection) while a step moves to `to`."""
    outcome: dict = {}

    def run() -> None:
        try:
            save()
            outcome["saved"] = True
        except workflow.WorkflowError as exc:
            outcome["refused"] = str(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    with step_in_progress(assessment, to):
        thread.start()
        thread.join(1.5)
        outcome["waited"] = thread.is_alive()
    thread.join(20)
    assert not thread.is_alive()
    return outcome


def test_an_answer_saved_during_submission_waits_and_is_refused(assessment, people):
    answer = assessment.answers.first()
    operator = people["operator_contoh"]

    def save():
        workflow.answer_save(
            answer=Answer.objects.get(pk=answer.pk),
            actor=operator,
            expected_version=0,
            level=2,
            justification="Terlambat 26 ms",
        )

    outcome = race(assessment, S.SUBMITTED, save)
    assert outcome["waited"], "the save did not wait for the submission"
    assert "terkunci" in outcome.get("refused", ""), outcome
    answer.refresh_from_db()
    assert (answer.level, answer.justification, answer.version) == (None, "", 0)


def test_a_reviewers_answer_saved_during_finalisation_waits_and_is_refused(assessment, people):
    Assessment.objects.filter(pk=assessment.pk).update(status=S.VERIFIED)
    answer = assessment.answers.first()
    reviewer = people["reviewer_provinsi"]

    def verify():
        workflow.answer_verify(
            answer=Answer.objects.get(pk=answer.pk),
            actor=reviewer,
            verified_level=1,
            note="Sesudah final",
            return_requested=False,
            return_reason="",
        )

    outcome = race(assessment, S.FINAL, verify)
    assert outcome["waited"], "the verification did not wait for the finalisation"
    assert "tidak sedang diverifikasi" in outcome.get("refused", ""), outcome
    answer.refresh_from_db()
    assert answer.verified_level is None
    assessment.refresh_from_db()
    assert assessment.verified_total is None


def test_evidence_uploaded_during_submission_waits_and_is_refused(assessment, people):
    answer = assessment.answers.first()
    operator = people["operator_contoh"]

    def upload():
        evidence_add(
            answer=Answer.objects.get(pk=answer.pk),
            actor=operator,
            upload=pdf(),
            requirement=0,
        )

    outcome = race(assessment, S.SUBMITTED, upload)
    assert outcome["waited"], "the upload did not wait for the submission"
    assert "terkunci" in outcome.get("refused", ""), outcome
    assert not Evidence.objects.filter(answer=answer).exists()
