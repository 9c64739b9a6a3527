"""The submit button says why it cannot be used yet, each missing item linking to its
indicator; the plan's rows link to their indicators."""

from __future__ import annotations

import pytest

from assessment import workflow

from .conftest import fill_in

pytestmark = pytest.mark.django_db


def test_the_submit_button_is_disabled_with_the_reason_and_links(client, people, draft):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{draft.pk}/").content.decode()
    count = draft.answers.count()
    assert 'data-testid="submit-button" disabled aria-describedby="submit-why"' in page
    assert f"Belum dapat diajukan: {count} hal belum lengkap." in page
    first = draft.answers.order_by("indicator__aspect__order", "indicator__order").first()
    link = f'href="/penilaian/{draft.pk}/aspek/1/#indikator-{first.pk}" data-testid="problem-link"'
    assert link in page
    assert page.count('data-testid="problem-link"') == count


def test_a_complete_assessment_can_be_submitted(client, people, draft):
    fill_in(draft, people["operator_contoh"])
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{draft.pk}/").content.decode()
    assert 'data-testid="submit-button">' in page and "submit-why" not in page


def test_the_plan_rows_link_to_their_indicators(client, people, draft):
    for answer in draft.answers.all():
        workflow.answer_save(
            answer=answer,
            actor=people["operator_contoh"],
            expected_version=0,
            level=2,
            justification="x",
        )
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{draft.pk}/rencana/").content.decode()
    assert page.count('data-testid="plan-step-link"') == page.count('data-testid="plan-step"') > 0
    assert f'href="/penilaian/{draft.pk}/aspek/' in page
