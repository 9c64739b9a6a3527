"""The talent committee moves a person with a reason; the computed box stays beside it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agencies.models import AuditEvent
from talent.models import CalibrationEvent, Placement

pytestmark = pytest.mark.django_db


def calibrate_url(period, employee) -> str:
    return reverse("talent:placement_calibrate", args=[period.pk, employee.pk])


def detail_url(period, employee) -> str:
    return reverse("talent:placement_detail", args=[period.pk, employee.pk])


def test_the_agency_admin_moves_a_person_with_a_reason(client, people, contoh):
    period, citra = contoh["period"], contoh["staff"]["citra"]
    client.force_login(people["admin_contoh"])
    response = client.post(
        calibrate_url(period, citra), {"ke_kotak": 7, "alasan": "Memimpin proyek SIASN"}
    )
    assert response.status_code == 302
    placement = Placement.objects.get(period=period, employee=citra)
    assert (placement.kotak_hitung, placement.kotak_kalibrasi, placement.kotak) == (5, 7, 7)
    event = CalibrationEvent.objects.get(period=period, employee=citra)
    assert (event.dari_kotak, event.ke_kotak, event.oleh) == (5, 7, people["admin_contoh"])
    assert AuditEvent.objects.filter(action="talent.calibrate").exists()

    page = client.get(detail_url(period, citra)).content.decode()
    assert "Hasil kalibrasi" in page and "Hasil hitung: kotak 5" in page
    assert "Memimpin proyek SIASN" in page  # in the history table
    assert "Rotasi/pengayaan jabatan" in page  # box 7's follow-up


def test_a_reason_is_required(client, people, contoh):
    period, citra = contoh["period"], contoh["staff"]["citra"]
    client.force_login(people["admin_contoh"])
    response = client.post(
        calibrate_url(period, citra), {"ke_kotak": 7, "alasan": "   "}, follow=True
    )
    assert "isi alasannya" in response.content.decode()
    assert Placement.objects.get(period=period, employee=citra).kotak == 5
    assert not CalibrationEvent.objects.exists()


def test_every_move_is_kept_in_the_history(client, people, contoh):
    period, citra = contoh["period"], contoh["staff"]["citra"]
    client.force_login(people["admin_contoh"])
    client.post(calibrate_url(period, citra), {"ke_kotak": 7, "alasan": "Pertama"})
    client.force_login(people["reviewer_provinsi"])
    client.post(calibrate_url(period, citra), {"ke_kotak": 5, "alasan": "Kembali ke hitungan"})
    placement = Placement.objects.get(period=period, employee=citra)
    # Back on the computed box: no calibration left, but both moves are in the history.
    assert (placement.kotak_kalibrasi, placement.kotak) == (None, 5)
    moves = list(CalibrationEvent.objects.order_by("pk").values_list("dari_kotak", "ke_kotak"))
    assert moves == [(5, 7), (7, 5)]


def test_a_province_reviewer_may_calibrate_the_regencies_under_it(client, people, contoh):
    period, dedi = contoh["period"], contoh["staff"]["dedi"]
    client.force_login(people["reviewer_provinsi"])
    assert "calibration-form" in client.get(detail_url(period, dedi)).content.decode()
    client.post(calibrate_url(period, dedi), {"ke_kotak": 2, "alasan": "Sidang komite"})
    assert Placement.objects.get(period=period, employee=dedi).kotak == 2


def test_an_operator_may_look_but_not_calibrate(client, people, contoh):
    period, dedi = contoh["period"], contoh["staff"]["dedi"]
    client.force_login(people["operator_contoh"])
    assert "calibration-form" not in client.get(detail_url(period, dedi)).content.decode()
    response = client.post(calibrate_url(period, dedi), {"ke_kotak": 2, "alasan": "Coba"})
    assert response.status_code == 403
    assert Placement.objects.get(period=period, employee=dedi).kotak == 1


@pytest.mark.parametrize("username", ["admin_contoh", "reviewer_provinsi"])
def test_another_agencys_committee_gets_not_found(client, people, contoh, username):
    period, lain = contoh["period_lain"], contoh["staff"]["lain"]
    client.force_login(people[username])
    response = client.post(calibrate_url(period, lain), {"ke_kotak": 1, "alasan": "Bukan urusan"})
    assert response.status_code == 404
    assert Placement.objects.get(period=period, employee=lain).kotak == 9


def test_a_not_mappable_person_cannot_be_calibrated_into_a_box(client, people, contoh):
    period, eko = contoh["period"], contoh["staff"]["eko"]
    client.force_login(people["admin_contoh"])
    assert "calibration-form" not in client.get(detail_url(period, eko)).content.decode()
    response = client.post(calibrate_url(period, eko), {"ke_kotak": 9, "alasan": "Paksa"})
    assert response.status_code == 404
    assert Placement.objects.get(period=period, employee=eko).kotak is None


def test_calibration_only_by_post(client, people, contoh):
    client.force_login(people["admin_contoh"])
    response = client.get(calibrate_url(contoh["period"], contoh["staff"]["citra"]))
    assert response.status_code == 405
