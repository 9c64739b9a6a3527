"""Scoring profiles are data; the BKN 411/2025 profile's arithmetic on a worked example, each
placement explained component by component with the thresholds used."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from employees.models import HasilKompetensi, Kompetensi, NilaiKompetensi, Pendidikan
from talent import ninebox
from talent.compute import period_compute
from talent.models import (
    HukumanDisiplin,
    MappingPeriod,
    PerformanceRecord,
    Placement,
    PotentialRecord,
    StandarKompetensi,
    StandarKompetensiLevel,
)
from tests.factories import EmployeeFactory
from tests.talent.test_records_and_periods import settings_post

ACUAN = dt.date(2026, 12, 31)


def bkn(ambang=None) -> ninebox.Pengaturan:
    return ninebox.Pengaturan.from_dict(ninebox.profile_settings("bkn_411_2025", ambang))


def worked_example() -> ninebox.DataPegawai:
    """SKP Baik, an award, half the team assignments, 360 feedback 85; assessment 85,
    development 70, job experience 80, potential test 86, S-2, field match 100, a light
    sanction last year."""
    return ninebox.DataPegawai(
        skp={2026: "baik"},
        kinerja_komponen={
            "penghargaan": Decimal(100),
            "penugasan_tim": Decimal(50),
            "umpan_balik_360": Decimal(85),
        },
        potensial={
            "skor": Decimal(85),
            "pelatihan": Decimal(70),
            "rekam_jejak": Decimal(80),
            "tes_potensi": Decimal(86),
            "kesesuaian_bidang": Decimal(100),
        },
        pendidikan="45",
        hukuman=[("ringan", dt.date(2026, 2, 1))],
    )


def test_the_bkn_profile_arithmetic_on_a_worked_example():
    result = ninebox.place(worked_example(), tahun_skp=2026, tanggal_acuan=ACUAN, pengaturan=bkn())
    # kinerja = 80 x 60 % + 100 x 15 % + 50 x 15 % + 85 x 10 % = 48 + 15 + 7,5 + 8,5 = 79
    assert result.nilai_kinerja == Decimal("79.00")
    assert result.kinerja == "sesuai"  # 79 < 80
    # potensial = 85 x 20 % + 70 x 10 % + 80 x 10 % + 86 x 25 % + S-2 90 x 10 %
    #           + 100 x 10 % + integritas (ringan) 70 x 15 %
    #           = 17 + 7 + 8 + 21,5 + 9 + 10 + 10,5 = 83
    assert result.nilai_potensial == Decimal("83.00")
    assert result.potensial == "tinggi"  # 83 >= 80
    assert result.kotak == 8
    assert result.penjelasan == (
        "Kotak 8: kinerja 79 = SKP 2026 Baik: predikat SKP 80 x 60 % + penghargaan 100 x 15 % "
        "+ penugasan tim 50 x 15 % + umpan balik 360 derajat 85 x 10 %; 79 < 80 dan >= 60: "
        "sesuai ekspektasi; potensial 83 = asesmen kompetensi 85 x 20 % + pengembangan "
        "kompetensi 70 x 10 % + pengalaman jabatan 80 x 10 % + tes potensi 86 x 25 % + "
        "jenjang pendidikan 90 x 10 % + kesesuaian bidang pendidikan 100 x 10 % + integritas "
        "(rekam disiplin) 70 x 15 %; 83 >= 80: tinggi"
    )


@pytest.mark.parametrize(
    ("ambang", "potensial", "kinerja", "box"),
    [
        (("80", "60"), "tinggi", "sesuai", 8),
        (("90", "70"), "menengah", "sesuai", 5),
        (("90", "78"), "menengah", "sesuai", 5),
    ],
)
def test_the_thresholds_are_selectable(ambang, potensial, kinerja, box):
    rules = bkn(tuple(Decimal(a) for a in ambang))
    result = ninebox.place(worked_example(), tahun_skp=2026, tanggal_acuan=ACUAN, pengaturan=rules)
    assert (result.potensial, result.kinerja, result.kotak) == (potensial, kinerja, box)
    assert f"83 < {ambang[0]} dan >= {ambang[1]}: menengah" in result.penjelasan or box == 8


def test_a_blank_award_counts_as_zero_but_a_blank_360_makes_it_unmappable():
    data = worked_example()
    data.kinerja_komponen["penghargaan"] = None
    result = ninebox.place(data, tahun_skp=2026, tanggal_acuan=ACUAN, pengaturan=bkn())
    assert result.nilai_kinerja == Decimal("64.00")
    assert "penghargaan 0 (kosong) x 15 %" in result.penjelasan
    data.kinerja_komponen["umpan_balik_360"] = None
    result = ninebox.place(data, tahun_skp=2026, tanggal_acuan=ACUAN, pengaturan=bkn())
    assert result.kotak is None
    assert result.penjelasan == (
        "Tidak terpetakan: komponen kinerja kosong: umpan balik 360 derajat"
    )


def test_the_current_settings_stay_the_default_profile():
    assert ninebox.default_pengaturan().profil == "merit_bawaan"
    assert ninebox.default_pengaturan().metode_kinerja == "predikat"
    codes = [kode for kode, _nama, _sementara in ninebox.profile_choices()]
    assert codes == ["merit_bawaan", "bkn_411_2025"]


@pytest.mark.django_db
def test_a_period_created_with_the_bkn_profile_computes_and_says_provisional(
    client, people, wilayah, referensi
):
    kab = wilayah["kabupaten"]
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("talent:period_create"),
        {
            "nama": "2026 BKN",
            "tahun_skp": 2026,
            "tanggal_acuan": "2026-12-31",
            "profil": "bkn_411_2025",
            "ambang": "80/60",
        },
    )
    period = MappingPeriod.objects.get(nama="2026 BKN")
    assert response.status_code == 302
    assert period.rules.profil == "bkn_411_2025" and period.rules.sementara
    employee = EmployeeFactory(instansi=kab, nama="Rina Contoh")  # S-1: 80
    PerformanceRecord.objects.create(
        employee=employee,
        tahun=2026,
        predikat="sangat_baik",
        nilai_penghargaan=Decimal(100),
        nilai_penugasan_tim=Decimal(100),
        nilai_umpan_balik_360=Decimal(90),
    )
    PotentialRecord.objects.create(
        employee=employee,
        tanggal=dt.date(2026, 3, 1),
        skor=Decimal(90),
        nilai_pelatihan=Decimal(80),
        nilai_rekam_jejak=Decimal(80),
        nilai_tes_potensi=Decimal(80),
        nilai_kesesuaian_bidang=Decimal(100),
    )
    HukumanDisiplin.objects.create(employee=employee, tingkat="berat", tanggal=dt.date(2020, 1, 1))
    period_compute(period=period)
    placement = period.placements.get(employee=employee)
    # kinerja 100 x .6 + 100 x .15 + 100 x .15 + 90 x .1 = 99; potensial 18 + 8 + 8 + 20 +
    # 8 + 10 + 15 (the 2020 sanction is outside the two years) = 87
    assert (placement.nilai_kinerja, placement.nilai_potensial) == (Decimal(99), Decimal(87))
    assert placement.kotak == 9
    html = client.get(reverse("talent:period_detail", args=[period.pk])).content.decode()
    assert "Profil Keputusan Kepala BKN 411/2025" in html and "sementara" in html


@pytest.mark.django_db
def test_the_settings_threshold_pair_cuts_both_axes_of_a_weighted_profile(
    client, people, wilayah, referensi
):
    period = MappingPeriod.objects.create(
        instansi=wilayah["kabupaten"],
        nama="2026 BKN",
        tahun_skp=2026,
        tanggal_acuan=ACUAN,
        pengaturan=ninebox.profile_settings("bkn_411_2025"),
    )
    client.force_login(people["admin_contoh"])
    data = settings_post(ambang_tinggi="90", ambang_menengah="70", metode="bobot")
    for component, weight in period.rules.bobot.items():
        data[f"bobot_{component}"] = str(weight)
    response = client.post(reverse("talent:period_settings", args=[period.pk]), data)
    assert response.status_code == 302
    rules = MappingPeriod.objects.get(pk=period.pk).rules
    assert (rules.ambang_tinggi, rules.ambang_menengah) == (Decimal(90), Decimal(70))
    assert (rules.kinerja_ambang_tinggi, rules.kinerja_ambang_menengah) == (90, 70)
    assert rules.bobot["integritas"] == Decimal(15)


# --- #13: the assessment score from the latest competency result's JPM --------------------


def test_a_missing_assessment_score_is_taken_from_the_jpm_only_when_the_settings_say_so():
    data = worked_example()
    data.potensial = {**(data.potensial or {}), "skor": None}
    data.jpm = (Decimal(85), "85 % (Optimal)")
    off = ninebox.place(data, tahun_skp=2026, tanggal_acuan=ACUAN, pengaturan=bkn())
    assert off.kotak is None
    assert off.penjelasan == "Tidak terpetakan: komponen potensial kosong: asesmen kompetensi"
    settings = ninebox.profile_settings("bkn_411_2025")
    settings["potensial"]["skor_dari_jpm"] = True
    rules = ninebox.Pengaturan.from_dict(settings)
    on = ninebox.place(data, tahun_skp=2026, tanggal_acuan=ACUAN, pengaturan=rules)
    # JPM 85 % stands where the assessment score 85 stood: the same 83 as the worked example.
    assert (on.nilai_potensial, on.kotak) == (Decimal("83.00"), 8)
    assert "asesmen kompetensi 85 x 20 %" in on.penjelasan
    assert on.penjelasan.endswith(
        "; skor asesmen 85 diambil dari JPM 85 % (Optimal) (hasil kompetensi terakhir "
        "terhadap jabatan sekarang; pengaturan periode)"
    )
    # A score on the record wins over the JPM.
    data.potensial["skor"] = Decimal(60)
    own = ninebox.place(data, tahun_skp=2026, tanggal_acuan=ACUAN, pengaturan=rules)
    assert "asesmen kompetensi 60 x 20 %" in own.penjelasan and "JPM" not in own.penjelasan


@pytest.mark.django_db
def test_the_period_settings_feed_the_potential_axis_from_the_competency_result(
    client, people, wilayah, referensi
):
    """Sari has no assessment score on her potential record but a competency result meeting
    her post's standard in full (JPM 100 %); Tono has the score 100 on his record; Umar has
    neither. With the setting on, Sari gets Tono's potential; Umar stays unplaced."""
    kab = wilayah["kabupaten"]
    period = MappingPeriod.objects.create(
        instansi=kab,
        nama="2026 BKN",
        tahun_skp=2026,
        tanggal_acuan=ACUAN,
        pengaturan=ninebox.profile_settings("bkn_411_2025"),
    )
    standar = StandarKompetensi.objects.create(instansi=kab, nama_jabatan="Analis SDM Aparatur")
    people_by_name = {}
    for nama, skor in (("Sari", None), ("Tono", Decimal(100)), ("Umar", None)):
        employee = EmployeeFactory(instansi=kab, nama=nama, jabatan="Analis SDM Aparatur")
        PerformanceRecord.objects.create(
            employee=employee,
            tahun=2026,
            predikat="baik",
            nilai_penghargaan=Decimal(100),
            nilai_penugasan_tim=Decimal(50),
            nilai_umpan_balik_360=Decimal(85),
        )
        PotentialRecord.objects.create(
            employee=employee,
            tanggal=dt.date(2026, 3, 1),
            sumber="Asesmen 2026",
            skor=skor,
            nilai_pelatihan=Decimal(70),
            nilai_rekam_jejak=Decimal(80),
            nilai_tes_potensi=Decimal(86),
            nilai_kesesuaian_bidang=Decimal(100),
        )
        people_by_name[nama] = employee
    hasil = HasilKompetensi.objects.create(
        employee=people_by_name["Sari"], tanggal=dt.date(2026, 5, 1)
    )
    for kompetensi in Kompetensi.objects.all():
        StandarKompetensiLevel.objects.create(standar=standar, kompetensi=kompetensi, level=3)
        NilaiKompetensi.objects.create(hasil=hasil, kompetensi=kompetensi, level=3)

    def placed(nama):
        return Placement.objects.get(period=period, employee=people_by_name[nama])

    period_compute(period=period)
    assert placed("Sari").kotak is None  # the setting is off by default
    client.force_login(people["admin_contoh"])
    data = settings_post(metode="bobot", skor_dari_jpm="on")
    data.pop("kecualikan_hukuman")
    for component, weight in period.rules.bobot.items():
        data[f"bobot_{component}"] = str(weight)
    response = client.post(reverse("talent:period_settings", args=[period.pk]), data)
    assert response.status_code == 302
    period = MappingPeriod.objects.get(pk=period.pk)  # the rules are cached per instance
    assert period.rules.skor_dari_jpm
    period_compute(period=period)
    sari, tono, umar = placed("Sari"), placed("Tono"), placed("Umar")
    assert sari.kotak is not None
    assert sari.nilai_potensial == tono.nilai_potensial
    assert "asesmen kompetensi 100 x 20 %" in sari.penjelasan
    assert "skor asesmen 100 diambil dari JPM 100 %" in sari.penjelasan
    assert "JPM" not in tono.penjelasan
    assert umar.kotak is None and "asesmen kompetensi" in umar.penjelasan


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("penugasan_tim", "umpan_balik_360", "pelatihan"),
    [("50", "85", "70"), ("50.29", "85.07", "70.01"), (None, "99.99", "0.29")],
)
def test_a_computed_placement_stores_the_explanation_of_the_rules(
    wilayah, referensi, penugasan_tim, umpan_balik_360, pelatihan
):
    """The computation reads the components from the database as whole hundredths (the rules
    then weigh integers); the stored explanation and values are those of the rules on the
    same numbers as Decimals, the worked example included (SQLite keeps 0.29 as a float)."""
    kab = wilayah["kabupaten"]
    period = MappingPeriod.objects.create(
        instansi=kab,
        nama="2026 BKN",
        tahun_skp=2026,
        tanggal_acuan=ACUAN,
        pengaturan=ninebox.profile_settings("bkn_411_2025"),
    )
    data = worked_example()
    data.kinerja_komponen["penugasan_tim"] = Decimal(penugasan_tim) if penugasan_tim else None
    data.kinerja_komponen["umpan_balik_360"] = Decimal(umpan_balik_360)
    assert data.potensial is not None
    data.potensial["pelatihan"] = Decimal(pelatihan)
    employee = EmployeeFactory(
        instansi=kab, nama="Wira Contoh", pendidikan=Pendidikan.objects.get(kode=data.pendidikan)
    )
    PerformanceRecord.objects.create(
        employee=employee,
        tahun=2026,
        predikat="baik",
        **{f"nilai_{k}": v for k, v in data.kinerja_komponen.items()},
    )
    PotentialRecord.objects.create(
        employee=employee,
        tanggal=dt.date(2026, 3, 1),
        **{PotentialRecord.COMPONENT_FIELDS[k]: v for k, v in data.potensial.items()},
    )
    tingkat, tanggal = data.hukuman[0]
    HukumanDisiplin.objects.create(employee=employee, tingkat=tingkat, tanggal=tanggal)
    period_compute(period=period)
    placement = period.placements.get(employee=employee)
    expected = ninebox.place(data, tahun_skp=2026, tanggal_acuan=ACUAN, pengaturan=period.rules)
    assert placement.penjelasan == expected.penjelasan
    assert (placement.nilai_kinerja, placement.nilai_potensial, placement.kotak) == (
        expected.nilai_kinerja,
        expected.nilai_potensial,
        expected.kotak,
    )
    if penugasan_tim == "50":  # the worked example itself
        assert placement.penjelasan == (
            "Kotak 8: kinerja 79 = SKP 2026 Baik: predikat SKP 80 x 60 % + penghargaan 100 x "
            "15 % + penugasan tim 50 x 15 % + umpan balik 360 derajat 85 x 10 %; 79 < 80 dan "
            ">= 60: sesuai ekspektasi; potensial 83 = asesmen kompetensi 85 x 20 % + "
            "pengembangan kompetensi 70 x 10 % + pengalaman jabatan 80 x 10 % + tes potensi 86 "
            "x 25 % + jenjang pendidikan 90 x 10 % + kesesuaian bidang pendidikan 100 x 10 % + "
            "integritas (rekam disiplin) 70 x 15 %; 83 >= 80: tinggi"
        )
