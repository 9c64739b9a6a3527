"""The demo gives every demo agency records, computed periods and target posts; twice is safe."""

from __future__ import annotations

import io

import pytest

from agencies.models import Instansi
from employees import demo as employees_demo
from talent import demo
from talent.models import MappingPeriod, PerformanceRecord, Placement, TargetPost

pytestmark = pytest.mark.django_db


def test_the_talent_demo_fills_and_computes_and_is_idempotent(wilayah, referensi):
    agencies = [wilayah["kabupaten"], wilayah["kota"]]
    employees_demo.populate(agencies, 30)
    out = io.StringIO()
    demo.populate_demo(agencies, stdout=out)
    period = MappingPeriod.objects.get(instansi=wilayah["kabupaten"], nama="2026")
    assert Placement.objects.filter(period=period).count() == 30
    assert Placement.objects.filter(period=period, kotak__isnull=False).exists()
    assert "Pemetaan talenta Kabupaten Contoh 2026" in out.getvalue()
    counts = (
        PerformanceRecord.objects.count(),
        MappingPeriod.objects.count(),
        TargetPost.objects.count(),
        Placement.objects.count(),
    )
    demo.populate_demo(agencies)
    assert counts == (
        PerformanceRecord.objects.count(),
        MappingPeriod.objects.count(),
        TargetPost.objects.count(),
        Placement.objects.count(),
    )
    assert not MappingPeriod.objects.filter(instansi=Instansi.objects.get(nama="Kabupaten Lain"))
