"""The nine-box rules on their own: boxes, labels, thresholds, reasons, explanations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from talent import ninebox
from talent.ninebox import DataPegawai, Pengaturan, PengaturanTidakSah, place

ACUAN = dt.date(2026, 12, 31)


def rules(**changes) -> Pengaturan:
    data = ninebox.default_settings()
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    return Pengaturan.from_dict(data)


def placed(predikat: str | None, skor: str | None, **kwargs) -> ninebox.Penempatan:
    data = DataPegawai(
        skp={2026: predikat} if predikat else {},
        potensial=None if skor is None else {"skor": Decimal(skor)},
        **kwargs,
    )
    return place(data, tahun_skp=2026, tanggal_acuan=ACUAN, pengaturan=rules())


# Every box of the map in docs/domain.md (section 3): 4/7/9 on top, 2/5/8, 1/3/6.
@pytest.mark.parametrize(
    ("predikat", "skor", "box"),
    [
        ("sangat_baik", "60", 4),
        ("sangat_baik", "84", 7),
        ("sangat_baik", "95", 9),
        ("baik", "60", 2),
        ("baik", "84", 5),
        ("baik", "95", 8),
        ("butuh_perbaikan", "60", 1),
        ("kurang", "84", 3),
        ("sangat_kurang", "95", 6),
    ],
)
def test_every_box_of_the_map(predikat, skor, box):
    assert placed(predikat, skor).kotak == box


def test_the_grid_is_drawn_with_high_performance_on_top_and_low_potential_on_the_left():
    assert rules().rows() == [[4, 7, 9], [2, 5, 8], [1, 3, 6]]


def test_labels_say_both_axes_in_indonesian():
    assert rules().label(9) == "Kinerja di atas ekspektasi dan potensial tinggi"
    assert rules().label(1) == "Kinerja di bawah ekspektasi dan potensial rendah"
    assert rules().label(5) == "Kinerja sesuai ekspektasi dan potensial menengah"


def test_each_box_has_its_follow_up_and_the_succession_groups_are_data():
    r = rules()
    assert "Penghargaan" in r.recommendation(9)
    assert r.recommendation(1) == ("Diproses sesuai ketentuan peraturan perundang-undangan",)
    assert all(r.recommendation(box) for box in range(1, 10))
    assert r.succession_groups(9) == ["instansi", "nasional"]
    assert r.succession_groups(7) == ["instansi"]
    assert r.succession_groups(6) == []


@pytest.mark.parametrize(
    ("skor", "level"),
    [
        ("100", "tinggi"),
        ("90", "tinggi"),
        ("89.99", "menengah"),
        ("78", "menengah"),
        ("77.99", "rendah"),
        ("0", "rendah"),
    ],
)
def test_potential_threshold_edges(skor, level):
    assert ninebox.potential_level(Decimal(skor), rules()) == level


def test_thresholds_come_from_the_period_settings():
    other = rules(potensial={"ambang_tinggi": "80", "ambang_menengah": "60"})
    assert ninebox.potential_level(Decimal("80"), other) == "tinggi"
    assert ninebox.potential_level(Decimal("79.99"), other) == "menengah"
    assert ninebox.potential_level(Decimal("59.99"), other) == "rendah"


def test_a_placement_explains_itself():
    result = placed("sangat_baik", "84")
    assert result.penjelasan == (
        "Kotak 7: SKP 2026 Sangat Baik -> di atas ekspektasi; potensial 84 -> menengah"
    )
    assert placed("baik", "89.99").penjelasan.endswith("potensial 89,99 -> menengah")


def test_the_predicate_mapping_is_data():
    strict = rules(predikat_ke_kinerja={"baik": "bawah"})
    result = place(
        DataPegawai(skp={2026: "baik"}, potensial={"skor": Decimal(95)}),
        tahun_skp=2026,
        tanggal_acuan=ACUAN,
        pengaturan=strict,
    )
    assert result.kinerja == "bawah" and result.kotak == 6


def test_the_box_numbering_is_data():
    data = ninebox.default_settings()
    data["peta_kotak"]["atas"]["tinggi"], data["peta_kotak"]["bawah"]["rendah"] = 1, 9
    other = Pengaturan.from_dict(data)
    assert other.box("atas", "tinggi") == 1
    assert other.label(1) == "Kinerja di atas ekspektasi dan potensial tinggi"


# --- not mappable: every reason -------------------------------------------------------


def test_without_an_skp_for_the_year_the_employee_is_not_mappable():
    result = placed(None, "95")
    assert result.kotak is None and result.alasan == ["tanpa_skp"]
    assert result.penjelasan == "Tidak terpetakan: tidak ada SKP tahun 2026"


def test_an_skp_of_another_year_does_not_count():
    result = place(
        DataPegawai(skp={2025: "sangat_baik"}, potensial={"skor": Decimal(95)}),
        tahun_skp=2026,
        tanggal_acuan=ACUAN,
        pengaturan=rules(),
    )
    assert result.alasan == ["tanpa_skp"]


def test_without_potential_data_the_employee_is_not_mappable():
    result = placed("sangat_baik", None)
    assert result.kotak is None and result.alasan == ["tanpa_potensial"]
    assert "tidak ada data potensial" in result.penjelasan


def test_both_axes_missing_gives_both_reasons():
    result = placed(None, None)
    assert result.alasan == ["tanpa_skp", "tanpa_potensial"]


def test_a_weighted_formula_with_a_missing_component_is_not_mappable():
    weighted = rules(potensial={"metode": "bobot", "bobot": {"skor": "0.6", "rekam_jejak": "0.4"}})
    data = DataPegawai(skp={2026: "baik"}, potensial={"skor": Decimal(90), "rekam_jejak": None})
    result = place(data, tahun_skp=2026, tanggal_acuan=ACUAN, pengaturan=weighted)
    assert result.alasan == ["komponen_kosong"]
    assert "nilai rekam jejak" in result.penjelasan


def test_a_weighted_formula_combines_the_components():
    weighted = rules(potensial={"metode": "bobot", "bobot": {"skor": "0.6", "rekam_jejak": "0.4"}})
    data = DataPegawai(
        skp={2026: "baik"}, potensial={"skor": Decimal(95), "rekam_jejak": Decimal(80)}
    )
    result = place(data, tahun_skp=2026, tanggal_acuan=ACUAN, pengaturan=weighted)
    assert result.nilai_potensial == Decimal("89.00")
    assert (result.potensial, result.kotak) == ("menengah", 5)
    assert "komposit berbobot" in result.penjelasan


def test_a_predicate_left_out_of_the_mapping_is_not_mappable():
    data = ninebox.default_settings()
    del data["predikat_ke_kinerja"]["kurang"]
    result = place(
        DataPegawai(skp={2026: "kurang"}, potensial={"skor": Decimal(95)}),
        tahun_skp=2026,
        tanggal_acuan=ACUAN,
        pengaturan=Pengaturan.from_dict(data),
    )
    assert result.alasan == ["predikat_tidak_dipetakan"]


def test_the_two_year_rule_needs_last_years_skp_and_takes_the_lower_level():
    two_years = rules(kinerja_dua_tahun=True)
    missing = place(
        DataPegawai(skp={2026: "sangat_baik"}, potensial={"skor": Decimal(95)}),
        tahun_skp=2026,
        tanggal_acuan=ACUAN,
        pengaturan=two_years,
    )
    assert missing.alasan == ["tanpa_skp_sebelumnya"]
    assert "tidak ada SKP tahun 2025" in missing.penjelasan
    both = place(
        DataPegawai(skp={2026: "sangat_baik", 2025: "baik"}, potensial={"skor": Decimal(95)}),
        tahun_skp=2026,
        tanggal_acuan=ACUAN,
        pengaturan=two_years,
    )
    assert (both.kinerja, both.kotak) == ("sesuai", 8)
    assert "SKP 2025 Baik" in both.penjelasan


def test_a_medium_sanction_in_the_last_two_years_excludes_the_employee():
    result = placed("sangat_baik", "95", hukuman=[("sedang", dt.date(2025, 3, 1))])
    assert result.kotak is None and result.alasan == ["hukuman_disiplin"]
    assert "hukuman disiplin sedang tanggal 1 Mar 2025" in result.penjelasan


@pytest.mark.parametrize(
    "hukuman",
    [
        [("ringan", dt.date(2026, 3, 1))],  # light sanctions do not exclude
        [("berat", dt.date(2024, 12, 31))],  # exactly two years before: outside the window
        [("berat", dt.date(2027, 1, 2))],  # after the reference date
    ],
)
def test_sanctions_outside_the_rule_do_not_exclude(hukuman):
    assert placed("sangat_baik", "95", hukuman=hukuman).kotak == 9


def test_the_sanction_rule_can_be_turned_off():
    lenient = rules(kelayakan={"kecualikan_hukuman_disiplin": False})
    data = DataPegawai(
        skp={2026: "sangat_baik"},
        potensial={"skor": Decimal(95)},
        hukuman=[("berat", dt.date(2026, 1, 1))],
    )
    assert place(data, tahun_skp=2026, tanggal_acuan=ACUAN, pengaturan=lenient).kotak == 9


# --- the SKP predicate matrix (Permen PANRB 6/2022) -----------------------------------


@pytest.mark.parametrize(
    ("hasil_kerja", "perilaku", "predikat"),
    [
        ("atas", "atas", "sangat_baik"),
        ("atas", "sesuai", "baik"),
        ("atas", "bawah", "kurang"),
        ("sesuai", "atas", "baik"),
        ("sesuai", "sesuai", "baik"),
        ("sesuai", "bawah", "kurang"),
        ("bawah", "atas", "butuh_perbaikan"),
        ("bawah", "sesuai", "butuh_perbaikan"),
        ("bawah", "bawah", "sangat_kurang"),
    ],
)
def test_the_skp_predicate_matrix(hasil_kerja, perilaku, predikat):
    matriks = rules().matriks_predikat
    assert ninebox.derive_predikat(hasil_kerja, perilaku, matriks) == predikat


# --- settings validation --------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"potensial": {"ambang_tinggi": "70", "ambang_menengah": "78"}}, "menengah < tinggi"),
        ({"potensial": {"ambang_tinggi": "sembilan puluh"}}, "harus berupa angka"),
        ({"potensial": {"metode": "acak"}}, "Metode potensial"),
        ({"predikat_ke_kinerja": {"baik": "luar biasa"}}, "Pemetaan predikat"),
        ({"kelayakan": {"tingkat_hukuman": ["fatal"]}}, "Tingkat hukuman"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(change, message):
    with pytest.raises(PengaturanTidakSah, match=message):
        rules(**change)


def test_a_box_map_that_repeats_a_number_is_refused():
    data = ninebox.default_settings()
    data["peta_kotak"]["atas"]["tinggi"] = 1
    with pytest.raises(PengaturanTidakSah, match="1 sampai 9"):
        Pengaturan.from_dict(data)


# --- retirement ------------------------------------------------------------------------


def test_years_to_retirement_use_the_age_for_the_job_type():
    r = rules()
    born = dt.date(1970, 6, 15)
    on = dt.date(2026, 1, 1)
    # Pelaksana retires at 58 (mid-2028), JPT at 60 (mid-2030): both are settings.
    assert ninebox.years_to_retirement(born, on, "pelaksana", r) == 2
    assert ninebox.years_to_retirement(born, on, "jpt_pratama", r) == 4
    assert ninebox.years_to_retirement(dt.date(1960, 1, 1), on, "pelaksana", r) == 0
