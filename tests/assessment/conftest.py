"""Helpers of the assessment stories; the instrument and draft fixtures are shared, in
tests/conftest.py."""

from __future__ import annotations

from assessment import workflow
from assessment.evidence import evidence_add
from tests.factories import pdf


def fill_in(assessment, user, level: int = 3) -> None:
    """Answer every indicator with a justification and every expected document."""
    for answer in assessment.answers.select_related("indicator"):
        workflow.answer_save(
            answer=answer,
            actor=user,
            expected_version=answer.version,
            level=level,
            justification="Dokumen sudah ditetapkan.",
        )
        for index, _label in enumerate(answer.indicator.evidence_expected):
            evidence_add(answer=answer, actor=user, upload=pdf(), requirement=index)
