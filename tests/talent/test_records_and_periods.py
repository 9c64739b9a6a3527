"""Admins enter SKP and potential records in the browser, create periods, change settings
and compute."""

from __future__ import annotations

import pytest
from django.urls import reverse

from talent.models import MappingPeriod, PerformanceRecord, Placement, PotentialRecord
from tests.factories import employee_with

pytestmark = pytest.mark.django_db


def test_an_admin_enters_an_skp_and_the_predicate_follows_the_matrix(client, people, contoh):
    citra = contoh["staff"]["citra"]
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("talent:record_create", args=["kinerja"]),
        {
            "nip": citra.nip[:8]
            + " "
            + citra.nip[8:14]
            + " "
            + citra.nip[14]
            + " "
            + citra.nip[15:],
            "tahun": 2025,
            "predikat": "baik",
            "hasil_kerja": "bawah",
            "perilaku": "bawah",
        },
    )
    assert response.status_code == 302
    record = PerformanceRecord.objects.get(employee=citra, tahun=2025)
    assert record.predikat == "sangat_kurang"
    assert record.history.count() == 1


def test_a_second_skp_for_the_same_year_is_refused(client, people, contoh):
    citra = contoh["staff"]["citra"]
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("talent:record_create", args=["kinerja"]),
        {"nip": citra.nip, "tahun": 2026, "predikat": "sangat_baik"},
    )
    assert response.status_code == 200
    assert "sudah punya data SKP tahun tersebut" in response.content.decode()
    assert PerformanceRecord.objects.get(employee=citra, tahun=2026).predikat == "baik"


def test_an_employee_of_another_agency_cannot_be_given_records(client, people, contoh):
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("talent:record_create", args=["potensial"]),
        {"nip": contoh["staff"]["lain"].nip, "tanggal": "2026-05-01", "skor": "99"},
    )
    assert "Tidak ada pegawai dengan NIP ini di instansi Anda" in response.content.decode()
    assert not PotentialRecord.objects.filter(skor=99).exists()


def test_potential_scores_outside_0_to_100_are_refused(client, people, contoh):
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("talent:record_create", args=["potensial"]),
        {"nip": contoh["staff"]["eko"].nip, "tanggal": "2026-05-01", "skor": "120"},
    )
    assert response.status_code == 200
    assert not PotentialRecord.objects.filter(employee=contoh["staff"]["eko"], skor=120).exists()


def test_records_are_edited_and_listed_only_within_the_agency(client, people, contoh):
    lain_record = PotentialRecord.objects.get(employee=contoh["staff"]["lain"])
    own_record = PotentialRecord.objects.get(employee=contoh["staff"]["citra"])
    client.force_login(people["admin_contoh"])
    listed = list(client.get(reverse("talent:record_list", args=["potensial"])).context["page"])
    assert own_record in listed and lain_record not in listed
    url = reverse("talent:record_edit", args=["potensial", lain_record.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        reverse("talent:record_edit", args=["potensial", own_record.pk]),
        {"nip": "ignored", "tanggal": "2026-03-01", "sumber": "Asesmen ulang", "skor": "91"},
    )
    assert response.status_code == 302
    own_record.refresh_from_db()
    assert own_record.skor == 91 and own_record.employee == contoh["staff"]["citra"]
    client.force_login(people["operator_contoh"])
    assert client.get(reverse("talent:record_list", args=["kinerja"])).status_code == 403
    client.force_login(people["admin_contoh"])
    assert client.get(reverse("talent:record_list", args=["lainnya"])).status_code == 404


def test_an_admin_creates_a_period_with_the_default_settings(client, people, wilayah, referensi):
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("talent:period_create"),
        {"nama": "2027", "tahun_skp": 2027, "tanggal_acuan": "2027-12-31"},
    )
    period = MappingPeriod.objects.get(nama="2027")
    assert response.status_code == 302 and period.instansi == wilayah["kabupaten"]
    assert period.rules.ambang_tinggi == 90 and period.rules.box("atas", "tinggi") == 9
    duplicate = client.post(
        reverse("talent:period_create"),
        {"nama": "2027", "tahun_skp": 2027, "tanggal_acuan": "2027-12-31"},
    )
    assert "sudah ada" in duplicate.content.decode()
    client.force_login(people["reviewer_provinsi"])
    assert client.get(reverse("talent:period_create")).status_code == 403


def settings_post(**changes) -> dict:
    data = {
        "ambang_tinggi": "90",
        "ambang_menengah": "78",
        "metode": "skor",
        "tahun_hukuman": "2",
        "kecualikan_hukuman": "on",
        "bobot_skor": "1",
        "predikat_sangat_baik": "atas",
        "predikat_baik": "sesuai",
        "predikat_butuh_perbaikan": "bawah",
        "predikat_kurang": "bawah",
        "predikat_sangat_kurang": "bawah",
    }
    data.update(changes)
    return data


def test_changed_thresholds_are_a_new_settings_version_applied_on_recompute(client, people, contoh):
    period, citra = contoh["period"], contoh["staff"]["citra"]
    client.force_login(people["admin_contoh"])
    url = reverse("talent:period_settings", args=[period.pk])
    response = client.post(url, settings_post(ambang_tinggi="80", ambang_menengah="60"))
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.versi_pengaturan == 2 and period.pengaturan["potensial"]["ambang_tinggi"] == "80"
    # The earlier version stays readable in the history.
    assert set(period.history.values_list("versi_pengaturan", flat=True)) == {1, 2}
    first = period.history.filter(versi_pengaturan=1).first()
    assert first.pengaturan["potensial"]["ambang_tinggi"] == "90"
    # Nothing moves until the admin recomputes.
    assert Placement.objects.get(period=period, employee=citra).kotak == 5
    client.post(reverse("talent:period_compute", args=[period.pk]))
    placement = Placement.objects.get(period=period, employee=citra)
    assert (placement.kotak, placement.versi_pengaturan) == (8, 2)


def test_inconsistent_thresholds_are_refused(client, people, contoh):
    period = contoh["period"]
    client.force_login(people["admin_contoh"])
    url = reverse("talent:period_settings", args=[period.pk])
    response = client.post(url, settings_post(ambang_tinggi="70", ambang_menengah="78"))
    assert response.status_code == 200
    assert "menengah &lt; tinggi" in response.content.decode()
    period.refresh_from_db()
    assert period.versi_pengaturan == 1


def test_compute_asks_for_confirmation_and_is_only_for_managers(client, people, contoh, wilayah):
    period = contoh["period"]
    employee_with(wilayah["kabupaten"], "Baru Masuk", "baik", "70")
    client.force_login(people["admin_contoh"])
    url = reverse("talent:period_compute", args=[period.pk])
    assert "Ya, hitung sekarang" in client.get(url).content.decode()
    assert Placement.objects.filter(period=period).count() == 6  # GET changed nothing
    client.post(url)
    assert Placement.objects.filter(period=period).count() == 7
    client.force_login(people["operator_contoh"])
    assert client.post(url).status_code == 403
    client.force_login(people["admin_lain"])
    assert client.post(url).status_code == 404


def test_settings_are_only_for_the_agencys_manager(client, people, contoh):
    url = reverse("talent:period_settings", args=[contoh["period"].pk])
    client.force_login(people["operator_contoh"])
    assert client.get(url).status_code == 403
    client.force_login(people["admin_lain"])
    assert client.get(url).status_code == 404
    client.force_login(people["admin_contoh"])
    assert client.get(url).status_code == 200


def test_a_superadmin_creates_a_period_for_a_named_agency(client, people, wilayah, referensi):
    client.force_login(people["superadmin"])
    assert client.get(reverse("talent:period_create")).status_code == 404  # which agency?
    url = reverse("talent:period_create") + f"?instansi={wilayah['kota'].pk}"
    response = client.post(
        url,
        {
            "instansi": wilayah["kota"].pk,
            "nama": "2026",
            "tahun_skp": 2026,
            "tanggal_acuan": "2026-12-31",
        },
    )
    assert response.status_code == 302
    assert MappingPeriod.objects.get(nama="2026").instansi == wilayah["kota"]
