"""In the admin site even a superadmin cannot forge or edit what only the workflow writes:
audit events, frozen scorecards, import batches, calibrations, instruments."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from agencies.models import AuditEvent
from assessment.models import Crosswalk, FrozenScorecard, Instrument
from employees.importing.models import ImportBatch
from talent.models import CalibrationEvent

pytestmark = pytest.mark.django_db

READ_ONLY = {
    AuditEvent: False,  # may it be deleted?
    FrozenScorecard: False,
    ImportBatch: True,
    CalibrationEvent: True,
    Instrument: True,
    Crosswalk: True,
}


@pytest.mark.parametrize("model, deletable", READ_ONLY.items(), ids=lambda v: str(v))
def test_the_superadmin_may_not_add_or_edit_workflow_rows(client, people, model, deletable):
    client.force_login(people["superadmin"])
    meta = model._meta
    assert client.get(f"/admin/{meta.app_label}/{meta.model_name}/").status_code == 200
    assert client.get(f"/admin/{meta.app_label}/{meta.model_name}/add/").status_code == 403
    request = RequestFactory().get("/admin/")
    request.user = people["superadmin"]
    model_admin = admin.site._registry[model]
    assert not model_admin.has_change_permission(request)
    assert model_admin.has_delete_permission(request) is deletable
