"""The demo's running survey: 96 believable answers of the target 140 on the 2026
assessment in progress, spread over its units; running the demo again adds nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from survey import demo, progress, workflow
from survey.models import Response

pytestmark = pytest.mark.django_db


def test_the_demo_opens_a_running_survey_with_believable_answers(assessment_2026, units, people):
    assert demo.demo_assessment() == assessment_2026
    out = io.StringIO()
    survey = demo.populate_demo([assessment_2026.instansi], stdout=out)
    assert "96 dari 140 jawaban" in out.getvalue()
    assert survey.is_open and survey.opened_by == people["admin_contoh"]
    assert Response.objects.filter(survey=survey).count() == 96
    score = workflow.current_score(survey)
    assert Decimal("0.55") < score.score < Decimal("0.80")
    # Some answered with their unit, some without; no unit is shown if it has under 10.
    shown = progress.progress(survey).breakdown
    assert shown.shown and all(group.responses >= 10 for group in shown.shown)
    assert survey.invitations.count() == 20 and survey.invitations.filter(used=True).count() == 5

    again = demo.populate_demo([assessment_2026.instansi])
    assert again == survey and Response.objects.count() == 96


def test_without_a_2026_assessment_the_demo_says_so(db):
    out = io.StringIO()
    assert demo.populate_demo([], stdout=out) is None
    assert "tidak ada penilaian 2026" in out.getvalue()
