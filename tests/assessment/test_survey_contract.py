"""The contract the staff survey builds on: an instrument's `survey:` section is validated and
stored; an assessment records the survey's result and a reviewer's correction factor through
workflow steps that lock the row, refuse a final assessment and leave an audit event."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agencies.models import AuditEvent
from assessment import workflow
from assessment.instrument_io import InstrumentError, load_instrument, parse_yaml, validate
from assessment.models import Assessment
from tests.factories import DEFAULT_INSTRUMENT

pytestmark = pytest.mark.django_db

SURVEY = {
    "provisional": True,
    "note": "Butir survei sementara.",
    "scale": [{"value": n, "label": f"Skala {n}"} for n in range(1, 6)],
    "target_responses": 140,
    "min_group_size": 10,
    "items": [{"code": "K1", "text": "Saya puas."}, {"code": "E1", "text": "Saya terlibat."}],
}


def _with_survey(survey):
    data = parse_yaml(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
    data["survey"] = survey
    data["code"] = "merit-dengan-survei"
    return data


def test_a_survey_section_is_validated_and_stored_on_the_instrument():
    instrument, _created = load_instrument(_with_survey(SURVEY))
    assert instrument.survey_definition["target_responses"] == 140
    assert instrument.survey_definition["min_group_size"] == 10
    assert [i["code"] for i in instrument.survey_definition["items"]] == ["K1", "E1"]
    assert instrument.survey_definition["scale"][0] == {"value": 1, "label": "Skala 1"}
    assert instrument.survey_definition["provisional"] is True


def test_an_instrument_without_a_survey_stores_an_empty_definition(instrument):
    assert instrument.survey_definition == {}


def test_a_broken_survey_section_is_refused_with_every_problem():
    broken = dict(SURVEY, scale=[{"value": 1, "label": "Ya"}], items=[], target_responses=0)
    with pytest.raises(InstrumentError) as info:
        validate(_with_survey(broken))
    text = "\n".join(info.value.errors)
    assert "scale" in text and "items" in text and "target_responses" in text


def test_the_survey_result_is_recorded_with_an_audit_event(draft, people):
    workflow.record_survey_result(
        draft,
        score=Decimal("0.72"),
        responses=151,
        source="merit",
        user=people["admin_contoh"],
    )
    draft.refresh_from_db()
    assert draft.survey_score == Decimal("0.72")
    assert draft.survey_responses == 151
    assert draft.survey_source == "merit"
    assert AuditEvent.objects.filter(action="assessment.survey_recorded").count() == 1


def test_a_survey_score_outside_zero_to_one_or_an_unknown_source_is_refused(draft, people):
    for score, source in ((Decimal("1.2"), "merit"), (Decimal("0.5"), "kuesioner")):
        with pytest.raises(workflow.WorkflowError):
            workflow.record_survey_result(
                draft, score=score, responses=10, source=source, user=people["admin_contoh"]
            )
    draft.refresh_from_db()
    assert draft.survey_score is None


def test_a_final_assessment_takes_no_survey_result(draft, people):
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.Status.FINAL)
    with pytest.raises(workflow.WorkflowError):
        workflow.record_survey_result(
            draft, score=Decimal("0.5"), responses=10, source="nasional", user=people["superadmin"]
        )


def test_an_instrument_without_a_correction_factor_allows_only_one(draft, people):
    with pytest.raises(workflow.WorkflowError):
        workflow.set_correction_factor(
            draft, factor=Decimal("0.9"), reason="Pelanggaran", user=people["reviewer_nasional"]
        )


def test_the_correction_factor_needs_a_reviewer_and_a_reason(draft, people):
    draft.instrument.scoring_params = {"correction_factor": {"min": "0", "max": "1.25"}}
    draft.instrument.save()
    with pytest.raises(workflow.WorkflowError):
        workflow.set_correction_factor(
            draft, factor=Decimal("0.9"), reason="Pelanggaran", user=people["operator_contoh"]
        )
    with pytest.raises(workflow.WorkflowError):
        workflow.set_correction_factor(
            draft, factor=Decimal("0.9"), reason="  ", user=people["reviewer_nasional"]
        )
    workflow.set_correction_factor(
        draft,
        factor=Decimal("0.9"),
        reason="Pelanggaran sistem merit dalam pengisian JPT.",
        user=people["reviewer_nasional"],
    )
    draft.refresh_from_db()
    assert draft.correction_factor == Decimal("0.9")
    assert AuditEvent.objects.filter(action="assessment.correction_factor").count() == 1
