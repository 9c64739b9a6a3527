"""Computing a period puts every active employee in a box or says why not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from agencies.models import AuditEvent
from employees.models import Employee
from talent.compute import _copy_text, period_compute, placement_calibrate
from talent.models import HukumanDisiplin, PerformanceRecord, Placement, PotentialRecord
from tests.factories import employee_with

pytestmark = pytest.mark.django_db


def box_of(period, employee) -> int | None:
    return Placement.objects.get(period=period, employee=employee).kotak


def test_each_employee_lands_in_the_box_of_their_levels(contoh):
    period, staff = contoh["period"], contoh["staff"]
    assert box_of(period, staff["ani"]) == 9
    assert box_of(period, staff["budi"]) == 9
    assert box_of(period, staff["citra"]) == 5
    assert box_of(period, staff["dedi"]) == 1
    # Only the agency's own employees are placed.
    assert Placement.objects.filter(period=period).count() == 6


def test_a_placement_explains_itself_and_records_its_settings_version(contoh):
    placement = Placement.objects.get(period=contoh["period"], employee=contoh["staff"]["citra"])
    assert placement.penjelasan == (
        "Kotak 5: SKP 2026 Baik -> sesuai ekspektasi; potensial 84 < 90 dan >= 78: menengah"
    )
    assert (placement.kinerja, placement.potensial, placement.versi_pengaturan) == (
        "sesuai",
        "menengah",
        1,
    )


def test_employees_without_the_data_for_an_axis_are_not_mappable(contoh):
    period, staff = contoh["period"], contoh["staff"]
    eko = Placement.objects.get(period=period, employee=staff["eko"])
    fitri = Placement.objects.get(period=period, employee=staff["fitri"])
    assert (eko.kotak, eko.alasan) == (None, "tanpa_skp")
    assert (fitri.kotak, fitri.alasan) == (None, "tanpa_potensial")
    assert "tidak ada SKP tahun 2026" in eko.penjelasan


def test_an_excluded_employee_is_not_mappable(contoh):
    period, ani = contoh["period"], contoh["staff"]["ani"]
    HukumanDisiplin.objects.create(employee=ani, tingkat="berat", tanggal=dt.date(2025, 6, 1))
    period_compute(period=period)
    placement = Placement.objects.get(period=period, employee=ani)
    assert (placement.kotak, placement.alasan) == (None, "hukuman_disiplin")


def test_inactive_employees_are_left_out(contoh):
    period, dedi = contoh["period"], contoh["staff"]["dedi"]
    dedi.aktif, dedi.alasan_nonaktif = False, "pensiun"
    dedi.save()
    result = period_compute(period=period)
    assert result.total == 5
    assert not Placement.objects.filter(period=period, employee=dedi).exists()


def test_the_latest_potential_record_counts(contoh):
    period, citra = contoh["period"], contoh["staff"]["citra"]
    PotentialRecord.objects.create(
        employee=citra, tanggal=dt.date(2026, 9, 1), sumber="Asesmen ulang", skor=Decimal("91")
    )
    period_compute(period=period)
    assert box_of(period, citra) == 8


def test_a_calibration_survives_recomputation_beside_the_new_computed_box(contoh, people):
    period, citra = contoh["period"], contoh["staff"]["citra"]
    placement = Placement.objects.get(period=period, employee=citra)
    placement_calibrate(
        placement=placement, ke_kotak=7, alasan="Rekam jejak proyek", actor=people["admin_contoh"]
    )
    PerformanceRecord.objects.filter(employee=citra).update(predikat="butuh_perbaikan")
    result = period_compute(period=period)
    placement = Placement.objects.get(period=period, employee=citra)
    assert (placement.kotak_hitung, placement.kotak_kalibrasi, placement.kotak) == (3, 7, 7)
    assert result.kalibrasi_dipertahankan == 1


def test_compute_writes_an_audit_event(contoh, people):
    period_compute(period=contoh["period"], actor=people["admin_contoh"])
    event = AuditEvent.objects.filter(action="talent.compute").first()
    assert event.actor == people["admin_contoh"]
    assert "4 terpetakan, 2 tidak terpetakan" in event.summary


def test_the_skp_predicate_is_derived_from_both_ratings(contoh, wilayah):
    employee = employee_with(wilayah["kabupaten"], "Gita Matriks", None, "95")
    record = PerformanceRecord.objects.create(
        employee=employee, tahun=2026, predikat="baik", hasil_kerja="atas", perilaku="atas"
    )
    assert record.predikat == "sangat_baik"
    period_compute(period=contoh["period"])
    assert box_of(contoh["period"], employee) == 9


def test_values_written_through_copy_are_escaped():
    assert _copy_text(None) == "\\N"
    assert _copy_text("a\tb\nc\\d") == "a\\tb\\nc\\\\d"
    assert _copy_text(7) == "7"


def test_placements_follow_deletions_without_database_constraints(contoh):
    """Placements carry no database key constraint (a computation writes 100k at once):
    Django's on_delete still removes them with their employee or period, and a deleted unit
    leaves the placement without one."""
    period, staff, units = contoh["period"], contoh["staff"], contoh["units"]
    staff["dedi"].delete()
    assert not Placement.objects.filter(employee_id=staff["dedi"].pk).exists()
    # A unit is deleted once nobody works there any more; the placements keep their snapshot.
    Employee.objects.filter(unit=units["bkd"]).update(unit=units["dinkes"])
    units["bkd"].delete()
    ani = Placement.objects.get(period=period, employee=staff["ani"])
    assert ani.unit_id is None
    period.delete()
    assert not Placement.objects.filter(period_id=period.pk).exists()
    assert Placement.objects.filter(period=contoh["period_lain"]).count() == 1
