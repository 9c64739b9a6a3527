"""Outsiders and another agency's objects for the security tests; Kabupaten Contoh's "world"
(one object of every kind a URL can name) is shared, in tests/conftest.py."""

from __future__ import annotations

import datetime as dt

import pytest

from agencies.models import User
from assessment import workflow
from assessment.demo import default_instrument
from talent.compute import period_compute
from talent.models import MappingPeriod
from tests.factories import EmployeeFactory, UserFactory


@pytest.fixture
def outsiders(people, wilayah):
    """Users of other agencies, one per role that works inside an agency or a province."""
    return {
        "operator_lain": people["operator_lain"],
        "admin_lain": people["admin_lain"],
        "reviewer_lain": UserFactory(
            username="reviewer_lain", role=User.Role.REVIEWER, instansi=wilayah["provinsi_lain"]
        ),
    }


@pytest.fixture
def world_lain(wilayah, people, referensi):
    """Kabupaten Lain's own assessment and computed talent period: parents an outsider may
    open, to try reaching Kabupaten Contoh's children through them."""
    lain = wilayah["kabupaten_lain"]
    employee = EmployeeFactory(instansi=lain, nama="Lain Orang")
    period = MappingPeriod.objects.create(
        instansi=lain, nama="2026", tahun_skp=2026, tanggal_acuan=dt.date(2026, 12, 31)
    )
    period_compute(period=period)
    assessment = workflow.assessment_create(
        instansi=lain, year=2026, instrument=default_instrument(), actor=people["admin_lain"]
    )
    return {"assessment": assessment, "period": period, "employee": employee}
