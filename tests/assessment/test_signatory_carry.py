"""The scorecard's signature block is carried over from last year: the head usually stays."""

from __future__ import annotations

import pytest

from assessment import workflow
from assessment.models import Assessment

pytestmark = pytest.mark.django_db

BLOCK = {
    "signing_place": "Contoh",
    "head_name": "Drs. Budi Santoso",
    "head_title": "Bupati Contoh",
    "head_nip": "",
}


def _last_year(instrument, people, wilayah, **block):
    old = workflow.assessment_create(
        instansi=wilayah["kabupaten"],
        year=2025,
        instrument=instrument,
        actor=people["admin_contoh"],
    )
    Assessment.objects.filter(pk=old.pk).update(**block)
    return old


def test_a_new_assessment_starts_with_last_year_s_signatory(instrument, people, wilayah):
    _last_year(instrument, people, wilayah, **BLOCK)
    new = workflow.assessment_create(
        instansi=wilayah["kabupaten"],
        year=2026,
        instrument=instrument,
        actor=people["admin_contoh"],
    )
    assert (new.signing_place, new.head_name, new.head_title) == (
        "Contoh",
        "Drs. Budi Santoso",
        "Bupati Contoh",
    )
    # Another agency's block is never borrowed.
    other = workflow.assessment_create(
        instansi=wilayah["kabupaten_lain"],
        year=2026,
        instrument=instrument,
        actor=people["admin_lain"],
    )
    assert other.head_name == ""


def test_an_older_assessment_without_a_block_offers_last_year_s_on_the_form(
    client, instrument, people, wilayah, draft
):
    _last_year(instrument, people, wilayah, **BLOCK)
    Assessment.objects.filter(pk=draft.pk).update(head_name="", signing_place="", head_title="")
    client.force_login(people["admin_contoh"])
    page = client.get(f"/penilaian/{draft.pk}/penandatangan/").content.decode()
    assert 'data-testid="signatory-carried"' in page
    assert 'value="Drs. Budi Santoso"' in page
