"""The nine-box rules, free of Django requests and of the database.

Everything an agency may choose (how an SKP predicate maps to a performance level, the
potential thresholds and weights, the eligibility rule, even the box numbering) arrives as a
`Pengaturan` built from the period's stored settings; the defaults live in
`talent/data/pengaturan_bawaan.json`, not in this module. What stays here are the two axes and
their three levels (Permen PANRB 3/2020) and the five SKP predicates (Permen PANRB 6/2022).

Texts that end up stored in a placement (its explanation) are written in Indonesian on purpose:
they are part of the agency's record, like a decree, and must not change with the reader's
language."""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from core import formats

DEFAULTS_FILE = Path(__file__).resolve().parent / "data" / "pengaturan_bawaan.json"

# The axes, lowest first. Codes are stored; labels are shown.
KINERJA = ("bawah", "sesuai", "atas")
POTENSIAL = ("rendah", "menengah", "tinggi")
KINERJA_LABEL = {
    "bawah": "di bawah ekspektasi",
    "sesuai": "sesuai ekspektasi",
    "atas": "di atas ekspektasi",
}
POTENSIAL_LABEL = {"rendah": "rendah", "menengah": "menengah", "tinggi": "tinggi"}
# The behaviour and work-result ratings of an SKP use the same three words as the kinerja axis.
RATING = KINERJA

PREDIKAT = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
PREDIKAT_LABEL = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang/Misconduct",
    "sangat_kurang": "Sangat Kurang",
}

POTENTIAL_COMPONENTS = ("skor", "pendidikan", "pelatihan", "pangkat", "rekam_jejak")
COMPONENT_LABEL = {
    "skor": "skor asesmen",
    "pendidikan": "nilai pendidikan",
    "pelatihan": "nilai pelatihan",
    "pangkat": "nilai pangkat",
    "rekam_jejak": "nilai rekam jejak",
}
HUKUMAN_TINGKAT = ("ringan", "sedang", "berat")

# Why an employee is not placed in a box. Codes are stored on the placement.
ALASAN = {
    "tanpa_skp": "tidak ada SKP tahun {tahun}",
    "tanpa_skp_sebelumnya": "aturan dua tahun: tidak ada SKP tahun {tahun}",
    "predikat_tidak_dipetakan": "predikat SKP {predikat} tidak dipetakan dalam pengaturan periode",
    "tanpa_potensial": "tidak ada data potensial",
    "komponen_kosong": "komponen potensial kosong: {komponen}",
    "hukuman_disiplin": (
        "tidak memenuhi syarat: hukuman disiplin {tingkat} tanggal {tanggal} "
        "(dalam {tahun} tahun terakhir)"
    ),
}


class PengaturanTidakSah(ValueError):
    """Settings that cannot be used; the message is Indonesian and shown to the admin."""


def _decimal(value: object, name: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise PengaturanTidakSah(f"{name} harus berupa angka, bukan {value!r}.") from exc
    if not number.is_finite():
        raise PengaturanTidakSah(f"{name} harus berupa angka.")
    return number


@cache
def _default_text() -> str:
    return DEFAULTS_FILE.read_text(encoding="utf-8")


def default_settings() -> dict[str, Any]:
    """A fresh copy of the shipped default settings, ready to store on a new period."""
    return copy.deepcopy(json.loads(_default_text()))


@dataclass(frozen=True)
class Pengaturan:
    peta_kotak: dict[str, dict[str, int]]
    matriks_predikat: dict[str, dict[str, str]]
    predikat_ke_kinerja: dict[str, str]
    kinerja_dua_tahun: bool
    metode_potensial: str
    ambang_tinggi: Decimal
    ambang_menengah: Decimal
    bobot: dict[str, Decimal]
    kecualikan_hukuman: bool
    tingkat_hukuman: tuple[str, ...]
    tahun_hukuman: int
    tindak_lanjut: dict[int, tuple[str, ...]]
    suksesi_instansi: tuple[int, ...]
    suksesi_nasional: tuple[int, ...]
    bup_bawaan: int
    bup_per_jenis: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pengaturan:
        """Validate stored settings; raise PengaturanTidakSah with a clear message."""
        try:
            peta = {k: {p: int(n) for p, n in row.items()} for k, row in data["peta_kotak"].items()}
            matriks = {h: dict(row) for h, row in data["matriks_predikat"].items()}
            predikat_map = dict(data["predikat_ke_kinerja"])
            pot = data["potensial"]
            kelayakan = data.get("kelayakan", {})
            suksesi = data["kelompok_suksesi"]
            bup = data["batas_usia_pensiun"]
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise PengaturanTidakSah(f"Pengaturan tidak lengkap: {exc}.") from exc
        if set(peta) != set(KINERJA) or any(set(r) != set(POTENSIAL) for r in peta.values()):
            raise PengaturanTidakSah("Peta kotak harus memuat 3 x 3 tingkat kinerja dan potensial.")
        numbers = sorted(n for row in peta.values() for n in row.values())
        if numbers != list(range(1, 10)):
            raise PengaturanTidakSah(
                "Peta kotak harus memakai nomor 1 sampai 9 masing-masing sekali."
            )
        if set(matriks) != set(RATING) or any(
            set(r) != set(RATING) or not set(r.values()) <= set(PREDIKAT) for r in matriks.values()
        ):
            raise PengaturanTidakSah("Matriks predikat SKP harus 3 x 3 dengan predikat yang sah.")
        if not set(predikat_map) <= set(PREDIKAT) or not set(predikat_map.values()) <= set(KINERJA):
            raise PengaturanTidakSah("Pemetaan predikat ke tingkat kinerja tidak sah.")
        metode = pot.get("metode", "skor")
        if metode not in ("skor", "bobot"):
            raise PengaturanTidakSah("Metode potensial harus 'skor' atau 'bobot'.")
        tinggi = _decimal(pot.get("ambang_tinggi"), "Ambang potensial tinggi")
        menengah = _decimal(pot.get("ambang_menengah"), "Ambang potensial menengah")
        if not Decimal(0) <= menengah < tinggi <= Decimal(100):
            raise PengaturanTidakSah("Ambang potensial harus 0 <= menengah < tinggi <= 100.")
        bobot = {k: _decimal(v, f"Bobot {k}") for k, v in (pot.get("bobot") or {}).items()}
        if not set(bobot) <= set(POTENTIAL_COMPONENTS):
            raise PengaturanTidakSah("Bobot potensial memuat komponen yang tidak dikenal.")
        if metode == "bobot" and (
            any(v < 0 for v in bobot.values()) or sum(bobot.values(), Decimal(0)) <= 0
        ):
            raise PengaturanTidakSah("Bobot potensial harus positif dan berjumlah lebih dari 0.")
        tingkat = tuple(kelayakan.get("tingkat_hukuman", ()))
        if not set(tingkat) <= set(HUKUMAN_TINGKAT):
            raise PengaturanTidakSah("Tingkat hukuman disiplin tidak dikenal.")
        return cls(
            peta_kotak=peta,
            matriks_predikat=matriks,
            predikat_ke_kinerja=predikat_map,
            kinerja_dua_tahun=bool(data.get("kinerja_dua_tahun", False)),
            metode_potensial=metode,
            ambang_tinggi=tinggi,
            ambang_menengah=menengah,
            bobot=bobot,
            kecualikan_hukuman=bool(kelayakan.get("kecualikan_hukuman_disiplin", False)),
            tingkat_hukuman=tingkat,
            tahun_hukuman=int(kelayakan.get("tahun_hukuman", 2)),
            tindak_lanjut={int(k): tuple(v) for k, v in (data.get("tindak_lanjut") or {}).items()},
            suksesi_instansi=tuple(int(n) for n in suksesi.get("instansi", ())),
            suksesi_nasional=tuple(int(n) for n in suksesi.get("nasional", ())),
            bup_bawaan=int(bup.get("bawaan", 58)),
            bup_per_jenis={k: int(v) for k, v in (bup.get("per_jenis_jabatan") or {}).items()},
        )

    # --- the grid -----------------------------------------------------------------------

    def box(self, kinerja: str, potensial: str) -> int:
        return self.peta_kotak[kinerja][potensial]

    def levels(self, box: int) -> tuple[str, str]:
        """The (kinerja, potensial) of a box number: the inverse of the map."""
        for kinerja, row in self.peta_kotak.items():
            for potensial, number in row.items():
                if number == box:
                    return kinerja, potensial
        raise KeyError(box)

    def rows(self) -> list[list[int]]:
        """Box numbers as drawn: top row di atas ekspektasi, left column potensial rendah."""
        return [[self.box(k, p) for p in POTENSIAL] for k in reversed(KINERJA)]

    def label(self, box: int) -> str:
        kinerja, potensial = self.levels(box)
        return f"Kinerja {KINERJA_LABEL[kinerja]} dan potensial {POTENSIAL_LABEL[potensial]}"

    def recommendation(self, box: int) -> tuple[str, ...]:
        return self.tindak_lanjut.get(box, ())

    def succession_groups(self, box: int) -> list[str]:
        groups = []
        if box in self.suksesi_instansi:
            groups.append("instansi")
        if box in self.suksesi_nasional:
            groups.append("nasional")
        return groups

    def retirement_age(self, jenis_jabatan: str | None) -> int:
        return self.bup_per_jenis.get(jenis_jabatan or "", self.bup_bawaan)


@cache
def default_pengaturan() -> Pengaturan:
    return Pengaturan.from_dict(default_settings())


def derive_predikat(hasil_kerja: str, perilaku: str, matriks: dict[str, dict[str, str]]) -> str:
    """The SKP predicate from the work-result and behaviour ratings (Permen PANRB 6/2022)."""
    return matriks[hasil_kerja][perilaku]


def potential_level(nilai: Decimal, pengaturan: Pengaturan) -> str:
    """>= ambang tinggi: tinggi; >= ambang menengah: menengah; below: rendah."""
    if nilai >= pengaturan.ambang_tinggi:
        return "tinggi"
    if nilai >= pengaturan.ambang_menengah:
        return "menengah"
    return "rendah"


def potential_value(
    komponen: dict[str, Decimal | None], pengaturan: Pengaturan
) -> tuple[Decimal | None, list[str]]:
    """The potential number and the names of missing components it would need."""
    if pengaturan.metode_potensial == "skor":
        skor = komponen.get("skor")
        return (Decimal(skor), []) if skor is not None else (None, ["skor"])
    used = {k: w for k, w in pengaturan.bobot.items() if w > 0}
    present = {k: v for k in used if (v := komponen.get(k)) is not None}
    missing = [k for k in used if k not in present]
    if missing:
        return None, missing
    total = sum(used.values(), Decimal(0))
    value = sum((Decimal(present[k]) * w for k, w in used.items()), Decimal(0)) / total
    return value.quantize(Decimal("0.01")), []


def format_angka(value: Decimal) -> str:
    """84.00 -> '84', 89.99 -> '89,99' (Indonesian decimal comma)."""
    text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass
class DataPegawai:
    """What the rules need to know about one employee."""

    skp: dict[int, str]  # year -> predikat
    potensial: dict[str, Decimal | None] | None  # components of the latest record, or None
    hukuman: list[tuple[str, dt.date]] = field(default_factory=list)  # (tingkat, tanggal)


@dataclass
class Penempatan:
    kinerja: str | None = None
    potensial: str | None = None
    kotak: int | None = None
    predikat: str = ""
    nilai_potensial: Decimal | None = None
    alasan: list[str] = field(default_factory=list)  # codes from ALASAN; empty when placed
    penjelasan: str = ""

    @property
    def terpetakan(self) -> bool:
        return self.kotak is not None


def _lower(a: str, b: str) -> str:
    return a if KINERJA.index(a) <= KINERJA.index(b) else b


def place(
    data: DataPegawai, *, tahun_skp: int, tanggal_acuan: dt.date, pengaturan: Pengaturan
) -> Penempatan:
    """Place one employee, or say why they cannot be placed. Never guesses a missing axis."""
    hasil = Penempatan()
    reasons: list[str] = []
    parts: list[str] = []

    # Eligibility first: an excluded employee is not placed even with both axes known.
    if pengaturan.kecualikan_hukuman:
        acuan = tanggal_acuan
        if (acuan.month, acuan.day) == (2, 29):
            acuan = acuan.replace(day=28)
        batas = acuan.replace(year=acuan.year - pengaturan.tahun_hukuman)
        for tingkat, tanggal in sorted(data.hukuman, key=lambda h: h[1], reverse=True):
            if tingkat in pengaturan.tingkat_hukuman and batas < tanggal <= tanggal_acuan:
                hasil.alasan.append("hukuman_disiplin")
                reasons.append(
                    ALASAN["hukuman_disiplin"].format(
                        tingkat=tingkat,
                        tanggal=formats.date(tanggal),
                        tahun=pengaturan.tahun_hukuman,
                    )
                )
                break

    # Performance axis.
    predikat = data.skp.get(tahun_skp)
    if predikat is None:
        hasil.alasan.append("tanpa_skp")
        reasons.append(ALASAN["tanpa_skp"].format(tahun=tahun_skp))
    elif predikat not in pengaturan.predikat_ke_kinerja:
        hasil.alasan.append("predikat_tidak_dipetakan")
        reasons.append(ALASAN["predikat_tidak_dipetakan"].format(predikat=predikat))
    else:
        hasil.predikat = predikat
        kinerja: str | None
        kinerja = pengaturan.predikat_ke_kinerja[predikat]
        text = f"SKP {tahun_skp} {PREDIKAT_LABEL[predikat]}"
        if pengaturan.kinerja_dua_tahun:
            sebelumnya = data.skp.get(tahun_skp - 1)
            if sebelumnya is None:
                hasil.alasan.append("tanpa_skp_sebelumnya")
                reasons.append(ALASAN["tanpa_skp_sebelumnya"].format(tahun=tahun_skp - 1))
                kinerja = None
            elif sebelumnya not in pengaturan.predikat_ke_kinerja:
                hasil.alasan.append("predikat_tidak_dipetakan")
                reasons.append(ALASAN["predikat_tidak_dipetakan"].format(predikat=sebelumnya))
                kinerja = None
            else:
                kinerja = _lower(kinerja, pengaturan.predikat_ke_kinerja[sebelumnya])
                text += (
                    f", SKP {tahun_skp - 1} {PREDIKAT_LABEL[sebelumnya]} "
                    "(aturan dua tahun: yang terendah)"
                )
        if kinerja is not None:
            hasil.kinerja = kinerja
            parts.append(f"{text} -> {KINERJA_LABEL[kinerja]}")

    # Potential axis.
    if data.potensial is None:
        hasil.alasan.append("tanpa_potensial")
        reasons.append(ALASAN["tanpa_potensial"])
    else:
        nilai, missing = potential_value(data.potensial, pengaturan)
        if nilai is None:
            hasil.alasan.append("komponen_kosong")
            reasons.append(
                ALASAN["komponen_kosong"].format(
                    komponen=", ".join(COMPONENT_LABEL[k] for k in missing)
                )
            )
        else:
            hasil.nilai_potensial = nilai
            hasil.potensial = potential_level(nilai, pengaturan)
            how = " (komposit berbobot)" if pengaturan.metode_potensial == "bobot" else ""
            parts.append(f"potensial {format_angka(nilai)}{how} -> {hasil.potensial}")

    if hasil.alasan:
        hasil.penjelasan = "Tidak terpetakan: " + "; ".join(reasons)
        return hasil
    # No reason recorded means both axes were found above.
    assert hasil.kinerja is not None and hasil.potensial is not None
    hasil.kotak = pengaturan.box(hasil.kinerja, hasil.potensial)
    hasil.penjelasan = f"Kotak {hasil.kotak}: " + "; ".join(parts)
    return hasil


def years_to_retirement(
    tanggal_lahir: dt.date, pada: dt.date, jenis_jabatan: str | None, pengaturan: Pengaturan
) -> int:
    """Whole years from `pada` until the retirement age for the job type (never negative)."""
    bup = pengaturan.retirement_age(jenis_jabatan)
    day = min(tanggal_lahir.day, 28) if tanggal_lahir.month == 2 else tanggal_lahir.day
    pensiun = tanggal_lahir.replace(year=tanggal_lahir.year + bup, day=day)
    years = pensiun.year - pada.year - ((pensiun.month, pensiun.day) < (pada.month, pada.day))
    return max(years, 0)
