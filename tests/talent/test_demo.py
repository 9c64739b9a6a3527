"""The demo gives every demo agency records, computed periods and target posts; twice is safe."""

from __future__ import annotations

import io

import pytest

from agencies.models import Instansi
from employees import demo as employees_demo
from employees.models import Employee, HasilKompetensi
from talent import competency, demo
from talent.models import (
    MappingPeriod,
    PerformanceRecord,
    Placement,
    RencanaPengembangan,
    StandarKompetensi,
    TargetPost,
)

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


def test_the_demo_gives_one_agency_competency_results_standards_and_idp(wilayah, referensi):
    agencies = [wilayah["kabupaten"], wilayah["kota"]]
    employees_demo.populate(agencies, 60)
    out = io.StringIO()
    demo.populate_demo(agencies, stdout=out)
    kab = wilayah["kabupaten"]
    results = HasilKompetensi.objects.filter(employee__instansi=kab).count()
    assert 20 < results < 60  # part of the agency
    assert not HasilKompetensi.objects.filter(employee__instansi=wilayah["kota"]).exists()
    assert StandarKompetensi.objects.filter(instansi=kab, nama_jabatan="").count() == 5
    assert StandarKompetensi.objects.filter(instansi=kab).exclude(nama_jabatan="").exists()
    assert RencanaPengembangan.objects.filter(employee__instansi=kab).exists()
    assert "Kompetensi Kabupaten Contoh" in out.getvalue()
    # Every assessed employee has a JPM against their post (each post type has a standard).
    ids = list(
        HasilKompetensi.objects.filter(employee__instansi=kab).values_list("employee", flat=True)
    )
    employees = Employee.objects.filter(pk__in=ids)
    jpm = competency.jpm_for_current_posts(employees)
    assert all(result.computed for result in jpm.values())
    bands = {result.band for result in jpm.values()}
    assert {"optimal", "cukup_optimal"} <= bands
    demo.populate_demo(agencies)
    assert HasilKompetensi.objects.count() == results
