"""Moving between aspects: previous/next buttons below the form, and on a phone a compact
header with the score and the aspect list above it; the provisional notice can be folded."""

from __future__ import annotations

import pytest

from tests.assessment.test_filling_in import HTMX, first_answer

pytestmark = pytest.mark.django_db


def test_each_aspect_page_has_previous_and_next(client, people, draft):
    client.force_login(people["operator_contoh"])
    first = client.get(f"/penilaian/{draft.pk}/aspek/1/").content.decode()
    assert 'data-testid="previous-aspect"' not in first
    assert f'href="/penilaian/{draft.pk}/aspek/2/" rel="next"' in first
    third = client.get(f"/penilaian/{draft.pk}/aspek/3/").content.decode()
    assert f'href="/penilaian/{draft.pk}/aspek/2/" rel="prev"' in third
    assert f'href="/penilaian/{draft.pk}/aspek/4/" rel="next"' in third
    last = draft.instrument.aspects.count()
    final = client.get(f"/penilaian/{draft.pk}/aspek/{last}/").content.decode()
    assert 'data-testid="next-aspect"' not in final and 'data-testid="to-overview"' in final


def test_the_compact_header_comes_before_the_form_and_follows_each_save(client, people, draft):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{draft.pk}/aspek/1/").content.decode()
    assert page.index('data-testid="compact-header"') < page.index('data-testid="indicator-')
    assert "Aspek 1 dari 8" in page
    answer = first_answer(draft)
    saved = client.post(
        f"/penilaian/{draft.pk}/jawaban/{answer.pk}/",
        {"version": 0, "level": 4, "justification": "x"},
        **HTMX,
    ).content.decode()
    start = saved.index('<div id="compact-header"')
    assert 'hx-swap-oob="true"' in saved[start : saved.index(">", start)]
    assert 'data-testid="compact-total"' in saved


def test_the_provisional_notice_is_folded_on_the_aspect_pages(client, people, draft):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{draft.pk}/aspek/1/").content.decode()
    assert '<details class="alert alert-warning small" data-testid="derived-notice">' in page
    overview = client.get(f"/penilaian/{draft.pk}/").content.decode()
    assert 'data-testid="derived-notice" open>' in overview
