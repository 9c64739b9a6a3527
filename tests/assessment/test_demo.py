"""The demo assessments: varied states, built once however often the demo runs."""

from __future__ import annotations

import io

import pytest

from agencies import demo as agencies_demo
from assessment.demo import populate_demo
from assessment.models import Assessment

pytestmark = pytest.mark.django_db


def test_the_demo_builds_assessments_in_varied_states_once():
    agencies, _accounts = agencies_demo.populate()
    out = io.StringIO()
    assert populate_demo(agencies, stdout=out) == 4
    assert "Penilaian demo dibuat: 4" in out.getvalue()
    states = {(a.instansi.nama, a.year): a.status for a in Assessment.objects.all()}
    assert states == {
        ("Kabupaten Contoh", 2025): "final",
        ("Kabupaten Contoh", 2026): "draft",
        ("Kota Harapan", 2026): "submitted",
        ("Kabupaten Sukamaju", 2025): "final",
    }
    final = Assessment.objects.get(instansi__nama="Kabupaten Contoh", year=2025)
    assert final.verified_total is not None and final.verified_total < final.self_total
    draft = Assessment.objects.get(instansi__nama="Kabupaten Contoh", year=2026)
    assert 0 < draft.answers.exclude(level=None).count() < draft.answers.count()
    assert populate_demo(agencies) == 0
    assert Assessment.objects.count() == 4
