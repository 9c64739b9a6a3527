"""The demo gives every demo agency records, computed periods and target posts; twice is safe."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from agencies.models import Instansi
from employees import demo as employees_demo
from employees.models import Employee, Golongan, HasilKompetensi
from talent import competency, demo, succession
from talent.models import (
    CalibrationMeeting,
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


def test_the_demo_succession_list_for_kepala_badan_is_credible(wilayah, referensi):
    """Tried as a new user would: the top candidates for Kepala Badan Kepegawaian were a D-II
    clerk and a driver. Now only administrators or senior functional officials, IV/b and at
    least S-1, none retiring within two years."""
    agencies = [wilayah["kabupaten"]]
    employees_demo.populate(agencies, 400)
    demo.populate_demo(agencies)
    post = TargetPost.objects.get(nama_jabatan__startswith="Kepala Badan Kepegawaian")
    period = MappingPeriod.objects.get(instansi=wilayah["kabupaten"], nama="2026")
    candidates = succession.candidates(post, period)
    assert candidates, "the demo should offer someone"
    for candidate in candidates:
        employee = candidate.employee
        assert employee.jenis_jabatan.kode in ("administrator", "fungsional"), employee.jabatan
        if employee.jenis_jabatan.kode == "fungsional":
            assert employee.jenjang_fungsional in ("ahli_madya", "ahli_utama")
        assert employee.golongan.urutan >= Golongan.objects.get(nama="IV/b").urutan
        assert employee.pendidikan.kode >= "40"
        assert candidate.years_to_retirement >= 2


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


def test_the_demo_holds_a_closed_calibration_meeting_with_reasoned_moves(
    client, people, wilayah, referensi
):
    """The calibration page of a new instance shows a meeting: members, a date, two moves
    with reasons, minutes; a second run adds no second meeting."""
    agencies = [wilayah["kabupaten"], wilayah["kota"]]
    employees_demo.populate(agencies, 120)
    demo.populate_demo(agencies)
    demo.populate_demo(agencies)
    period = MappingPeriod.objects.get(instansi=wilayah["kabupaten"], nama="2026")
    meeting = CalibrationMeeting.objects.get(period=period)
    assert len(meeting.members()) == 4 and not meeting.terbuka
    assert period.dikalibrasi_pada is not None
    moves = list(meeting.perpindahan.order_by("waktu"))
    assert [(m.dari_kotak, m.ke_kotak) for m in moves] == [(5, 8), (8, 5)]
    for move in moves:
        assert len(move.alasan) > 40
        assert move.peringatan == ""  # the SKP does not contradict a potential-axis move
        placement = Placement.objects.get(period=period, employee=move.employee)
        assert placement.kotak == move.ke_kotak  # the recomputation kept the move
    client.force_login(people["admin_contoh"])
    page = client.get(
        reverse("talent:meeting_detail", args=[period.pk, meeting.pk])
    ).content.decode()
    assert "Sekretaris Daerah" in page and "asesmen ulang" in page
    assert not CalibrationMeeting.objects.filter(period__instansi=wilayah["kota"])
