"""The admin site changes no status or score (issue 15, finding 3): its history "Revert" set a
final assessment back to draft with no transition, no reason, no audit event, while the public
page still called the document genuine."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import workflow
from assessment.models import Assessment, Transition

S = Assessment.Status


@pytest.fixture
def final_assessment(people, wilayah, instrument):
    admin = people["admin_contoh"]
    assessment = workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2026, instrument=instrument, actor=admin
    )
    # Stands for the whole workflow: a later version of the row, final with its totals.
    assessment.status = S.FINAL
    assessment.self_total = Decimal("291.67")
    assessment.verified_total = Decimal("291.67")
    assessment.save()
    return assessment


def editable_fields(assessment: Assessment, people) -> dict:
    return {
        "signing_place": "Kota Contoh",
        "head_name": "Kepala",
        "head_title": "Bupati",
        "head_nip": "",
        "created_by": people["admin_contoh"].pk,
    }


def test_the_history_page_offers_no_revert_and_refuses_one(client, people, final_assessment):
    client.force_login(people["superadmin"])
    draft_version = final_assessment.history.filter(status=S.DRAFT).earliest("history_date")
    url = reverse(
        "admin:assessment_assessment_simple_history",
        args=[final_assessment.pk, draft_version.history_id],
    )
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["revert_disabled"]
    assert 'name="_save"' not in page.content.decode()

    steps = Transition.objects.filter(assessment=final_assessment).count()
    response = client.post(url, editable_fields(final_assessment, people))
    assert response.status_code == 403
    final_assessment.refresh_from_db()
    assert final_assessment.status == S.FINAL
    assert final_assessment.verified_total == Decimal("291.67")
    assert Transition.objects.filter(assessment=final_assessment).count() == steps


def test_the_change_form_cannot_set_status_or_totals(client, people, final_assessment):
    client.force_login(people["superadmin"])
    url = reverse("admin:assessment_assessment_change", args=[final_assessment.pk])
    data = {
        **editable_fields(final_assessment, people),
        "status": S.DRAFT,
        "self_total": "100",
        "verified_total": "100",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
    }
    client.post(url, data)
    final_assessment.refresh_from_db()
    assert final_assessment.status == S.FINAL
    assert final_assessment.self_total == Decimal("291.67")
    assert final_assessment.verified_total == Decimal("291.67")


def test_the_admin_cannot_delete_an_assessment(client, people, final_assessment):
    client.force_login(people["superadmin"])
    url = reverse("admin:assessment_assessment_delete", args=[final_assessment.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 403
    assert Assessment.objects.filter(pk=final_assessment.pk).exists()
