"""Two people edit one answer: the second person's text is kept and shown beside the newer
version to merge, never discarded; saving the merge wins only against the version it saw."""

from __future__ import annotations

import pytest

from tests.assessment.test_filling_in import HTMX, first_answer

pytestmark = pytest.mark.django_db


def _url(draft, answer):
    return f"/penilaian/{draft.pk}/jawaban/{answer.pk}/"


def test_the_second_person_sees_both_versions_and_keeps_their_text(client, people, draft):
    answer = first_answer(draft)
    client.force_login(people["operator_contoh"])
    client.post(
        _url(draft, answer), {"version": 0, "level": 3, "justification": "Versi operator"}, **HTMX
    )
    client.force_login(people["admin_contoh"])
    page = client.post(
        _url(draft, answer), {"version": 0, "level": 2, "justification": "Versi admin"}, **HTMX
    ).content.decode()
    assert f'data-testid="conflict-{answer.pk}"' in page
    assert "Versi operator" in page  # the newer version, beside
    assert page.count("Versi admin") >= 2  # their text, shown and prefilled in the merge box
    assert 'name="version" value="1"' in page  # the merge is checked against what they saw
    assert 'value="2" selected' in page  # their level stays chosen


def test_saving_the_merge_stores_it_and_refreshes_the_form(client, people, draft):
    answer = first_answer(draft)
    client.force_login(people["operator_contoh"])
    client.post(
        _url(draft, answer), {"version": 0, "level": 3, "justification": "Versi operator"}, **HTMX
    )
    client.force_login(people["admin_contoh"])
    merged = "Versi operator\nVersi admin"
    page = client.post(
        _url(draft, answer),
        {"version": 1, "level": 3, "justification": merged, "merged": "1"},
        **HTMX,
    ).content.decode()
    answer.refresh_from_db()
    assert (answer.level, answer.justification, answer.version) == (3, merged, 2)
    # The page's own form gets the merged text and the new version, so autosave goes on.
    assert f'id="fields-{answer.pk}" hx-swap-oob="true"' in page
    assert f'id="version-{answer.pk}" hx-swap-oob="true"' in page and 'value="2"' in page


def test_without_javascript_the_conflict_page_keeps_the_text(client, people, draft):
    answer = first_answer(draft)
    client.force_login(people["operator_contoh"])
    client.post(_url(draft, answer), {"version": 0, "level": 3, "justification": "Versi operator"})
    client.force_login(people["admin_contoh"])
    response = client.post(
        _url(draft, answer), {"version": 0, "level": 1, "justification": "Versi admin"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Versi operator" in page and "Versi admin" in page
