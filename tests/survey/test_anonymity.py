"""Nothing stored with an answer can name the person: no user, name, NIP, address,
invitation or time of day, in the answer's table or anywhere else in the database."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models

from agencies.models import AuditEvent
from survey import workflow
from survey.models import Response

from .conftest import answer_url, answers

pytestmark = pytest.mark.django_db

ADDRESS = "192.0.2.77"


def test_an_answer_keeps_only_the_survey_the_unit_the_date_and_the_values():
    fields = {f.name: type(f) for f in Response._meta.concrete_fields}
    assert fields == {
        "id": models.BigAutoField,
        "survey": models.ForeignKey,
        "unit": models.ForeignKey,
        "submitted_on": models.DateField,  # a date, never a time
        "values": models.JSONField,
    }
    # No history table copies it with a timestamp and a user.
    assert not any(m.__name__ == "HistoricalResponse" for m in apps.get_models())


def test_no_table_and_no_cache_key_holds_the_address_or_the_person(client, people, survey, units):
    cache.clear()
    # Even a logged-in colleague answering leaves nothing that points at them.
    operator = people["operator_contoh"]
    operator.nip = "198001012005011001"
    operator.save()
    client.force_login(operator)
    [invitation] = workflow.invitations_create(survey=survey, actor=people["admin_contoh"], count=1)
    client.post(answer_url(survey), answers(unit=units["Inspektorat"]), REMOTE_ADDR=ADDRESS)
    client.post(
        f"/survei/isi/{survey.code}/undangan/{invitation.token}/",
        answers((1, 2, 3)),
        REMOTE_ADDR=ADDRESS,
    )
    assert Response.objects.count() == 2

    for model in apps.get_models():
        for row in model._default_manager.values():
            text = repr(row)
            assert ADDRESS not in text, f"{model.__name__} holds the address"
            if model is Response:
                assert operator.username not in text and operator.nip not in text
    assert not any(ADDRESS in str(key) for key in cache._cache)  # locmem's own store
    # The audit log records the admin's steps, never an answer.
    assert not AuditEvent.objects.filter(action__startswith="survey.answer").exists()
